package io.identsphere.jaxrs;

import io.identsphere.oidc.ApiRequest;
import io.identsphere.oidc.ApiResponse;
import io.identsphere.oidc.IdentSphereClient;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * IdentSphere's Pattern 1 in Jakarta REST: the app is a login proxy in front of IdentSphere's
 * {@code /v1} API. Its resource methods hand the browser's request to this relay, which calls
 * IdentSphere and turns the answer into the app's response: the status (2xx or 4xx; a 5xx or an
 * unreachable server becomes 502), a JSON body, and IdentSphere's own {@code identsphere_*}
 * cookies rewritten for the app's host ({@code HttpOnly} always, {@code SameSite=Lax} unless
 * {@code Strict}, {@code Secure} unless local development, a {@code Domain} only when the app's
 * host matches it; at most 8 cookies of at most 4 KiB; other cookies and attributes dropped).
 * Needs no client id: a {@linkplain IdentSphereClient#validateOnlyFromEnvironment() validate-only}
 * client does.
 *
 * <pre>{@code
 * ApiRelay relay = ApiRelay.newBuilder(client, URI.create("https://app.example.com/")).build();
 *
 * @POST @Path("login")  public Response login(@Context UriInfo u, @Context HttpHeaders h, InputStream body) {
 *   return relay.login(u, h, body);              // POST /v1/auth/login, Set-Cookie relayed
 * }
 * @GET @Path("sessions") public Response sessions(@HeaderParam("Cookie") String cookie, @Context UriInfo u) {
 *   return relay.call(ApiRequest.get("/v1/users/me/sessions").cookies(cookie), u);
 * }
 * }</pre>
 *
 * <p>{@link #login}, {@link #logout} and {@link #refresh} refuse cross-site requests (403), judged by
 * {@code Sec-Fetch-Site} and {@code Origin} against the app's origin, as {@link WebLogin}'s
 * {@code /auth/api-login} does. Immutable and thread-safe; the builder is not.
 */
public final class ApiRelay {
  private final ApiLogin relay;
  private final URI app;

  private ApiRelay(Builder b) {
    Cookies cookies = new Cookies(b.insecureOnLoopback, "Lax", Duration.ofHours(8), Clock.systemUTC());
    this.relay = new ApiLogin(b.client, new CrossSiteGuard(b.app), new CookieRelay(b.app.getHost()), cookies);
    this.app = b.app;
  }

  /**
   * Starts a builder.
   *
   * @param client the IdentSphere client (a validate-only one is enough)
   * @param app the app's base URL as browsers reach it, for example {@code https://app.example.com/}: its
   *     origin judges cross-site requests and its host the relayed cookies' {@code Domain}
   * @return a builder
   * @throws IllegalArgumentException when {@code app} is not an absolute http(s) URL
   */
  public static Builder newBuilder(IdentSphereClient client, URI app) {
    Objects.requireNonNull(client, "client == null");
    Objects.requireNonNull(app, "app == null");
    if (CrossSiteGuard.origin(app) == null) throw new IllegalArgumentException("app must be an absolute http(s) URL: " + app);
    return new Builder(client, app);
  }

  /**
   * Relays a JSON login ({@code {"email":...,"password":...}}) to {@code POST /v1/auth/login}:
   * same-origin requests only, an {@code application/json} object of at most 16 KiB.
   *
   * @param uri the request's URIs
   * @param headers the request's headers
   * @param body the request body
   * @return IdentSphere's answer as the class comment says; 403 cross-site, 415 not JSON, 413 too
   *     large, 400 not a JSON object, 502 when IdentSphere fails
   */
  public Response login(UriInfo uri, HttpHeaders headers, InputStream body) {
    return relay.handle(uri, headers, body);
  }

  /**
   * Ends the caller's session ({@code POST /v1/auth/logout} with its {@code identsphere_*}
   * cookies) and relays the cookies that clear it: same-origin requests only.
   *
   * @param uri the request's URIs
   * @param headers the request's headers (its {@code Cookie} header is forwarded, filtered)
   * @return IdentSphere's answer; 403 cross-site, 502 when IdentSphere fails
   */
  public Response logout(UriInfo uri, HttpHeaders headers) {
    return relay.sessionCall("/v1/auth/logout", "logout", uri, headers);
  }

  /**
   * Renews the caller's cookies ({@code POST /v1/auth/refresh} with its {@code identsphere_*}
   * cookies, the refresh cookie among them) and relays the new ones: same-origin requests only.
   *
   * @param uri the request's URIs
   * @param headers the request's headers (its {@code Cookie} header is forwarded, filtered)
   * @return IdentSphere's answer (401 when the session has ended); 403 cross-site, 502 when IdentSphere fails
   */
  public Response refresh(UriInfo uri, HttpHeaders headers) {
    return relay.sessionCall("/v1/auth/refresh", "refresh", uri, headers);
  }

  /**
   * Makes any {@code /v1} call and relays its answer. The caller's credentials are the request's
   * ({@link ApiRequest#cookies}, {@link ApiRequest#bearer}); for a call that changes state, check
   * the request is same-origin first (a JAX-RS resource that only accepts {@code application/json}
   * does, as browsers cannot send that cross-site without CORS).
   *
   * @param request the call
   * @param uri the request's URIs (for the cookies' {@code Secure} on loopback)
   * @return IdentSphere's answer as the class comment says; 502 when IdentSphere fails
   */
  public Response call(ApiRequest request, UriInfo uri) {
    return relay.call(Objects.requireNonNull(request, "request == null"), uri);
  }

  /**
   * Turns an answer the app obtained itself into the app's response, as the class comment says.
   *
   * @param answer the answer of {@code client.api()}
   * @param uri the request's URIs
   * @return the response to send
   */
  public Response relay(ApiResponse answer, UriInfo uri) {
    return relay.relayAnswer(Objects.requireNonNull(answer, "answer == null"), uri.getRequestUri(), "request");
  }

  @Override
  public String toString() {
    return "ApiRelay{app=" + app + "}";
  }

  /** Options for an {@link ApiRelay}. Not thread-safe. */
  public static final class Builder {
    private final IdentSphereClient client;
    private final URI app;
    private boolean insecureOnLoopback;

    private Builder(IdentSphereClient client, URI app) {
      this.client = client;
      this.app = app;
    }

    /**
     * Omits {@code Secure} on relayed cookies when the request came to a loopback host (local
     * development over plain HTTP).
     *
     * @return this builder
     */
    public Builder insecureCookiesOnLoopback() {
      this.insecureOnLoopback = true;
      return this;
    }

    /**
     * Builds the relay.
     *
     * @return the relay
     */
    public ApiRelay build() {
      return new ApiRelay(this);
    }
  }
}
