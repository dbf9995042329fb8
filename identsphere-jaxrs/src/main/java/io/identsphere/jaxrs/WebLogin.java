package io.identsphere.jaxrs;

import io.identsphere.IdentSphereException;
import io.identsphere.internal.json.Json;
import io.identsphere.internal.json.JsonWriter;
import io.identsphere.oidc.ApiResponse;
import io.identsphere.oidc.AuthorizationRequest;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.TokenResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-side web login, opt-in: register this resource next to the feature.
 *
 * <pre>{@code
 * WebLogin login = WebLogin.newBuilder(client, URI.create("https://app.example.com/auth/callback")).build();
 * resourceConfig.register(IdentSphereFeature.newBuilder(client).refreshExpiredCookies().build());
 * resourceConfig.register(login);
 * }</pre>
 *
 * <ul>
 *   <li>{@code GET /auth/login} redirects to the identity server with PKCE S256; the state, nonce
 *       and verifier ride in an HMAC-SHA256-protected {@code HttpOnly; Secure; SameSite=Lax} cookie
 *       that expires in 10 minutes.</li>
 *   <li>{@code GET /auth/callback} checks that cookie, exchanges the code, validates the ID token,
 *       sets {@code identsphere_at}, {@code identsphere_rt} and {@code identsphere_idt} cookies
 *       ({@code HttpOnly; Secure; SameSite=Lax}), and redirects to the configured page.</li>
 *   <li>{@code GET /auth/logout} clears them and redirects to the end-session URL.</li>
 *   <li>{@code POST /auth/api-login} relays a JSON body to IdentSphere's {@code /v1/auth/login}
 *       and relays its status, body and {@code Set-Cookie} headers back.</li>
 * </ul>
 *
 * <p>{@code Secure} can be dropped for loopback hosts ({@link Builder#insecureCookiesOnLoopback()}),
 * for local development over HTTP. Thread-safe; one instance serves all requests.
 */
@Path("auth")
public final class WebLogin {
  private static final String LOGIN_COOKIE = "identsphere_login";
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final IdentSphereClient client;
  private final URI callback;
  private final URI afterLogin;
  private final URI afterLogout;
  private final byte[] cookieKey;
  private final Cookies cookies;
  private final Clock clock;

  private WebLogin(Builder b) {
    this.client = b.client;
    this.callback = b.callback;
    this.afterLogin = b.afterLogin;
    this.afterLogout = b.afterLogout;
    this.cookieKey = b.cookieKey;
    this.cookies = new Cookies(b.insecureOnLoopback, "Lax", java.time.Duration.ofHours(8));
    this.clock = b.clock;
  }

  /**
   * @param client the OIDC client
   * @param callback the absolute URL of {@code /auth/callback} as the browser reaches it
   * @return a builder
   */
  public static Builder newBuilder(IdentSphereClient client, URI callback) {
    return new Builder(Objects.requireNonNull(client, "client == null"), Objects.requireNonNull(callback, "callback == null"));
  }

  /**
   * @param request the request
   * @return a redirect to the identity server
   */
  @GET
  @Path("login")
  public Response login(@Context ContainerRequestContext request) {
    AuthorizationRequest auth = client.authorizationRequest(callback, Map.of());
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("s", auth.state());
    state.put("n", auth.nonce());
    state.put("v", auth.codeVerifier());
    state.put("e", clock.instant().plusSeconds(600).getEpochSecond());
    return Response.seeOther(auth.uri())
        .header(HttpHeaders.SET_COOKIE, cookies.cookie(LOGIN_COOKIE, seal(JsonWriter.write(state)), "/", 600, request))
        .build();
  }

  /**
   * @param request the request
   * @return a redirect to the configured page, with the token cookies
   */
  @GET
  @Path("callback")
  public Response callback(@Context ContainerRequestContext request) {
    Cookie c = request.getCookies().get(LOGIN_COOKIE);
    Map<?, ?> state = c == null ? null : unseal(c.getValue());
    if (state == null || !(state.get("e") instanceof Long) || clock.instant().getEpochSecond() > (Long) state.get("e")) {
      return Problems.problem(400, "Bad Request", "the login attempt is missing or expired; start again at /auth/login").build();
    }
    AuthorizationRequest original = new AuthorizationRequest(callback, (String) state.get("s"), (String) state.get("n"),
        (String) state.get("v"), callback);
    TokenResponse tokens;
    try {
      tokens = client.handleCallback(original, request.getUriInfo().getRequestUri());
    } catch (IdentSphereException e) {
      return Problems.problem(400, "Login failed", e.getMessage()).build();
    }
    Response.ResponseBuilder r = Response.seeOther(afterLogin)
        .header(HttpHeaders.SET_COOKIE, cookies.clear(LOGIN_COOKIE, "/", request))
        .header(HttpHeaders.SET_COOKIE, cookies.tokenCookie("identsphere_at", tokens.accessToken(),
            tokens.expiresAt().orElse(null), request));
    tokens.refreshToken().ifPresent(rt -> r.header(HttpHeaders.SET_COOKIE, cookies.tokenCookie("identsphere_rt", rt, null, request)));
    tokens.idToken().ifPresent(id -> r.header(HttpHeaders.SET_COOKIE, cookies.tokenCookie("identsphere_idt", id, null, request)));
    return r.build();
  }

  /**
   * @param request the request
   * @return a redirect to the identity server's end-session URL (or the after-logout page), clearing cookies
   */
  @GET
  @Path("logout")
  public Response logout(@Context ContainerRequestContext request) {
    Cookie idt = request.getCookies().get("identsphere_idt");
    URI target;
    try {
      target = client.endSessionUri(idt == null ? null : idt.getValue(), afterLogout, null);
    } catch (IdentSphereException e) {
      target = afterLogout;
    }
    return Response.seeOther(target)
        .header(HttpHeaders.SET_COOKIE, cookies.clear("identsphere_at", "/", request))
        .header(HttpHeaders.SET_COOKIE, cookies.clear("identsphere_rt", "/", request))
        .header(HttpHeaders.SET_COOKIE, cookies.clear("identsphere_idt", "/", request))
        .build();
  }

  /**
   * @param body the caller's JSON login body
   * @return IdentSphere's answer: status, body and {@code Set-Cookie} headers
   */
  @POST
  @Path("api-login")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response apiLogin(String body) {
    ApiResponse answer;
    try {
      answer = client.apiLogin(body);
    } catch (IdentSphereException e) {
      return Problems.problem(502, "Bad Gateway", "the identity server could not be reached").build();
    }
    Response.ResponseBuilder r = Response.status(answer.status()).entity(answer.body());
    if (!answer.contentType().isEmpty()) r.type(answer.contentType());
    for (String c : answer.setCookies()) r.header(HttpHeaders.SET_COOKIE, c);
    return r.build();
  }

  private String seal(String json) {
    String payload = BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    return payload + "." + tag(payload);
  }

  private Map<?, ?> unseal(String value) {
    int dot = value.indexOf('.');
    if (dot < 0) return null;
    String payload = value.substring(0, dot);
    try {
      // Compare the encoded tag, not the decoded one: the JDK decoder ignores non-zero trailing
      // bits, so comparing text keeps exactly one accepted spelling of each cookie.
      byte[] given = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
      if (!MessageDigest.isEqual(given, tag(payload).getBytes(StandardCharsets.US_ASCII))) return null;
      Object v = Json.parse(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
      return v instanceof Map ? (Map<?, ?>) v : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The payload's HMAC-SHA256 under the cookie key, as unpadded base64url. */
  private String tag(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(cookieKey, "HmacSHA256"));
      return BASE64URL.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Options for {@link WebLogin}. Not thread-safe. */
  public static final class Builder {
    private final IdentSphereClient client;
    private final URI callback;
    private URI afterLogin = URI.create("/");
    private URI afterLogout;
    private byte[] cookieKey;
    private boolean insecureOnLoopback;
    private Clock clock = Clock.systemUTC();

    private Builder(IdentSphereClient client, URI callback) {
      this.client = client;
      this.callback = callback;
    }

    /** @param uri where to send the browser after login (default {@code /}) @return this builder */
    public Builder afterLogin(URI uri) {
      this.afterLogin = Objects.requireNonNull(uri, "uri == null");
      return this;
    }

    /** @param uri the {@code post_logout_redirect_uri} (absolute) @return this builder */
    public Builder afterLogout(URI uri) {
      this.afterLogout = Objects.requireNonNull(uri, "uri == null");
      return this;
    }

    /**
     * @param key the HMAC key protecting the login cookie, at least 32 bytes; default: random per
     *     instance (so several instances behind a load balancer need a shared key)
     * @return this builder
     */
    public Builder cookieKey(byte[] key) {
      if (key.length < 32) throw new IllegalArgumentException("cookie key must be at least 32 bytes");
      this.cookieKey = key.clone();
      return this;
    }

    /** Omits {@code Secure} on cookies for loopback hosts (local HTTP development). @return this builder */
    public Builder insecureCookiesOnLoopback() {
      this.insecureOnLoopback = true;
      return this;
    }

    /** @param clock the time source @return this builder */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** @return the resource */
    public WebLogin build() {
      if (cookieKey == null) {
        cookieKey = new byte[32];
        RANDOM.nextBytes(cookieKey);
      }
      if (afterLogout == null) afterLogout = callback.resolve("/");
      return new WebLogin(this);
    }
  }

  @Override
  public String toString() {
    return "WebLogin{callback=" + callback + "}";
  }

}
