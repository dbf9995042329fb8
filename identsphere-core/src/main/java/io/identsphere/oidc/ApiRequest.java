package io.identsphere.oidc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One call to IdentSphere's own {@code /v1} API, for {@link IdentSphereApi#call(ApiRequest)}: a
 * method, a path under {@code /v1/}, an optional JSON body, and the caller's credentials to
 * forward (its {@code identsphere_*} cookies, a bearer token, or both).
 *
 * <pre>{@code
 * ApiRequest sessions = ApiRequest.get("/v1/users/me/sessions").cookies(cookieHeader);
 * ApiRequest change = ApiRequest.post("/v1/users/me/password", json).cookies(cookieHeader);
 * }</pre>
 *
 * <p>The path is checked when the request is made, so that no request can leave the identity
 * server: it must start with {@code /v1/}, be printable ASCII, and carry no scheme or host, no
 * {@code .} or {@code ..} segment, no {@code //}, no {@code \}, no {@code ;}, no fragment, and no
 * percent-encoded {@code .}, {@code /}, {@code \}, {@code %} or control character; a query
 * ({@code ?page=2}) is allowed. Of the {@code Cookie} header only the {@code identsphere_*} cookies
 * are kept: the app's own cookies never reach the identity server.
 *
 * <p>Immutable and thread-safe; {@link #toString()} shows neither cookies nor token.
 */
public final class ApiRequest {
  private final String method;
  private final String path;
  private final String body;
  private final String cookies;
  private final String bearer;

  private ApiRequest(String method, String path, String body, String cookies, String bearer) {
    this.method = method;
    this.path = path;
    this.body = body;
    this.cookies = cookies;
    this.bearer = bearer;
  }

  private static ApiRequest of(String method, String path, String jsonBody) {
    return new ApiRequest(method, ApiPaths.check(path), jsonBody, null, null);
  }

  /**
   * A {@code GET} of an API path.
   *
   * @param path the path, starting with {@code /v1/}, with an optional query
   * @return the request, without credentials
   * @throws IllegalArgumentException if the path is refused (see the class comment)
   * @throws NullPointerException if {@code path} is null
   */
  public static ApiRequest get(String path) {
    return of("GET", path, null);
  }

  /**
   * A {@code DELETE} of an API path.
   *
   * @param path the path, starting with {@code /v1/}
   * @return the request, without credentials
   * @throws IllegalArgumentException if the path is refused (see the class comment)
   * @throws NullPointerException if {@code path} is null
   */
  public static ApiRequest delete(String path) {
    return of("DELETE", path, null);
  }

  /**
   * A {@code POST} with a JSON body.
   *
   * @param path the path, starting with {@code /v1/}
   * @param jsonBody the body, sent as {@code application/json}; null for none
   * @return the request, without credentials
   * @throws IllegalArgumentException if the path is refused (see the class comment)
   * @throws NullPointerException if {@code path} is null
   */
  public static ApiRequest post(String path, String jsonBody) {
    return of("POST", path, jsonBody);
  }

  /**
   * A {@code PUT} with a JSON body.
   *
   * @param path the path, starting with {@code /v1/}
   * @param jsonBody the body, sent as {@code application/json}; null for none
   * @return the request, without credentials
   * @throws IllegalArgumentException if the path is refused (see the class comment)
   * @throws NullPointerException if {@code path} is null
   */
  public static ApiRequest put(String path, String jsonBody) {
    return of("PUT", path, jsonBody);
  }

  /**
   * A {@code PATCH} with a JSON body.
   *
   * @param path the path, starting with {@code /v1/}
   * @param jsonBody the body, sent as {@code application/json}; null for none
   * @return the request, without credentials
   * @throws IllegalArgumentException if the path is refused (see the class comment)
   * @throws NullPointerException if {@code path} is null
   */
  public static ApiRequest patch(String path, String jsonBody) {
    return of("PATCH", path, jsonBody);
  }

  /**
   * Forwards the caller's IdentSphere cookies: of a browser's {@code Cookie} header, only the
   * {@code identsphere_*} cookies are kept (names compared ignoring case).
   *
   * @param cookieHeader the browser's {@code Cookie} header, or null for none
   * @return a copy of this request with those cookies
   * @throws IllegalArgumentException if the header contains a control character
   */
  public ApiRequest cookies(String cookieHeader) {
    return new ApiRequest(method, path, body, identSphereCookies(cookieHeader), bearer);
  }

  /**
   * Forwards an access token as {@code Authorization: Bearer}.
   *
   * @param accessToken the token, or null for none
   * @return a copy of this request with that token
   * @throws IllegalArgumentException if the token is empty or contains a character outside
   *     printable ASCII
   */
  public ApiRequest bearer(String accessToken) {
    if (accessToken != null) {
      if (accessToken.isEmpty()) throw new IllegalArgumentException("accessToken is empty");
      for (int i = 0; i < accessToken.length(); i++) {
        char c = accessToken.charAt(i);
        if (c <= 0x20 || c >= 0x7f) throw new IllegalArgumentException("accessToken contains a character outside printable ASCII");
      }
    }
    return new ApiRequest(method, path, body, cookies, accessToken);
  }

  /**
   * Returns the HTTP method.
   *
   * @return {@code GET}, {@code POST}, {@code PUT}, {@code PATCH} or {@code DELETE}
   */
  public String method() {
    return method;
  }

  /**
   * Returns the checked path, with its query.
   *
   * @return the path, starting with {@code /v1/}
   */
  public String path() {
    return path;
  }

  /**
   * Returns the JSON body.
   *
   * @return the body, or empty for none
   */
  public Optional<String> jsonBody() {
    return Optional.ofNullable(body);
  }

  /** The forwarded {@code Cookie} header, or null. */
  String cookieHeader() {
    return cookies;
  }

  /** The forwarded bearer token, or null. */
  String bearerToken() {
    return bearer;
  }

  /** The {@code identsphere_*} cookies of a {@code Cookie} header, or null when there are none. */
  static String identSphereCookies(String cookieHeader) {
    if (cookieHeader == null) return null;
    for (int i = 0; i < cookieHeader.length(); i++) {
      char c = cookieHeader.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) throw new IllegalArgumentException("cookie header contains a control character");
    }
    List<String> kept = new ArrayList<>();
    for (String c : cookieHeader.split(";")) {
      String t = c.trim();
      if (t.toLowerCase(Locale.ROOT).startsWith("identsphere_") && t.indexOf('=') > 0) kept.add(t);
    }
    return kept.isEmpty() ? null : String.join("; ", kept);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ApiRequest)) return false;
    ApiRequest r = (ApiRequest) o;
    return method.equals(r.method) && path.equals(r.path) && Objects.equals(body, r.body)
        && Objects.equals(cookies, r.cookies) && Objects.equals(bearer, r.bearer);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, path, body, cookies, bearer);
  }

  @Override
  public String toString() {
    return "ApiRequest{" + method + " " + path + (body != null ? ", json body" : "")
        + (cookies != null ? ", cookies" : "") + (bearer != null ? ", bearer" : "") + "}";
  }
}
