package io.identsphere.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Options for a {@link FakeIdentSphere}; DPoP needs none (it is on whenever a token request
 * carries a proof), {@link #requireDpopNonce()} adds server nonces. Not thread-safe.
 */
public final class FakeIdentSphereBuilder {
  int port;
  TestClock clock = TestClock.atSystemTime();
  final List<String> issuerPaths = new ArrayList<>(List.of(""));
  final Map<String, TestUser> userMap = new LinkedHashMap<>();
  final List<TestUser> users = new ArrayList<>();
  final List<TestClient> clients = new ArrayList<>();
  Duration accessTokenTtl = Duration.ofMinutes(5);
  Duration refreshTokenTtl = Duration.ofHours(8);
  String apiAudience = "api";
  String autoLogin = "alice";
  boolean opaqueAccessTokens;
  boolean requireDpopNonce;
  DiscoveryForm discoveryForm = DiscoveryForm.OIDC;
  final List<String> resources = new ArrayList<>();
  boolean requirePar;
  Duration pushedRequestTtl = Duration.ofSeconds(60);
  List<String> authMethods = List.of("client_secret_basic", "client_secret_post", "client_secret_jwt",
      "private_key_jwt", "none");
  boolean discovery = true;

  FakeIdentSphereBuilder() {
    users.add(TestUser.builder("alice").email("alice@example.test").name("Alice", "Admin").tenant("acme")
        .roles("admin", "member").customRoles("billing-approver").build());
    users.add(TestUser.builder("bob").email("bob@example.test").name("Bob", "Member").tenant("acme")
        .roles("member").build());
    clients.add(TestClient.confidential("demo-web", FakeIdentSphere.DEMO_SECRET));
    clients.add(TestClient.publicClient("demo-spa"));
  }

  /**
   * Sets the loopback port to listen on.
   *
   * @param port the port (default 0: any free port)
   * @return this builder
   */
  public FakeIdentSphereBuilder port(int port) {
    this.port = port;
    return this;
  }

  /**
   * Sets the clock the server and its minters share.
   *
   * @param clock the clock to share (default: a {@link TestClock} at the current second)
   * @return this builder
   */
  public FakeIdentSphereBuilder clock(TestClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    return this;
  }

  /**
   * Sets the issuer paths the server answers for, replacing the default; the first is the
   * default issuer.
   *
   * @param paths issuer paths, each "" or starting with '/', trailing slash kept exactly
   *     (default: just "")
   * @return this builder
   * @throws IllegalArgumentException if a path is neither empty nor starts with '/'
   */
  public FakeIdentSphereBuilder issuerPaths(String... paths) {
    issuerPaths.clear();
    for (String p : paths) {
      if (!p.isEmpty() && !p.startsWith("/")) throw new IllegalArgumentException("issuer path must start with /: " + p);
      issuerPaths.add(p);
    }
    return this;
  }

  /**
   * Adds a user, replacing a default or earlier user with the same subject.
   *
   * @param user an extra user
   * @return this builder
   */
  public FakeIdentSphereBuilder user(TestUser user) {
    users.removeIf(u -> u.subject().equals(user.subject()));
    users.add(user);
    return this;
  }

  /**
   * Registers a client, replacing a default or earlier client with the same id.
   *
   * @param client an extra client
   * @return this builder
   */
  public FakeIdentSphereBuilder client(TestClient client) {
    clients.removeIf(c -> c.clientId().equals(client.clientId()));
    clients.add(client);
    return this;
  }

  /**
   * Sets the lifetime of the access and ID tokens the server issues.
   *
   * @param ttl access and ID token lifetime (default 5 min)
   * @return this builder
   */
  public FakeIdentSphereBuilder accessTokenTtl(Duration ttl) {
    this.accessTokenTtl = ttl;
    return this;
  }

  /**
   * Sets the access-token lifetime in seconds, as IdentSphere's {@code IDENTSPHERE_ACCESS_EXPIRY_SECS}
   * does; the product's default is 900 s ({@code accessExpirySecs(900)}), the fake's 300 s.
   *
   * @param seconds access and ID token lifetime, at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code seconds} is less than 1
   */
  public FakeIdentSphereBuilder accessExpirySecs(long seconds) {
    if (seconds < 1) throw new IllegalArgumentException("seconds must be at least 1: " + seconds);
    return accessTokenTtl(Duration.ofSeconds(seconds));
  }

  /**
   * Serves no OpenID Connect discovery document: {@code /.well-known/openid-configuration}
   * answers 404, as an IdentSphere without OIDC does; the keys stay at
   * {@code /.well-known/jwks.json} (and {@code /jwks}), and the {@code /v1} API works.
   *
   * @return this builder
   */
  public FakeIdentSphereBuilder withoutDiscovery() {
    this.discovery = false;
    return this;
  }

  /**
   * Sets the audience of the API-login cookies and of minted tokens.
   *
   * @param audience the {@code aud} of API-login cookies and minted tokens (default {@code api})
   * @return this builder
   */
  public FakeIdentSphereBuilder apiAudience(String audience) {
    this.apiAudience = audience;
    return this;
  }

  /**
   * Chooses the user {@code /authorize} signs in without showing the login form; the server
   * can change it later with {@link FakeIdentSphere#autoLogin(String)}.
   *
   * @param subject the user {@code /authorize} signs in at once, or null for the login form
   *     (default alice)
   * @return this builder
   */
  public FakeIdentSphereBuilder autoLogin(String subject) {
    this.autoLogin = subject;
    return this;
  }

  /**
   * Makes the token endpoint hand out opaque access tokens (random strings that only this
   * server resolves, by introspection) instead of JWTs; ID tokens stay JWTs.
   *
   * @return this builder
   */
  public FakeIdentSphereBuilder opaqueAccessTokens() {
    this.opaqueAccessTokens = true;
    return this;
  }

  /**
   * Registers resources (RFC 8707) that clients may ask access tokens for; the token's
   * {@code aud} is then the requested resources. A request for any other resource is answered
   * with {@code invalid_target}.
   *
   * @param uris absolute URIs, e.g. {@code https://api.example.test/orders} (default: none)
   * @return this builder
   */
  public FakeIdentSphereBuilder resources(String... uris) {
    for (String u : uris) resources.add(Objects.requireNonNull(u, "resource == null"));
    return this;
  }

  /**
   * Makes the token endpoint demand server nonces in DPoP proofs (RFC 9449 §8): a token request
   * whose proof has no nonce, or a stale one, is answered 400 {@code use_dpop_nonce} with the
   * current nonce in a {@code DPoP-Nonce} header (nonces rotate every 5 minutes of the server's
   * clock; the previous one stays valid). Requests without a proof are not affected.
   *
   * @return this builder
   */
  public FakeIdentSphereBuilder requireDpopNonce() {
    this.requireDpopNonce = true;
    return this;
  }

  /**
   * Chooses the one well-known URL the discovery document is served at; the others answer 404.
   *
   * @param form where the document is (default {@link DiscoveryForm#OIDC})
   * @return this builder
   */
  public FakeIdentSphereBuilder discoveryForm(DiscoveryForm form) {
    this.discoveryForm = Objects.requireNonNull(form, "form == null");
    return this;
  }

  /**
   * Makes {@code /authorize} accept only pushed requests (RFC 9126 §5), and says so in discovery
   * ({@code require_pushed_authorization_requests}).
   *
   * @return this builder
   */
  public FakeIdentSphereBuilder requirePushedAuthorizationRequests() {
    this.requirePar = true;
    return this;
  }

  /**
   * Sets how long a pushed request's {@code request_uri} stays valid.
   *
   * @param ttl the {@code expires_in} of PAR answers, at least 1 s (default 60 s)
   * @return this builder
   * @throws IllegalArgumentException if it is shorter than a second
   */
  public FakeIdentSphereBuilder pushedRequestTtl(Duration ttl) {
    if (ttl.getSeconds() < 1) throw new IllegalArgumentException("ttl must be at least 1 s: " + ttl);
    this.pushedRequestTtl = ttl;
    return this;
  }

  /**
   * Sets the {@code token_endpoint_auth_methods_supported} that discovery advertises; the
   * server still authenticates every client by its registered method.
   *
   * @param methods the advertised methods (default {@code client_secret_basic},
   *     {@code client_secret_post}, {@code client_secret_jwt}, {@code private_key_jwt}, {@code none})
   * @return this builder
   */
  public FakeIdentSphereBuilder advertisedAuthMethods(String... methods) {
    this.authMethods = List.of(methods);
    return this;
  }

  /**
   * Builds the server; call {@link FakeIdentSphere#start()} to listen.
   *
   * @return the server, not yet started
   */
  public FakeIdentSphere build() {
    return new FakeIdentSphere(this);
  }
}
