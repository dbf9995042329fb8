package io.identsphere.oidc;

import io.identsphere.ClaimMapping;
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
 * <p>Immutable and thread-safe (the {@link Draft} is not).
 */
final class ClientSettings {
  final String authority;
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
  /** Built with {@code validateOnly()}: no client id, so no operation that needs one. */
  final boolean validateOnly;
  final ClaimMapping mapping;
  final Duration discoveryTtl;
  final int maxBytes;
  /** The JWK Set cache options; only read while the client is built. */
  final RemoteJwkSet.Builder keyOptions;

  private ClientSettings(Draft d) {
    this.authority = d.authority;
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
    this.validateOnly = d.validateOnly;
    this.mapping = d.mapping;
    this.discoveryTtl = d.discoveryTtl;
    this.maxBytes = d.maxBytes;
    this.keyOptions = d.keyOptions;
  }

  /** Whether the non-standard {@code audience} parameter is sent. */
  boolean sendsAudience() {
    return audience != null && !audience.equals(clientId);
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
    boolean validateOnly;
    ClaimMapping mapping = ClaimMapping.DEFAULT;
    Duration discoveryTtl = Duration.ofHours(1);
    int maxBytes = 256 * 1024;
    final RemoteJwkSet.Builder keyOptions = RemoteJwkSet.builderForClient();

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
      if (clientAuth != null && clientAuth != ClientAuthentication.NONE && clientSecret == null) {
        throw new IllegalStateException(clientAuth + " needs a clientSecret");
      }
      URI a = URI.create(authority);
      if (!Http.acceptable(a, allowInsecure)) {
        throw new IllegalArgumentException(httpsRule("authority " + Http.safe(a)));
      }
      return new ClientSettings(this);
    }
  }
}
