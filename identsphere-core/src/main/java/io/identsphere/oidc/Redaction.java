package io.identsphere.oidc;

import io.identsphere.internal.http.Http;
import io.identsphere.internal.json.Json;
import io.identsphere.internal.json.JsonException;
import io.identsphere.internal.json.JsonLimits;
import io.identsphere.internal.text.Untrusted;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The credentials one request carried (client secret, code, code verifier, refresh or access
 * token), and how to keep them out of an error a server answered: a server that echoes them back
 * in {@code error} or {@code error_description} (or anywhere in a failure's message) gets them
 * replaced by {@link #MARK}. Each credential is looked for as sent, form-encoded and escaped.
 * Redaction happens before any text is cut to its bound, so no prefix of a credential survives a
 * cut either.
 *
 * <p>Immutable and thread-safe.
 */
final class Redaction {
  /** What replaces a credential. */
  static final String MARK = "[redacted]";
  static final Redaction NONE = new Redaction(List.of());

  /** Every spelling to replace, longest first, so that one credential inside another goes too. */
  private final List<String> forms;

  private Redaction(List<String> forms) {
    this.forms = forms;
  }

  /**
   * Makes the redaction of one request's credentials: each as sent, form-encoded and escaped.
   *
   * @param credentials the credentials of a request; nulls and empty strings are skipped
   * @return the redaction for them
   */
  static Redaction of(Collection<String> credentials) {
    Set<String> forms = new LinkedHashSet<>();
    for (String c : credentials) {
      if (c == null || c.isEmpty()) continue;
      forms.add(c);
      forms.add(Http.encode(c));
      forms.add(Untrusted.escape(c, c.length()));
    }
    List<String> sorted = new ArrayList<>(forms);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return new Redaction(List.copyOf(sorted));
  }

  /**
   * Replaces every spelling of every credential in a text, longest first.
   *
   * @param text text that may contain a credential, or null
   * @return the text with every credential replaced by {@link #MARK}; null for null
   */
  String apply(String text) {
    if (text == null || forms.isEmpty()) return text;
    String out = text;
    for (String f : forms) {
      if (out.contains(f)) out = out.replace(f, MARK);
    }
    return out;
  }

  private boolean leaks(String text) {
    if (text == null) return false;
    for (String f : forms) {
      if (text.contains(f)) return true;
    }
    return false;
  }

  /**
   * Rebuilds a failure of a JSON call so that no credential of the request and no raw server text
   * reaches its message or accessors. An {@code OAUTH_ERROR} is rebuilt from the answer's own
   * {@code error} and {@code error_description} (redacted, then escaped and bounded by
   * {@link IdentityServerException}); any other failure has its message redacted. A cause whose
   * messages contain a credential is dropped.
   *
   * @param e the failure {@link Calls#json} threw
   * @param r the answer it judged
   * @param what the call's name
   * @param uri the URL called
   * @param maxBytes the size bound of the call
   * @return the failure to throw
   */
  IdentityServerException apply(IdentityServerException e, Http.Result r, String what, URI uri, int maxBytes) {
    Throwable cause = e.getCause();
    for (Throwable c = cause; c != null && c.getCause() != c; c = c.getCause()) {
      if (leaks(c.getMessage())) {
        cause = null;
        break;
      }
    }
    int status = e.status().orElse(0);
    if (e.kind() == Kind.OAUTH_ERROR) {
      Map<String, Object> body = null;
      try {
        body = Json.parseObject(r.body, new JsonLimits(maxBytes, 32, 64 * 1024));
      } catch (JsonException ignored) {
        // cannot happen: Calls.json parsed the same bytes; fall through to the redacted message
      }
      if (body != null && body.get("error") instanceof String) {
        String error = apply((String) body.get("error"));
        Object d = body.get("error_description");
        String description = d instanceof String ? apply((String) d) : null;
        String message = what + " at " + Http.safe(uri) + " answered HTTP " + status + " with error "
            + Untrusted.quote(error) + (description == null ? "" : ": " + Untrusted.quote(description));
        return new IdentityServerException(Kind.OAUTH_ERROR, message, status, error, description, cause);
      }
    }
    if (!leaks(e.getMessage()) && !leaks(e.error().orElse(null)) && !leaks(e.errorDescription().orElse(null))
        && cause == e.getCause()) {
      return e;
    }
    IdentityServerException clean = new IdentityServerException(e.kind(), apply(e.getMessage()), status,
        apply(e.error().orElse(null)), apply(e.errorDescription().orElse(null)), cause);
    clean.setStackTrace(e.getStackTrace());
    return clean;
  }
}
