package io.identsphere.jaxrs;

import io.identsphere.IdentSphereException;
import io.identsphere.internal.json.JsonWriter;
import io.identsphere.internal.text.Untrusted;
import io.identsphere.oidc.AuthorizationRequest;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.IdentityServerException;
import io.identsphere.oidc.TokenResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

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
 *       that expires in 10 minutes. {@code ?return_to=/path} names the page to come back to: a
 *       path of this app only ({@code //host}, {@code /\host}, URLs and control characters are
 *       ignored, and the browser goes to the after-login page); see {@link #loginRedirect(UriInfo)}.</li>
 *   <li>{@code GET /auth/callback} checks that cookie, exchanges the code, validates the ID token,
 *       sets {@code identsphere_at}, {@code identsphere_rt} and {@code identsphere_idt} cookies
 *       ({@code HttpOnly; Secure; SameSite=Lax}), and redirects to the configured page. A failed
 *       sign-in answers a generic problem; what the identity server or the browser said goes to a
 *       DEBUG log line, escaped.</li>
 *   <li>{@code POST /auth/logout} clears them and redirects to the end-session URL. It refuses
 *       (403) a request from another site: see {@link #logoutForm(HttpHeaders)}. {@code GET
 *       /auth/logout} only shows a page with that form.</li>
 *   <li>{@code POST /auth/api-login} relays a JSON body to IdentSphere's {@code /v1/auth/login}
 *       and relays back its status, its JSON body and IdentSphere's own {@code identsphere_*}
 *       cookies, rewritten to be {@code HttpOnly}, {@code SameSite} and {@code Secure}; everything
 *       else is dropped and logged.</li>
 * </ul>
 *
 * <p>The endpoints inject only {@code UriInfo} and {@code HttpHeaders}, which the Jakarta REST
 * specification makes injectable into resource methods, so they behave the same on Jersey,
 * RESTEasy and Apache CXF.
 *
 * <p>{@code Secure} can be dropped for loopback hosts ({@link Builder#insecureCookiesOnLoopback()}),
 * for local development over HTTP. Thread-safe; one instance serves all requests.
 */
@Path("auth")
public final class WebLogin {
  /** The sign-out form's field that carries its token. */
  public static final String CSRF_FIELD = "csrf";
  private static final String LOGIN_COOKIE = "identsphere_login";
  /** The query parameter of {@code /auth/login} naming the page to return to. */
  static final String RETURN_TO = "return_to";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final System.Logger LOG = System.getLogger(WebLogin.class.getName());

  private final IdentSphereClient client;
  private final URI callback;
  private final URI afterLogin;
  private final Sealer sealer;
  private final Cookies cookies;
  private final Clock clock;
  private final ApiLogin apiLogin;
  private final SignOut signOut;
  private final String loginPath;

  private WebLogin(Builder b) {
    this.client = b.client;
    this.callback = b.callback;
    this.afterLogin = b.afterLogin;
    this.sealer = new Sealer(b.cookieKey);
    this.clock = b.clock != null ? b.clock : b.client.clock();
    this.cookies = new Cookies(b.insecureOnLoopback, "Lax", Duration.ofHours(8), clock);
    this.loginPath = b.callback.resolve("login").getRawPath();
    CrossSiteGuard guard = new CrossSiteGuard(b.callback);
    this.apiLogin = new ApiLogin(b.client, guard, new CookieRelay(b.callback.getHost()), cookies);
    this.signOut = new SignOut(b.client, guard, sealer, cookies, b.callback, b.afterLogout);
  }

  /**
   * Starts a builder.
   *
   * @param client the OIDC client
   * @param callback the absolute URL of {@code /auth/callback} as the browser reaches it; its
   *     origin is the app's, for the cross-site checks and the redirects after login and logout
   * @return a builder
   * @throws IllegalArgumentException when {@code callback} is not an absolute http(s) URL, or the
   *     client was built {@code validateOnly()}
   */
  public static Builder newBuilder(IdentSphereClient client, URI callback) {
    Objects.requireNonNull(client, "client == null");
    Objects.requireNonNull(callback, "callback == null");
    if (client.clientId() == null) {
      throw new IllegalArgumentException("WebLogin signs users in with the authorization code flow and needs a client"
          + " with a client id, not a validateOnly() one (IdentSphereClient.fromEnvironment() reads IDENTSPHERE_CLIENT_ID)");
    }
    if (CrossSiteGuard.origin(callback) == null) {
      throw new IllegalArgumentException("callback must be an absolute http(s) URL: " + callback);
    }
    return new Builder(client, callback);
  }

  /**
   * Starts a sign-in: redirects to the identity server.
   *
   * @param uri the request's URIs; the query parameter {@code return_to} may name a path of this
   *     app to come back to after the sign-in
   * @return a redirect to the identity server
   */
  @GET
  @Path("login")
  public Response login(@Context UriInfo uri) {
    AuthorizationRequest auth = client.authorizationRequest(callback, Map.of());
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("s", auth.state());
    state.put("n", auth.nonce());
    state.put("v", auth.codeVerifier());
    state.put("e", clock.instant().plusSeconds(600).getEpochSecond());
    String returnTo = ReturnPath.check(uri.getQueryParameters().getFirst(RETURN_TO));
    if (returnTo != null) state.put("r", returnTo);
    return ApiLogin.noStore(Response.seeOther(auth.uri()))
        .header(HttpHeaders.SET_COOKIE, cookies.cookie(LOGIN_COOKIE, sealer.seal(JsonWriter.write(state)), "/", 600,
            uri.getRequestUri()))
        .build();
  }

  /**
   * Sends a browser to the sign-in and, once signed in, back to the page it asked for: a page
   * that needs a user answers an anonymous browser with this.
   *
   * <pre>{@code
   * @GET @Path("profile") @PermitAll
   * public Response profile(@Context SecurityContext sc, @Context UriInfo uri) {
   *   if (IdentSphereSecurity.user(sc).isEmpty()) return webLogin.loginRedirect(uri);
   *   ...
   * }
   * }</pre>
   *
   * @param uri the URIs of the request for the page
   * @return a 303 redirect to {@code /auth/login?return_to=<the page's path and query>}
   */
  public Response loginRedirect(UriInfo uri) {
    return ApiLogin.noStore(Response.seeOther(ReturnPath.loginUri(loginPath, RETURN_TO, uri.getRequestUri()))).build();
  }

  /**
   * Completes a sign-in: checks the login cookie, exchanges the code and sets the token cookies.
   *
   * @param uri the request's URIs
   * @param headers the request's headers
   * @return a redirect to the page the sign-in started from or the configured page, with the
   *     token cookies; or a generic problem
   */
  @GET
  @Path("callback")
  public Response callback(@Context UriInfo uri, @Context HttpHeaders headers) {
    URI request = uri.getRequestUri();
    Cookie c = headers.getCookies().get(LOGIN_COOKIE);
    Map<?, ?> state = c == null ? null : sealer.unseal(c.getValue());
    if (state == null || !(state.get("e") instanceof Long) || clock.instant().getEpochSecond() > (Long) state.get("e")) {
      return Problems.problem(400, "Bad Request", "the login attempt is missing or expired; start again at /auth/login").build();
    }
    AuthorizationRequest original = new AuthorizationRequest(callback, (String) state.get("s"), (String) state.get("n"),
        (String) state.get("v"), callback);
    TokenResponse tokens;
    try {
      tokens = client.handleCallback(original, request);
    } catch (IdentSphereException e) {
      return signInFailed(e, request);
    }
    if (!Cookies.isCookieOctets(tokens.accessToken()) || !tokens.refreshToken().map(Cookies::isCookieOctets).orElse(true)
        || !tokens.idToken().map(Cookies::isCookieOctets).orElse(true)) {
      LOG.log(Level.DEBUG, "sign-in failed at the callback: a token holds characters a cookie cannot carry");
      return ApiLogin.noStore(Problems.problem(502, "Bad Gateway", "the identity server's answer could not be used"))
          .header(HttpHeaders.SET_COOKIE, cookies.clear(LOGIN_COOKIE, "/", request)).build();
    }
    Object back = state.get("r");
    URI target = back instanceof String && ReturnPath.check((String) back) != null ? callback.resolve((String) back) : afterLogin;
    Response.ResponseBuilder r = ApiLogin.noStore(Response.seeOther(target))
        .header(HttpHeaders.SET_COOKIE, cookies.clear(LOGIN_COOKIE, "/", request))
        .header(HttpHeaders.SET_COOKIE, cookies.tokenCookie("identsphere_at", tokens.accessToken(),
            tokens.expiresAt().orElse(null), request));
    tokens.refreshToken().ifPresent(rt -> r.header(HttpHeaders.SET_COOKIE, cookies.tokenCookie("identsphere_rt", rt, null, request)));
    tokens.idToken().ifPresent(id -> r.header(HttpHeaders.SET_COOKIE, cookies.tokenCookie("identsphere_idt", id, null, request)));
    return r.build();
  }

  /** A generic answer: what the server or browser sent (error, error_description, iss) only reaches a DEBUG line. */
  private Response signInFailed(IdentSphereException e, URI request) {
    if (LOG.isLoggable(Level.DEBUG)) LOG.log(Level.DEBUG, "sign-in failed at the callback: " + Untrusted.escape(e.getMessage()));
    boolean unreachable = e instanceof IdentityServerException && (((IdentityServerException) e).kind()
        == IdentityServerException.Kind.UNREACHABLE || ((IdentityServerException) e).kind() == IdentityServerException.Kind.TIMEOUT);
    Response.ResponseBuilder r = unreachable
        ? Problems.problem(502, "Bad Gateway", "the identity server could not be reached; try again later")
        : Problems.problem(400, "Sign-in failed", "the sign-in did not complete; start again at /auth/login");
    return ApiLogin.noStore(r).header(HttpHeaders.SET_COOKIE, cookies.clear(LOGIN_COOKIE, "/", request)).build();
  }

  /**
   * Shows a page with the sign-out form; it changes nothing, so a link or a cross-site {@code GET}
   * cannot sign anyone out.
   *
   * @param headers the request's headers
   * @return an HTML page that cannot be framed
   */
  @GET
  @Path("logout")
  public Response logoutPage(@Context HttpHeaders headers) {
    return signOut.page(headers);
  }

  /**
   * Signs out: clears the token cookies and redirects to the identity server's end-session URL (or
   * the after-logout page). Refused with 403 when a browser says the request comes from another
   * site ({@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}, or an
   * {@code Origin} other than the app's), and, when the request carries neither header, unless its
   * form field {@value #CSRF_FIELD} holds {@link #logoutToken(HttpHeaders)}.
   *
   * @param uri the request's URIs
   * @param headers the request's headers
   * @param body the form body, read only when neither header is present (at most 4 KiB)
   * @return a 303 redirect clearing the cookies, or a 403 problem
   */
  @POST
  @Path("logout")
  public Response logout(@Context UriInfo uri, @Context HttpHeaders headers, InputStream body) {
    return signOut.handle(uri, headers, body);
  }

  /**
   * Returns the token a sign-out form must carry in its {@value #CSRF_FIELD} field: an HMAC, under
   * this instance's cookie key, of the browser's session cookie ({@code identsphere_idt}, else
   * {@code identsphere_rt}, else {@code identsphere_at}). Browsers that send {@code Origin} or
   * {@code Sec-Fetch-Site} (all current ones) do not need it; it defends older ones.
   *
   * @param headers the headers of the request that renders the page
   * @return the token, unpadded base64url
   */
  public String logoutToken(HttpHeaders headers) {
    return signOut.token(headers.getCookies());
  }

  /**
   * Renders a sign-out form that POSTs to {@code /auth/logout} with its token, for a page to
   * include:
   *
   * <pre>{@code
   * public String home(@Context HttpHeaders headers) {       // a @GET resource method
   *   return "<html><body>..." + webLogin.logoutForm(headers) + "</body></html>";
   * }
   * }</pre>
   *
   * @param headers the headers of the request that renders the page
   * @return {@code <form class="identsphere-logout" method="post" ...>} with a hidden
   *     {@value #CSRF_FIELD} field and a "Sign out" button
   */
  public String logoutForm(HttpHeaders headers) {
    return signOut.form(headers.getCookies());
  }

  /**
   * Signs in through IdentSphere's API ({@code /v1/auth/login}) and relays the session cookies.
   * Refuses with 403 a request a browser marks as cross-site, with 415 a body that is not
   * {@code application/json}, with 413 one over 16 KiB, with 400 one that is not a JSON object.
   *
   * @param uri the request's URIs
   * @param headers the request's headers
   * @param body the caller's JSON login body
   * @return IdentSphere's answer: its status (2xx or 4xx, else 502), its JSON body, and its
   *     {@code identsphere_*} cookies rewritten as the class comment says
   */
  @POST
  @Path("api-login")
  public Response apiLogin(@Context UriInfo uri, @Context HttpHeaders headers, InputStream body) {
    return apiLogin.handle(uri, headers, body);
  }

  /** Options for {@link WebLogin}. Not thread-safe. */
  public static final class Builder {
    private final IdentSphereClient client;
    private final URI callback;
    private URI afterLogin = URI.create("/");
    private URI afterLogout;
    private byte[] cookieKey;
    private boolean insecureOnLoopback;
    private Clock clock;

    private Builder(IdentSphereClient client, URI callback) {
      this.client = client;
      this.callback = callback;
    }

    /**
     * Sets where to send the browser after login.
     *
     * @param uri a path ({@code /profile}) or an absolute URL of the app's own origin; default {@code /}
     * @return this builder
     * @throws IllegalArgumentException when {@code uri} points to another origin (an open redirect)
     */
    public Builder afterLogin(URI uri) {
      this.afterLogin = sameOrigin(Objects.requireNonNull(uri, "uri == null"), "afterLogin");
      return this;
    }

    /**
     * Sets the {@code post_logout_redirect_uri}, also where to go when there is no end-session URL.
     *
     * @param uri a path or an absolute URL of the app's own origin; default: the app's {@code /}
     * @return this builder
     * @throws IllegalArgumentException when {@code uri} points to another origin
     */
    public Builder afterLogout(URI uri) {
      this.afterLogout = callback.resolve(sameOrigin(Objects.requireNonNull(uri, "uri == null"), "afterLogout"));
      return this;
    }

    private URI sameOrigin(URI uri, String what) {
      boolean ok = uri.isAbsolute() ? Objects.equals(CrossSiteGuard.origin(uri), CrossSiteGuard.origin(callback))
          : uri.getRawAuthority() == null && uri.getRawPath() != null && uri.getRawPath().startsWith("/");
      if (!ok) {
        throw new IllegalArgumentException(what + " must be a path or a URL of " + CrossSiteGuard.origin(callback) + ": " + uri);
      }
      return uri;
    }

    /**
     * Sets the HMAC key protecting the login cookie and the sign-out form's token.
     *
     * @param key at least 32 bytes; default: random per instance (so several instances behind a
     *     load balancer need a shared key)
     * @return this builder
     * @throws IllegalArgumentException when the key is shorter than 32 bytes
     */
    public Builder cookieKey(byte[] key) {
      if (key.length < 32) throw new IllegalArgumentException("cookie key must be at least 32 bytes");
      this.cookieKey = key.clone();
      return this;
    }

    /**
     * Omits {@code Secure} on cookies for loopback hosts (local HTTP development).
     *
     * @return this builder
     */
    public Builder insecureCookiesOnLoopback() {
      this.insecureOnLoopback = true;
      return this;
    }

    /**
     * Sets the time source of the login cookie's expiry and of the token cookies' lifetimes.
     *
     * @param clock the time source; default: the client's ({@link IdentSphereClient#clock()}), so
     *     that cookies and token checks agree
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Builds the resource.
     *
     * @return the resource
     */
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
