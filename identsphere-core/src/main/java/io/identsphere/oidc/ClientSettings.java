package io.identsphere.oidc;

import io.identsphere.ClaimMapping;
import io.identsphere.dpop.DpopKey;
import io.identsphere.internal.http.Http;
import io.identsphere.token.ValidationListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration of an {@link IdentSphereClient}, fixed when the client is built: the
 * {@link Draft} the builder fills in, checked and copied into immutable fields.
 *
 * <p>Immutable and thread-safe (the {@link Draft} is not; {@link #dpop}'s nonce memory is a
 * thread-safe cache).
 */
final class ClientSettings {
  final String authority;
  /** The {@code iss} the server's discovery document and tokens must name; the authority unless set. */
  final String issuer;
  final String clientId;
  final String clientSecret;
  final ClientAuthentication clientAuth;
  final List<String> scopes;
  /** The audiences access tokens must carry; empty when none was configured. */
  final List<String> audiences;
  final boolean audienceIgnored;
  /** The resource indicators (RFC 8707) of authorization and token requests; empty for none. */
  final List<URI> resources;
  /** Whether authorization requests are pushed (RFC 9126) even when discovery does not require it. */
  final boolean pushAuthorizationRequests;
  final URI redirectUri;
  final Duration requestTimeout;
  final HttpClient http;
  final Clock clock;
  final boolean allowInsecure;
  /** Built with {@code validateOnly()}: no client id, so no operation that needs one. */
  final boolean validateOnly;
  final ClaimMapping mapping;
  final Duration discoveryTtl;
  final int maxBytes;
  /** The JWK Set cache options; only read while the client is built. */
  final RemoteJwkSet.Builder keyOptions;
  /** Hears of introspection calls, session checks and the access-token validator's tokens; or null. */
  final ValidationListener listener;
  /**
   * DPoP proofs and the server's nonces for every request that may carry a proof (token endpoint,
   * PAR), shared so that a nonce learnt at one is used at the other; inert without a key.
   */
  final DpopRequests dpop;

  private ClientSettings(Draft d) {
    this.authority = d.authority;
    this.issuer = d.issuer != null ? d.issuer : d.authority;
    this.clientId = d.clientId;
    this.clientSecret = d.clientSecret;
    this.clientAuth = d.clientAuth; // null: chosen per server by ClientAuthenticator
    this.scopes = List.copyOf(d.scopes);
    this.audiences = List.copyOf(d.audiences);
    this.audienceIgnored = d.audienceIgnored;
    this.resources = List.copyOf(d.resources);
    this.pushAuthorizationRequests = d.pushAuthorizationRequests;
    this.redirectUri = d.redirectUri;
    this.requestTimeout = d.requestTimeout;
    this.http = d.http != null ? d.http : Http.newClient(d.connectTimeout);
    this.clock = d.clock;
    this.allowInsecure = d.allowInsecure;
    this.validateOnly = d.validateOnly;
    this.mapping = d.mapping;
    this.discoveryTtl = d.discoveryTtl;
    this.maxBytes = d.maxBytes;
    this.keyOptions = d.keyOptions;
    this.listener = d.listener;
    this.dpop = new DpopRequests(d.dpopKey, d.clock);
  }

  /** Throws when this client has no client id (built with {@code validateOnly()}). */
  void requireClientId(String operation) {
    if (clientId == null) throw needsClientId(operation);
  }

  static IllegalStateException needsClientId(String operation) {
    return new IllegalStateException(operation + " needs a client id, and this client was built with validateOnly():"
        + " build it with clientId(...) (env: IdentSphereClient.fromEnvironment() with IDENTSPHERE_CLIENT_ID)");
  }

  /** The message of the HTTPS rule, naming the switch that allows plain HTTP on purpose. */
  static String httpsRule(String what) {
    return what + " must be HTTPS (HTTP only on loopback). For an identity server beside the app on a private network"
        + " (a sidecar such as http://identsphere:4000), allow plain HTTP on purpose: allowInsecureHttp() on the builder,"
        + " or " + EnvironmentSettings.ALLOW_HTTP + "=true in the environment";
  }

  /** The builder's state, with the defaults. Not thread-safe. */
  static final class Draft {
    final String authority;
    String issuer;
    String clientId;
    String clientSecret;
    ClientAuthentication clientAuth;
    List<String> scopes = List.of("openid", "profile", "email");
    final List<String> audiences = new ArrayList<>();
    boolean audienceIgnored;
    final List<URI> resources = new ArrayList<>();
    boolean pushAuthorizationRequests;
    URI redirectUri;
    Duration connectTimeout = Duration.ofSeconds(3);
    Duration requestTimeout = Duration.ofSeconds(10);
    HttpClient http;
    Clock clock = Clock.systemUTC();
    boolean allowInsecure;
    boolean validateOnly;
    ClaimMapping mapping = ClaimMapping.DEFAULT;
    Duration discoveryTtl = Duration.ofHours(1);
    int maxBytes = 256 * 1024;
    final RemoteJwkSet.Builder keyOptions = RemoteJwkSet.builderForClient();
    ValidationListener listener;
    DpopKey dpopKey;

    Draft(String authority) {
      this.authority = authority;
    }

    /** Checks the options against each other and fixes them. */
    ClientSettings freeze() {
      if (validateOnly && (clientId != null || clientSecret != null || clientAuth != null)) {
        throw new IllegalStateException("validateOnly() and clientId/clientSecret/clientAuthentication contradict each"
            + " other: a validate-only client has no client credentials");
      }
      if (clientId == null && !validateOnly) {
        throw new IllegalStateException("clientId == null: call clientId(...), or validateOnly() for a client that only"
            + " validates tokens and calls the /v1 API");
      }
      if (audienceIgnored && !audiences.isEmpty()) {
        throw new IllegalStateException("audience(...) and ignoreAudience() contradict each other: call one of them");
      }
      checkAuthentication();
      URI a = URI.create(authority);
      if (!Http.acceptable(a, allowInsecure)) {
        throw new IllegalArgumentException(httpsRule("authority " + Http.safe(a)));
      }
      return new ClientSettings(this);
    }

    private void checkAuthentication() {
      boolean needsSecret = clientAuth == ClientAuthentication.CLIENT_SECRET_BASIC
          || clientAuth == ClientAuthentication.CLIENT_SECRET_POST
          || (clientAuth instanceof AssertionAuthentication && ((AssertionAuthentication) clientAuth).usesSecret());
      if (needsSecret && clientSecret == null) throw new IllegalStateException(clientAuth.method() + " needs a clientSecret");
      if (clientAuth instanceof AssertionAuthentication && ((AssertionAuthentication) clientAuth).usesSecret()) {
        int n = clientSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (n < AssertionAuthentication.MIN_SECRET_BYTES) {
          throw new IllegalStateException("client_secret_jwt signs with HS256, which needs a client secret of at least "
              + AssertionAuthentication.MIN_SECRET_BYTES + " bytes (RFC 7518 3.2); this one has " + n
              + ": use a longer secret or another method");
        }
      }
    }
  }
}
