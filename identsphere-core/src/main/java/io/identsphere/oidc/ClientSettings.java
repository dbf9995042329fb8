package io.identsphere.oidc;

import io.identsphere.ClaimMapping;
import io.identsphere.dpop.DpopKey;
import io.identsphere.internal.http.Http;
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
  /** Sent as the non-standard {@code audience} request parameter unless it equals the client id. */
  final String audience;
  final URI redirectUri;
  final Duration requestTimeout;
  final HttpClient http;
  final Clock clock;
  final boolean allowInsecure;
  final ClaimMapping mapping;
  final Duration discoveryTtl;
  final int maxBytes;
  /** The JWK Set cache options; only read while the client is built. */
  final RemoteJwkSet.Builder keyOptions;
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
    this.clientAuth = d.clientAuth != null ? d.clientAuth
        : d.clientSecret == null ? ClientAuthentication.NONE : ClientAuthentication.CLIENT_SECRET_BASIC;
    this.scopes = List.copyOf(d.scopes);
    this.audiences = List.copyOf(d.audiences);
    this.audienceIgnored = d.audienceIgnored;
    // The first configured audience is requested; with none, the client id stands for "send none".
    this.audience = d.audiences.isEmpty() ? d.clientId : d.audiences.get(0);
    this.redirectUri = d.redirectUri;
    this.requestTimeout = d.requestTimeout;
    this.http = d.http != null ? d.http : Http.newClient(d.connectTimeout);
    this.clock = d.clock;
    this.allowInsecure = d.allowInsecure;
    this.mapping = d.mapping;
    this.discoveryTtl = d.discoveryTtl;
    this.maxBytes = d.maxBytes;
    this.keyOptions = d.keyOptions;
    this.dpop = new DpopRequests(d.dpopKey, d.clock);
  }

  /** Whether the non-standard {@code audience} parameter is sent. */
  boolean sendsAudience() {
    return !audience.equals(clientId);
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
    URI redirectUri;
    Duration connectTimeout = Duration.ofSeconds(3);
    Duration requestTimeout = Duration.ofSeconds(10);
    HttpClient http;
    Clock clock = Clock.systemUTC();
    boolean allowInsecure;
    ClaimMapping mapping = ClaimMapping.DEFAULT;
    Duration discoveryTtl = Duration.ofHours(1);
    int maxBytes = 256 * 1024;
    final RemoteJwkSet.Builder keyOptions = RemoteJwkSet.builderForClient();
    DpopKey dpopKey;

    Draft(String authority) {
      this.authority = authority;
    }

    /** Checks the options against each other and fixes them. */
    ClientSettings freeze() {
      if (clientId == null) throw new IllegalStateException("clientId == null: call clientId(...)");
      if (audienceIgnored && !audiences.isEmpty()) {
        throw new IllegalStateException("audience(...) and ignoreAudience() contradict each other: call one of them");
      }
      if (clientAuth != null && clientAuth != ClientAuthentication.NONE && clientSecret == null) {
        throw new IllegalStateException(clientAuth + " needs a clientSecret");
      }
      URI a = URI.create(authority);
      if (!Http.acceptable(a, allowInsecure)) {
        throw new IllegalArgumentException("authority must be HTTPS (or HTTP on loopback): " + authority);
      }
      return new ClientSettings(this);
    }
  }
}
