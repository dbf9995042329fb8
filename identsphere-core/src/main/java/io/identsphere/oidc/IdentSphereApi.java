package io.identsphere.oidc;

import io.identsphere.IdentSphereUser;
import io.identsphere.internal.http.Http;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * IdentSphere's own {@code /v1} API at the client's authority: the login relay, the profile of
 * the signed-in user, logout, refresh, and {@linkplain #call(ApiRequest) any other endpoint}
 * (change password, list sessions, ...) with the caller's {@code identsphere_*} cookies or bearer
 * token forwarded. Reached through {@link IdentSphereClient#api()}; it shares the client's HTTP
 * client, timeouts, size bound and claim mapping, and needs no client id.
 *
 * <pre>{@code
 * ApiResponse r = client.api().call(ApiRequest.get("/v1/users/me/sessions").cookies(cookieHeader));
 * // r.status(), r.body(), r.setCookies(): relay them to the browser
 * }</pre>
 *
 * <p>Every call has a blocking form and a {@link CompletableFuture} form; the blocking form throws
 * what the future fails with. Answers of any status are returned ({@link ApiResponse}); the
 * transport failures throw {@link IdentityServerException} ({@code UNREACHABLE},
 * {@code TIMEOUT} at the client's request timeout, {@code RESPONSE_TOO_LARGE} beyond its
 * {@code maxResponseBytes}). Redirects are not followed: a 3xx is returned as it is.
 *
 * <p>Immutable and thread-safe.
 */
public final class IdentSphereApi {
  private final ClientSettings settings;
  private final ServerCalls calls;

  IdentSphereApi(ClientSettings settings, ServerCalls calls) {
    this.settings = settings;
    this.calls = calls;
  }

  /**
   * Calls any endpoint of IdentSphere's {@code /v1} API with the request's method, path, JSON
   * body and forwarded credentials.
   *
   * @param request the call; its path was checked when it was made (see {@link ApiRequest})
   * @return status, content type, body and {@code Set-Cookie} headers, whatever the status
   * @throws IdentityServerException if the server cannot be reached, answers too slowly or too much
   */
  public ApiResponse call(ApiRequest request) {
    return Http.join(callAsync(request));
  }

  /**
   * Calls any endpoint of IdentSphere's {@code /v1} API as {@link #call} does, asynchronously.
   *
   * @param request the call
   * @return the answer, asynchronously (any status); fails with {@link IdentityServerException}
   *     for a transport failure
   */
  public CompletableFuture<ApiResponse> callAsync(ApiRequest request) {
    java.util.Objects.requireNonNull(request, "request == null");
    return send(request, "IdentSphere API " + request.method() + " " + request.path().split("\\?", 2)[0]);
  }

  /** Sends a call; {@code what} names it in failure messages. */
  private CompletableFuture<ApiResponse> send(ApiRequest request, String what) {
    URI uri = ApiPaths.resolve(settings.authority, request.path());
    HttpRequest.Builder rb = Http.request(uri, settings.requestTimeout);
    String body = request.jsonBody().orElse(null);
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
    if (body != null) rb.header("Content-Type", "application/json");
    rb.header("Accept", "application/json");
    if (request.cookieHeader() != null) rb.header("Cookie", request.cookieHeader());
    if (request.bearerToken() != null) rb.header("Authorization", "Bearer " + request.bearerToken());
    rb.method(request.method(), publisher);
    return Calls.send(settings.http, rb.build(), settings.maxBytes, what).thenApply(r -> new ApiResponse(r.status,
        r.headers.firstValue("Content-Type").orElse(""), r.text(), r.headers.allValues("Set-Cookie")));
  }

  /**
   * Relays a login to IdentSphere's API: {@code POST {authority}/v1/auth/login} with the caller's
   * JSON body; the answer carries every {@code Set-Cookie} for the app to pass to the browser.
   *
   * @param jsonBody the body, for example {@code {"email":"...","password":"..."}}
   * @return status, body and cookies (a 401 is returned, not thrown)
   * @throws IdentityServerException if the server cannot be reached, answers too slowly or too much
   */
  public ApiResponse login(String jsonBody) {
    return Http.join(loginAsync(jsonBody));
  }

  /**
   * Relays a login to IdentSphere's API as {@link #login} does, asynchronously.
   *
   * @param jsonBody the body, for example {@code {"email":"...","password":"..."}}
   * @return status, body and cookies, asynchronously (a 401 is returned, not a failure)
   */
  public CompletableFuture<ApiResponse> loginAsync(String jsonBody) {
    java.util.Objects.requireNonNull(jsonBody, "jsonBody == null");
    return send(ApiRequest.post("/v1/auth/login", jsonBody), "IdentSphere login");
  }

  /**
   * Ends the caller's IdentSphere session: {@code POST {authority}/v1/auth/logout} with its
   * {@code identsphere_*} cookies (others are dropped) or bearer token. The answer's
   * {@code Set-Cookie} headers clear the browser's cookies: relay them.
   *
   * @param cookieHeader the browser's {@code Cookie} header, or null
   * @param bearerToken an access token, or null
   * @return status, body and cookies (any status is returned)
   * @throws IdentityServerException if the server cannot be reached, answers too slowly or too much
   */
  public ApiResponse logout(String cookieHeader, String bearerToken) {
    return Http.join(logoutAsync(cookieHeader, bearerToken));
  }

  /**
   * Ends the caller's IdentSphere session as {@link #logout} does, asynchronously.
   *
   * @param cookieHeader the browser's {@code Cookie} header, or null
   * @param bearerToken an access token, or null
   * @return status, body and cookies, asynchronously
   */
  public CompletableFuture<ApiResponse> logoutAsync(String cookieHeader, String bearerToken) {
    return callAsync(ApiRequest.post("/v1/auth/logout", null).cookies(cookieHeader).bearer(bearerToken));
  }

  /**
   * Renews the caller's access cookie: {@code POST {authority}/v1/auth/refresh} with its
   * {@code identsphere_*} cookies (the refresh cookie {@code identsphere_rt} among them). The
   * answer's {@code Set-Cookie} headers carry the new cookies: relay them.
   *
   * @param cookieHeader the browser's {@code Cookie} header
   * @return status, body and cookies (a 401 when the session has ended)
   * @throws IdentityServerException if the server cannot be reached, answers too slowly or too much
   */
  public ApiResponse refresh(String cookieHeader) {
    return Http.join(refreshAsync(cookieHeader));
  }

  /**
   * Renews the caller's access cookie as {@link #refresh} does, asynchronously.
   *
   * @param cookieHeader the browser's {@code Cookie} header
   * @return status, body and cookies, asynchronously
   */
  public CompletableFuture<ApiResponse> refreshAsync(String cookieHeader) {
    return callAsync(ApiRequest.post("/v1/auth/refresh", null).cookies(cookieHeader));
  }

  /**
   * Reads the signed-in user from IdentSphere's {@code GET /v1/users/me}, forwarding the caller's
   * {@code identsphere_*} cookies (others are dropped) or a bearer token: Pattern 1's session
   * check, which asks the session table on every call.
   *
   * @param cookieHeader the browser's {@code Cookie} header, or null
   * @param bearerToken an access token, or null
   * @return the user; the answer is checked as a userinfo answer (see
   *     {@link IdentSphereAsyncClient#userInfo})
   * @throws IdentityServerException with status 401 when the session is not valid
   */
  public IdentSphereUser me(String cookieHeader, String bearerToken) {
    return Http.join(meAsync(cookieHeader, bearerToken));
  }

  /**
   * Reads the signed-in user from IdentSphere's {@code GET /v1/users/me} as {@link #me} does,
   * asynchronously.
   *
   * @param cookieHeader the browser's {@code Cookie} header, or null
   * @param bearerToken an access token, or null
   * @return the user, asynchronously; fails with {@link IdentityServerException} (status 401 when
   *     the session is not valid)
   */
  public CompletableFuture<IdentSphereUser> meAsync(String cookieHeader, String bearerToken) {
    return calls.get(ApiPaths.resolve(settings.authority, "/v1/users/me"), bearerToken,
            ApiRequest.identSphereCookies(cookieHeader), "IdentSphere profile")
        .thenApply(body -> Answers.userinfo(body, settings.issuer, null, settings.mapping, "IdentSphere profile answer"));
  }

  /** Whether {@code /v1/users/me} accepts the token: false for 401 and 403, other failures thrown. */
  boolean sessionActive(String token) {
    try {
      me(null, token);
      return true;
    } catch (IdentityServerException e) {
      int status = e.status().orElse(0);
      if (status == 401 || status == 403) return false;
      throw e;
    }
  }

  @Override
  public String toString() {
    return "IdentSphereApi{authority=" + settings.authority + "}";
  }
}
