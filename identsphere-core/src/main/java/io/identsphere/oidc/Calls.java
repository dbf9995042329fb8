package io.identsphere.oidc;

import io.identsphere.internal.http.Http;
import io.identsphere.internal.json.Json;
import io.identsphere.internal.json.JsonException;
import io.identsphere.internal.json.JsonLimits;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One JSON call to the identity server: send, classify failures, check status and type, parse. */
final class Calls {
  private Calls() {}

  /** Checks a builder duration: non-null and greater than zero. */
  static java.time.Duration positive(java.time.Duration d, String name) {
    java.util.Objects.requireNonNull(d, name + " == null");
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive");
    return d;
  }

  static CompletableFuture<Http.Result> send(HttpClient client, HttpRequest request, int maxBytes, String what) {
    return Http.send(client, request, maxBytes).handle((r, t) -> {
      if (t != null) throw translate(t, what);
      return r;
    });
  }

  static RuntimeException translate(Throwable t, String what) {
    Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    if (c instanceof Http.TransportException) {
      Http.TransportException te = (Http.TransportException) c;
      Kind kind = te.failure == Http.Failure.TIMEOUT ? Kind.TIMEOUT
          : te.failure == Http.Failure.TOO_LARGE ? Kind.RESPONSE_TOO_LARGE : Kind.UNREACHABLE;
      return new IdentityServerException(kind, what + ": " + te.getMessage(), 0, null, null, te.getCause());
    }
    if (c instanceof RuntimeException) return (RuntimeException) c;
    return new IdentityServerException(Kind.UNREACHABLE, what + ": " + c, 0, null, null, c);
  }

  /** Checks a JSON answer: 2xx, no redirect, JSON media type, a JSON object; OAuth errors typed. */
  static Map<String, Object> json(Http.Result r, String what, URI uri, int maxBytes) {
    if (r.status >= 300 && r.status < 400) {
      throw new IdentityServerException(Kind.REDIRECT_REFUSED, what + " at " + Http.safe(uri) + " answered HTTP "
          + r.status + " (a redirect); redirects are not followed", r.status, null, null, null);
    }
    Map<String, Object> body = null;
    if (r.mediaType().equals("application/json") || r.mediaType().endsWith("+json")) {
      try {
        body = Json.parseObject(r.body, new JsonLimits(maxBytes, 32, 64 * 1024));
      } catch (JsonException e) {
        if (r.status < 300) {
          throw new IdentityServerException(Kind.MALFORMED_RESPONSE, what + " at " + Http.safe(uri)
              + " answered malformed JSON: " + e.getMessage(), r.status, null, null, e);
        }
      }
    }
    if (r.status >= 400 || r.status < 200) {
      Object err = body == null ? null : body.get("error");
      Object desc = body == null ? null : body.get("error_description");
      if (err instanceof String) {
        throw new IdentityServerException(Kind.OAUTH_ERROR, what + " at " + Http.safe(uri) + " answered HTTP " + r.status
            + " " + err + (desc instanceof String ? ": " + desc : ""), r.status, (String) err,
            desc instanceof String ? (String) desc : null, null);
      }
      throw new IdentityServerException(Kind.HTTP_STATUS, what + " at " + Http.safe(uri) + " answered HTTP " + r.status,
          r.status, null, null, null);
    }
    if (body == null) {
      throw new IdentityServerException(Kind.MALFORMED_RESPONSE, what + " at " + Http.safe(uri)
          + " answered content type \"" + r.mediaType() + "\", expected application/json", r.status, null, null, null);
    }
    return body;
  }
}
