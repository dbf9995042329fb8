package io.identsphere.oidc;

import io.identsphere.internal.http.Http;
import io.identsphere.internal.text.Untrusted;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Puts the client's credentials on a request to an endpoint that authenticates it (OIDC Core §9):
 * the configured {@link ClientAuthentication}, or, when none was chosen, the one the server's
 * {@code token_endpoint_auth_methods_supported} suggests.
 *
 * <p>The rule without a choice: no secret → {@code none}. With a secret, the first of
 * {@code client_secret_basic}, {@code client_secret_post} and {@code client_secret_jwt} (only for a
 * secret of at least 32 bytes) that the server lists; a server that lists none of them is refused
 * with {@link IllegalStateException}, and a server that omits the member is taken to support
 * {@code client_secret_basic} (its default, RFC 8414 §2). A chosen method must be listed when the
 * server lists methods, else {@link IllegalStateException} names it and the listed ones; {@code none}
 * is exempt, as servers often serve public clients without listing it.
 *
 * <p>Thread-safe.
 */
final class ClientAuthenticator {
  private final ClientSettings s;

  ClientAuthenticator(ClientSettings s) {
    this.s = s;
  }

  /** The method to use with this server; see the class comment. */
  ClientAuthentication choose(ProviderMetadata md) {
    List<String> listed = md.tokenEndpointAuthMethodsSupported();
    if (s.clientAuth != null) {
      // "none" is not checked: servers such as Keycloak serve public clients without listing it.
      if (!listed.isEmpty() && s.clientAuth != ClientAuthentication.NONE && !listed.contains(s.clientAuth.method())) {
        throw new IllegalStateException("client authentication " + s.clientAuth.method()
            + " is not in the server's token_endpoint_auth_methods_supported " + names(listed)
            + "; choose one of them with clientAuthentication(...)");
      }
      return s.clientAuth;
    }
    if (s.clientSecret == null) return ClientAuthentication.NONE;
    if (listed.isEmpty() || listed.contains("client_secret_basic")) return ClientAuthentication.CLIENT_SECRET_BASIC;
    if (listed.contains("client_secret_post")) return ClientAuthentication.CLIENT_SECRET_POST;
    if (listed.contains("client_secret_jwt") && secretBytes() >= AssertionAuthentication.MIN_SECRET_BYTES) {
      return ClientAuthentication.clientSecretJwt();
    }
    throw new IllegalStateException("the server's token_endpoint_auth_methods_supported " + names(listed)
        + " has no method for a client secret" + (listed.contains("client_secret_jwt") ? " of fewer than 32 bytes" : "")
        + "; choose one with clientAuthentication(...)");
  }

  /**
   * Adds the credentials: a header on {@code rb} or form parameters in {@code params}; every value
   * that must not appear in an error message goes into {@code secrets}.
   */
  void apply(ProviderMetadata md, HttpRequest.Builder rb, Map<String, Object> params, List<String> secrets) {
    ClientAuthentication auth = choose(md);
    if (s.clientSecret != null) secrets.add(s.clientSecret);
    if (auth == ClientAuthentication.CLIENT_SECRET_BASIC) {
      String basic = Base64.getEncoder().encodeToString(
          (Http.encode(s.clientId) + ":" + Http.encode(s.clientSecret)).getBytes(StandardCharsets.UTF_8));
      secrets.add(basic);
      rb.header("Authorization", "Basic " + basic);
    } else if (auth == ClientAuthentication.CLIENT_SECRET_POST) {
      params.put("client_id", s.clientId);
      params.put("client_secret", s.clientSecret);
    } else if (auth instanceof AssertionAuthentication) {
      AssertionAuthentication a = (AssertionAuthentication) auth;
      String audience = a.tokenEndpointAudience() ? md.tokenEndpoint().toString() : s.authority;
      String assertion = a.assertion(s.clientId, s.clientSecret, audience, s.clock.instant());
      secrets.add(assertion);
      params.put("client_id", s.clientId);
      params.put("client_assertion_type", AssertionAuthentication.ASSERTION_TYPE);
      params.put("client_assertion", assertion);
    } else {
      params.put("client_id", s.clientId);
    }
  }

  private int secretBytes() {
    return s.clientSecret.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String names(List<String> listed) {
    return listed.stream().map(Untrusted::quote).collect(Collectors.joining(", ", "[", "]"));
  }
}
