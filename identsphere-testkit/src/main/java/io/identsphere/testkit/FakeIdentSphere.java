package io.identsphere.testkit;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import io.identsphere.jose.JwsAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A fake IdentSphere / OpenID Connect server on loopback, for tests. Strict where a real server is:
 * PKCE S256 is required, codes are single-use and bound to client and redirect URI, refresh tokens
 * rotate and a reused one revokes its grant, clients authenticate as registered (secrets, or JWT
 * assertions with {@code jti} replay refused), pushed authorization requests (RFC 9126) are served
 * at {@code /par} and can be required, and {@code resource} parameters (RFC 8707) set the access
 * token's {@code aud}.
 *
 * <pre>{@code
 * try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().build().start()) {
 *   IdentSphereClient client = IdentSphereClient.newBuilder(idp.issuer())
 *       .clientId("demo-web").clientSecret(FakeIdentSphere.DEMO_SECRET).build();
 *   String token = idp.minter().accessToken("alice").sign();
 * }
 * }</pre>
 *
 * <p>Default data: users {@code alice} (roles admin, member; tenant acme; custom role
 * billing-approver) and {@code bob} (member; tenant acme), both with password {@code password};
 * clients {@code demo-web} (confidential, secret {@link #DEMO_SECRET}) and {@code demo-spa}
 * (public). Access tokens have audience {@code api} and live 5 minutes (IdentSphere's own default,
 * {@code IDENTSPHERE_ACCESS_EXPIRY_SECS=900}, is {@link FakeIdentSphereBuilder#accessExpirySecs(long) one call} away).
 *
 * <p>IdentSphere's own API, as the product serves it: {@code /.well-known/jwks.json} (beside the
 * discovery document's {@code /jwks}); {@code POST /v1/auth/login} sets the {@code identsphere_at}
 * and {@code identsphere_rt} cookies ({@code HttpOnly; SameSite=Lax}) and opens a session;
 * {@code POST /v1/auth/refresh} rotates both cookies; {@code GET /v1/users/me} and
 * {@code GET /v1/users/me/sessions} check the session table on every call; {@code POST /v1/auth/logout}
 * and {@link #revokeSessions(String)} end sessions. {@link FakeIdentSphereBuilder#withoutDiscovery()} serves no
 * discovery document (404), as a plain IdentSphere without OIDC does.
 *
 * <p>DPoP (RFC 9449): a token request with a valid {@code DPoP} proof (checked with the server's
 * clock, {@code htm} POST, {@code htu} the token endpoint) gets an access token bound to the proof
 * key ({@code cnf.jkt}) with {@code token_type: DPoP}, and a refresh token that only a proof from the
 * same key can refresh; a bad proof, or a missing or foreign one on refresh of a bound refresh token,
 * is 400 {@code invalid_dpop_proof}. {@link FakeIdentSphereBuilder#requireDpopNonce()} makes the endpoint demand
 * server nonces ({@code use_dpop_nonce}). Requests without a proof get bearer tokens as before.
 *
 * <p>Thread-safe. {@link #start()} returns once the server accepts connections; {@link #close()}
 * stops it. <b>For testing only</b>: it signs what it is asked to and keeps secrets in memory.
 *
 * <p>Loading this class sets {@code sun.net.httpserver.nodelay=true} unless it is already set, so
 * that the JDK server answers without Nagle delay (~40 ms per answer otherwise, up to JDK 22).
 */
public final class FakeIdentSphere implements AutoCloseable {
  /** The default confidential client's secret. */
  public static final String DEMO_SECRET = "demo-web-secret-for-tests-only-0123456789";

  static {
    NoDelay.ensure(); // before this JVM's first JDK server reads its configuration
  }

  final TestClock clock;
  final KeyRing keys = new KeyRing();
  final Grants grants = new Grants();
  final Map<String, TestUser> users = new ConcurrentHashMap<>();
  final Map<String, TestClient> clients = new ConcurrentHashMap<>();
  final byte[] hmacSecret = "fake-identsphere-hmac-secret-for-tests-only-0123456789".getBytes();
  final Duration accessTokenTtl;
  final Duration refreshTokenTtl;
  final Duration codeTtl = Duration.ofSeconds(60);
  final String apiAudience;
  final boolean opaqueAccessTokens;
  final boolean requireDpopNonce;
  final DiscoveryForm discoveryForm;
  /** The resources (RFC 8707) clients may ask tokens for. */
  final Set<String> resources;
  final boolean requirePushedAuthorizationRequests;
  final Duration pushedRequestTtl;
  /** The {@code token_endpoint_auth_methods_supported} discovery advertises. */
  final List<String> authMethods;
  /** False when built {@code withoutDiscovery()}: the discovery URL answers 404. */
  final boolean discovery;
  private final int requestedPort;
  private final List<String> issuerPaths;
  private final Faults faults = new Faults();
  private final Journal journal = new Journal();
  private volatile String autoLogin;
  private HttpServer server;
  private ExecutorService executor;
  private volatile String origin;

  FakeIdentSphere(FakeIdentSphereBuilder b) {
    this.clock = b.clock;
    this.requestedPort = b.port;
    this.issuerPaths = List.copyOf(b.issuerPaths);
    this.accessTokenTtl = b.accessTokenTtl;
    this.refreshTokenTtl = b.refreshTokenTtl;
    this.apiAudience = b.apiAudience;
    this.opaqueAccessTokens = b.opaqueAccessTokens;
    this.requireDpopNonce = b.requireDpopNonce;
    this.discoveryForm = b.discoveryForm;
    this.resources = Set.copyOf(b.resources);
    this.requirePushedAuthorizationRequests = b.requirePar;
    this.pushedRequestTtl = b.pushedRequestTtl;
    this.authMethods = List.copyOf(b.authMethods);
    this.discovery = b.discovery;
    this.autoLogin = b.autoLogin;
    for (TestUser u : b.users) users.put(u.subject(), u);
    for (TestClient c : b.clients) clients.put(c.clientId(), c);
  }

  /**
   * Starts a builder for a fake server with the default users and clients (see the class comment).
   *
   * @return a builder with the default users and clients
   */
  public static FakeIdentSphereBuilder newBuilder() {
    return new FakeIdentSphereBuilder();
  }

  /**
   * Starts listening; returns when connections are accepted.
   *
   * @return this server
   * @throws UncheckedIOException if the port cannot be bound
   */
  public synchronized FakeIdentSphere start() {
    if (server != null) throw new IllegalStateException("already started");
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the fake IdentSphere to port " + requestedPort, e);
    }
    executor = Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, "fake-identsphere");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    origin = "http://127.0.0.1:" + server.getAddress().getPort();
    Handlers handlers = new Handlers(this);
    HttpContext context = server.createContext("/", handlers::handle);
    if (NoDelay.closeEachConnection()) context.getFilters().add(NoDelay.filter());
    server.start();
    return this;
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      try {
        executor.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server = null;
    }
  }

  // ---- URLs -----------------------------------------------------------------------------------

  /**
   * Returns the loopback port the started server listens on.
   *
   * @return the port the server listens on
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Returns the default issuer: the first configured issuer path on this server's origin.
   *
   * @return the default (first) issuer, e.g. {@code http://127.0.0.1:41234}
   * @throws IllegalStateException if the server is not started
   */
  public String issuer() {
    return issuer(issuerPaths.get(0));
  }

  /**
   * Returns the issuer of one configured issuer path on this server's origin.
   *
   * @param path one of the configured issuer paths, e.g. {@code /tenants/acme}
   * @return that issuer's exact string
   * @throws IllegalArgumentException if {@code path} is not a configured issuer path
   * @throws IllegalStateException if the server is not started
   */
  public String issuer(String path) {
    if (!issuerPaths.contains(path)) throw new IllegalArgumentException("no issuer path " + path + "; have " + issuerPaths);
    if (origin == null) throw new IllegalStateException("not started");
    return origin + path;
  }

  /**
   * Returns every issuer this server answers for, one per configured issuer path, in order.
   *
   * @return every issuer this server answers for
   * @throws IllegalStateException if the server is not started
   */
  public List<String> issuers() {
    return issuerPaths.stream().map(this::issuer).collect(Collectors.toList());
  }

  private URI endpoint(String issuer, String suffix) {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    return URI.create(base + suffix);
  }

  /**
   * Returns the default issuer's OpenID Connect discovery URL.
   *
   * @return the default issuer's discovery URL
   * @throws IllegalStateException if the server is not started
   */
  public URI discoveryUri() {
    return endpoint(issuer(), "/.well-known/openid-configuration");
  }

  /**
   * Returns the default issuer's JWK Set URL.
   *
   * @return the default issuer's JWK Set URL
   * @throws IllegalStateException if the server is not started
   */
  public URI jwksUri() {
    return endpoint(issuer(), "/jwks");
  }

  /**
   * Returns the default issuer's JWK Set at IdentSphere's own path, served in every mode.
   *
   * @return the default issuer's {@code /.well-known/jwks.json}
   * @throws IllegalStateException if the server is not started
   */
  public URI wellKnownJwksUri() {
    return endpoint(issuer(), "/.well-known/jwks.json");
  }

  /**
   * Returns the default issuer's authorization endpoint, where a browser signs in.
   *
   * @return the default issuer's authorization endpoint
   * @throws IllegalStateException if the server is not started
   */
  public URI authorizeUri() {
    return endpoint(issuer(), "/authorize");
  }

  /**
   * Returns the default issuer's token endpoint.
   *
   * @return the default issuer's token endpoint
   * @throws IllegalStateException if the server is not started
   */
  public URI tokenUri() {
    return endpoint(issuer(), "/token");
  }

  /**
   * Returns the default issuer's pushed authorization request endpoint (RFC 9126).
   *
   * @return the default issuer's PAR endpoint, {@code /par}
   * @throws IllegalStateException if the server is not started
   */
  public URI pushedAuthorizationRequestUri() {
    return endpoint(issuer(), "/par");
  }

  /**
   * Returns the default issuer's userinfo endpoint.
   *
   * @return the default issuer's userinfo endpoint
   * @throws IllegalStateException if the server is not started
   */
  public URI userinfoUri() {
    return endpoint(issuer(), "/userinfo");
  }

  /**
   * Returns the URL of the default issuer's IdentSphere login API.
   *
   * @return the default issuer's IdentSphere login API, {@code /v1/auth/login}
   * @throws IllegalStateException if the server is not started
   */
  public URI apiLoginUri() {
    return endpoint(issuer(), "/v1/auth/login");
  }

  /**
   * Returns the URL of the default issuer's IdentSphere profile API.
   *
   * @return the default issuer's IdentSphere profile API, {@code /v1/users/me}
   * @throws IllegalStateException if the server is not started
   */
  public URI apiMeUri() {
    return endpoint(issuer(), "/v1/users/me");
  }

  // ---- data -----------------------------------------------------------------------------------

  /**
   * Returns the test clock that the server and its minters read; advance it to move time for both.
   *
   * @return the clock shared by server and minters
   */
  public TestClock clock() {
    return clock;
  }

  /**
   * Returns a token minter for the default issuer, signing with this server's keys.
   *
   * @return a minter for the default issuer, audience {@code api}
   * @throws IllegalStateException if the server is not started
   */
  public TokenMinter minter() {
    return minter(issuer());
  }

  /**
   * Returns a token minter for one of this server's issuers, signing with this server's keys.
   *
   * @param issuer one of {@link #issuers()}
   * @return a minter for that issuer
   */
  public TokenMinter minter(String issuer) {
    return new TokenMinter(keys, issuer, clock, apiAudience, hmacSecret, users::get);
  }

  /**
   * Returns a copy of the HMAC secret this server's minters sign HS* tokens with, for configuring
   * a validator in a test.
   *
   * @return the HMAC secret HS* tokens from {@link #minter()} are signed with (configure it
   *     locally)
   */
  public byte[] hmacSecret() {
    return hmacSecret.clone();
  }

  /**
   * Returns an opaque access token standing for a JWT, as a server that issues opaque tokens
   * hands out: a random string that only this server resolves (at introspection, userinfo and
   * revocation), so a client can check it only by introspection. The JWT decides what the server
   * says about it (subject, audience, expiry, issuer); it is not checked here.
   *
   * @param jwt a token, usually from {@link #minter()}
   * @return a new opaque handle for it (forgotten at {@link #reset()})
   */
  public String opaqueTokenFor(String jwt) {
    return grants.opaque(Objects.requireNonNull(jwt, "jwt == null"));
  }

  /**
   * Adds a user, or replaces the user with the same subject.
   *
   * @param user a user to add or replace
   */
  public void addUser(TestUser user) {
    users.put(user.subject(), user);
  }

  /**
   * Registers a client, or replaces the client with the same id.
   *
   * @param client a client to add or replace
   */
  public void addClient(TestClient client) {
    clients.put(client.clientId(), client);
  }

  /**
   * Returns a snapshot of the users this server knows.
   *
   * @return the users
   */
  public Collection<TestUser> users() {
    return List.copyOf(users.values());
  }

  /**
   * Returns a snapshot of the clients registered with this server.
   *
   * @return the clients
   */
  public Collection<TestClient> clients() {
    return List.copyOf(clients.values());
  }

  /**
   * Makes {@code /authorize} sign this user in at once and redirect (headless tests); null shows
   * the HTML login form instead.
   *
   * @param subject a user's {@code sub}, or null
   * @throws IllegalArgumentException if no user has that subject
   */
  public void autoLogin(String subject) {
    if (subject != null && !users.containsKey(subject)) throw new IllegalArgumentException("no user " + subject);
    this.autoLogin = subject;
  }

  String autoLoginSubject() {
    return autoLogin;
  }

  /**
   * Ends every session and refresh grant of a user, as an admin "sign out everywhere" would.
   *
   * @param subject the user's {@code sub}
   */
  public void revokeSessions(String subject) {
    grants.revokeSubject(subject);
  }

  /**
   * Counts a user's open sessions in the session table: logins (API or browser) not yet ended by
   * logout, refresh-token reuse or {@link #revokeSessions(String)}.
   *
   * @param subject the user's {@code sub}
   * @return the number of open sessions
   */
  public int openSessions(String subject) {
    return grants.sessionsOf(Objects.requireNonNull(subject, "subject == null")).size();
  }

  // ---- keys -----------------------------------------------------------------------------------

  /**
   * Returns the key id of the RS256 key that signs new tokens.
   *
   * @return the {@code kid} of the current RS256 signing key
   */
  public String currentKeyId() {
    return keys.current(JwsAlgorithm.RS256).kid;
  }

  /**
   * Rotates the RS256 signing key.
   *
   * @param keepOldPublished true for a rotation with overlap (old key still in the JWK Set); false
   *     to replace it (tokens signed by the old key stop validating once clients refresh)
   * @param kid the new key's {@code kid}, or null for a generated one
   * @return the new {@code kid}
   */
  public String rotateKeys(boolean keepOldPublished, String kid) {
    return keys.add(JwsAlgorithm.RS256, kid, keepOldPublished).kid;
  }

  /**
   * Sets the {@code Cache-Control} header of the JWK Set response, to test how clients cache keys.
   *
   * @param value the JWK Set response's {@code Cache-Control} (default {@code public, max-age=300})
   */
  public void jwksCacheControl(String value) {
    keys.cacheControl(Objects.requireNonNull(value, "value == null"));
  }

  // ---- faults and journal ---------------------------------------------------------------------

  /**
   * Makes an endpoint misbehave.
   *
   * @param endpoint which endpoint
   * @param fault what it does
   * @param times how many requests it applies to; a negative number means always
   */
  public void fault(Endpoint endpoint, Fault fault, int times) {
    faults.set(endpoint, fault, times);
  }

  /**
   * Makes an endpoint misbehave for the next request only, as
   * {@link #fault(Endpoint, Fault, int)} with 1 does.
   *
   * @param endpoint which endpoint
   * @param fault what it does to the next request only
   */
  public void faultOnce(Endpoint endpoint, Fault fault) {
    fault(endpoint, fault, 1);
  }

  /** Removes every fault. */
  public void clearFaults() {
    faults.clear();
  }

  Fault takeFault(Endpoint endpoint) {
    return faults.take(endpoint);
  }

  void record(RecordedRequest r) {
    journal.record(r);
  }

  /**
   * Returns every request recorded since the last {@link #reset()}, taken or not.
   *
   * @return every request so far, oldest first
   */
  public List<RecordedRequest> requests() {
    return journal.all();
  }

  /**
   * Returns the recorded requests to one endpoint, taken or not.
   *
   * @param endpoint an endpoint
   * @return the requests it received since the last {@link #reset()}, oldest first
   */
  public List<RecordedRequest> requests(Endpoint endpoint) {
    return journal.to(endpoint);
  }

  /**
   * Counts the recorded requests to one endpoint.
   *
   * @param endpoint an endpoint
   * @return how many requests it received since the last {@link #reset()}
   */
  public int count(Endpoint endpoint) {
    return requests(endpoint).size();
  }

  /**
   * Takes the oldest request not taken yet, waiting up to {@code timeout}.
   *
   * @param timeout the longest wait
   * @return the request, or empty when none arrived in time
   */
  public Optional<RecordedRequest> takeRequest(Duration timeout) {
    return journal.take(timeout);
  }

  /**
   * Forgets requests, faults, codes, grants and revocations; keys, users, clients, the auto-login
   * choice and the clock stay. The JUnit extension calls it before
   * each test.
   */
  public void reset() {
    journal.clear();
    clearFaults();
    grants.clear();
  }

  @Override
  public String toString() {
    return "FakeIdentSphere{" + (origin == null ? "not started" : issuers()) + "}";
  }
}
