package io.identsphere.oidc;

import io.identsphere.IdentSphereUser;
import io.identsphere.internal.http.Http;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * IdentSphere's own {@code /v1} API at the client's authority: the login relay and the profile of
 * the signed-in user. Reached through {@link IdentSphereClient#api()}; it shares the client's HTTP
 * client, timeouts, size bound and claim mapping.
 *
 * <p>Every call has a blocking form and a {@link CompletableFuture} form; the blocking form throws
 * what the future fails with.
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
    HttpRequest req = Http.request(uri("/v1/auth/login"), settings.requestTimeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8)).build();
    return Calls.send(settings.http, req, settings.maxBytes, "IdentSphere login").thenApply(r -> new ApiResponse(r.status,
        r.headers.firstValue("Content-Type").orElse(""), r.text(), r.headers.allValues("Set-Cookie")));
  }

  /**
   * Reads the signed-in user from IdentSphere's {@code GET /v1/users/me}, forwarding the caller's
   * {@code identsphere_*} cookies (others are dropped) or a bearer token.
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
    return calls.get(uri("/v1/users/me"), bearerToken, identSphereCookies(cookieHeader), "IdentSphere profile")
        .thenApply(body -> Answers.userinfo(body, settings.issuer, null, settings.mapping, "IdentSphere profile answer"));
  }

  /** The {@code identsphere_*} cookies of a {@code Cookie} header, or null when there are none. */
  static String identSphereCookies(String cookieHeader) {
    if (cookieHeader == null) return null;
    List<String> kept = new ArrayList<>();
    for (String c : cookieHeader.split(";")) {
      if (c.trim().toLowerCase(Locale.ROOT).startsWith("identsphere_")) kept.add(c.trim());
    }
    return kept.isEmpty() ? null : String.join("; ", kept);
  }

  /** The URL of an API path (starting with {@code /v1/}) under the authority. */
  URI uri(String path) {
    String a = settings.authority;
    String base = a.endsWith("/") ? a.substring(0, a.length() - 1) : a;
    return URI.create(base + path);
  }

  @Override
  public String toString() {
    return "IdentSphereApi{authority=" + settings.authority + "}";
  }
}
