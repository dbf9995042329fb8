package io.identsphere.oidc;

import io.identsphere.internal.http.Http;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.Consumer;

/**
 * The client's calls to the identity server's endpoints: form posts with client authentication
 * ({@link ClientAuthenticator}) and bearer GETs, each answer judged by {@link Calls#json} and each failure passed
 * through the {@link Redaction} of the credentials that request carried.
 *
 * <p>Thread-safe.
 */
final class ServerCalls {
  /** Form parameters whose values are credentials. */
  private static final Set<String> CREDENTIALS = Set.of("code", "code_verifier", "refresh_token", "token",
      "client_secret", "password", "assertion", "client_assertion");

  private final HttpClient http;
  private final Duration requestTimeout;
  private final int maxBytes;
  private final ClientAuthenticator auth;
  /** Null for a validate-only client, which cannot authenticate form posts. */
  private final String clientId;
  private final Supplier<CompletableFuture<ProviderMetadata>> metadata;

  /** Calls with the settings' HTTP client and bounds; {@code metadata} feeds the client authentication of form posts. */
  ServerCalls(ClientSettings s, Supplier<CompletableFuture<ProviderMetadata>> metadata) {
    this.http = s.http;
    this.requestTimeout = s.requestTimeout;
    this.maxBytes = s.maxBytes;
    this.auth = new ClientAuthenticator(s);
    this.clientId = s.clientId;
    this.metadata = metadata;
  }

  /**
   * Posts a form with client authentication and reads the JSON answer; a value is a string, or a
   * list of strings for a parameter that repeats.
   */
  CompletableFuture<Map<String, Object>> postForm(URI endpoint, Map<String, ?> params, String what) {
    return postFormRaw(endpoint, params, what, true, Map.of(), r -> { });
  }

  /**
   * Posts an authenticated form with extra request headers (a {@code DPoP} proof, whose values are
   * redacted like credentials); {@code answered} sees each raw answer before it is judged.
   */
  CompletableFuture<Map<String, Object>> postForm(URI endpoint, Map<String, ?> params, String what,
      Map<String, String> headers, Consumer<Http.Result> answered) {
    return postFormRaw(endpoint, params, what, true, headers, answered);
  }

  /** Posts a form with client authentication; a 200 answer needs no body (RFC 7009 §2.2), others are judged. */
  CompletableFuture<Void> postFormExpectingOk(URI endpoint, Map<String, ?> params, String what) {
    return postFormRaw(endpoint, params, what, false, Map.of(), r -> { }).thenApply(body -> null);
  }

  private CompletableFuture<Map<String, Object>> postFormRaw(URI endpoint, Map<String, ?> params, String what,
      boolean json, Map<String, String> headers, Consumer<Http.Result> answered) {
    if (clientId == null) return CompletableFuture.failedFuture(ClientSettings.needsClientId(what));
    return metadata.get().thenCompose(md -> {
      Map<String, Object> p = new LinkedHashMap<>(params);
      HttpRequest.Builder rb = Http.request(endpoint, requestTimeout).header("Content-Type", "application/x-www-form-urlencoded");
      List<String> secrets = new ArrayList<>(headers.values());
      headers.forEach(rb::header);
      auth.apply(md, rb, p, secrets);
      for (Map.Entry<String, Object> e : p.entrySet()) {
        if (CREDENTIALS.contains(e.getKey()) && e.getValue() instanceof String) secrets.add((String) e.getValue());
      }
      Redaction redaction = Redaction.of(secrets);
      HttpRequest req = rb.POST(Http.formBody(Http.form(p))).build();
      return Calls.send(http, req, maxBytes, what).thenApply(r -> {
        answered.accept(r);
        if (!json && r.status == 200) return null;
        return judge(r, what, endpoint, redaction);
      });
    });
  }

  /** GETs a JSON answer, with a bearer token when one is given. */
  CompletableFuture<Map<String, Object>> get(URI endpoint, String bearer, String cookies, String what) {
    HttpRequest.Builder rb = Http.request(endpoint, requestTimeout).GET();
    List<String> secrets = new ArrayList<>();
    if (bearer != null) {
      rb.header("Authorization", "Bearer " + bearer);
      secrets.add(bearer);
    }
    if (cookies != null) {
      rb.header("Cookie", cookies);
      for (String c : cookies.split(";")) {
        int eq = c.indexOf('=');
        if (eq >= 0) secrets.add(c.substring(eq + 1).trim());
      }
    }
    Redaction redaction = Redaction.of(secrets);
    return Calls.send(http, rb.build(), maxBytes, what).thenApply(r -> judge(r, what, endpoint, redaction));
  }

  private Map<String, Object> judge(Http.Result r, String what, URI endpoint, Redaction redaction) {
    try {
      return Calls.json(r, what, endpoint, maxBytes);
    } catch (IdentityServerException e) {
      throw redaction.apply(e, r, what, endpoint, maxBytes);
    }
  }
}
