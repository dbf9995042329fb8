package io.identsphere.oidc;

import io.identsphere.internal.http.Http;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The client's calls to the identity server's endpoints: form posts with client authentication
 * (OIDC Core §9) and bearer GETs, each answer judged by {@link Calls#json} and each failure passed
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
  private final String clientId;
  private final String clientSecret;
  private final ClientAuthentication auth;

  ServerCalls(HttpClient http, Duration requestTimeout, int maxBytes, String clientId, String clientSecret,
      ClientAuthentication auth) {
    this.http = http;
    this.requestTimeout = requestTimeout;
    this.maxBytes = maxBytes;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.auth = auth;
  }

  int maxBytes() {
    return maxBytes;
  }

  /** Posts an authenticated form and reads the JSON answer. */
  CompletableFuture<Map<String, Object>> postForm(URI endpoint, Map<String, String> params, String what) {
    return postFormRaw(endpoint, params, what, true, Map.of(), r -> { });
  }

  /**
   * Posts an authenticated form with extra request headers (a {@code DPoP} proof, whose values are
   * redacted like credentials); {@code answered} sees each raw answer before it is judged.
   */
  CompletableFuture<Map<String, Object>> postForm(URI endpoint, Map<String, String> params, String what,
      Map<String, String> headers, Consumer<Http.Result> answered) {
    return postFormRaw(endpoint, params, what, true, headers, answered);
  }

  /** Posts an authenticated form; a 200 answer needs no body (RFC 7009 §2.2), others are judged. */
  CompletableFuture<Void> postFormExpectingOk(URI endpoint, Map<String, String> params, String what) {
    return postFormRaw(endpoint, params, what, false, Map.of(), r -> { }).thenApply(body -> null);
  }

  private CompletableFuture<Map<String, Object>> postFormRaw(URI endpoint, Map<String, String> params, String what,
      boolean json, Map<String, String> headers, Consumer<Http.Result> answered) {
    Map<String, String> p = new LinkedHashMap<>(params);
    HttpRequest.Builder rb = Http.request(endpoint, requestTimeout).header("Content-Type", "application/x-www-form-urlencoded");
    List<String> secrets = new ArrayList<>(headers.values());
    headers.forEach(rb::header);
    if (clientSecret != null) secrets.add(clientSecret);
    switch (auth) {
      case CLIENT_SECRET_BASIC:
        String basic = Base64.getEncoder().encodeToString(
            (Http.encode(clientId) + ":" + Http.encode(clientSecret)).getBytes(StandardCharsets.UTF_8));
        secrets.add(basic);
        rb.header("Authorization", "Basic " + basic);
        break;
      case CLIENT_SECRET_POST:
        p.put("client_id", clientId);
        p.put("client_secret", clientSecret);
        break;
      default:
        p.put("client_id", clientId);
    }
    for (Map.Entry<String, String> e : p.entrySet()) {
      if (CREDENTIALS.contains(e.getKey())) secrets.add(e.getValue());
    }
    Redaction redaction = Redaction.of(secrets);
    HttpRequest req = rb.POST(Http.formBody(Http.form(p))).build();
    return Calls.send(http, req, maxBytes, what).thenApply(r -> {
      answered.accept(r);
      if (!json && r.status == 200) return null;
      return judge(r, what, endpoint, redaction);
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

  /** Judges an answer to a request that carried no credential. */
  Map<String, Object> judge(Http.Result r, String what, URI endpoint) {
    return judge(r, what, endpoint, Redaction.NONE);
  }

  private Map<String, Object> judge(Http.Result r, String what, URI endpoint, Redaction redaction) {
    try {
      return Calls.json(r, what, endpoint, maxBytes);
    } catch (IdentityServerException e) {
      throw redaction.apply(e, r, what, endpoint, maxBytes);
    }
  }
}
