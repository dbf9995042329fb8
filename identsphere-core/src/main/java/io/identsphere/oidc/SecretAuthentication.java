package io.identsphere.oidc;

import java.time.Duration;

/** The methods that send the client secret, or nothing: {@code client_secret_basic}, {@code client_secret_post}, {@code none}. */
final class SecretAuthentication implements ClientAuthentication {
  static final SecretAuthentication BASIC = new SecretAuthentication("client_secret_basic");
  static final SecretAuthentication POST = new SecretAuthentication("client_secret_post");
  static final SecretAuthentication NONE = new SecretAuthentication("none");

  private final String method;

  private SecretAuthentication(String method) {
    this.method = method;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public ClientAuthentication withTokenEndpointAudience() {
    throw new IllegalStateException(method + " sends no assertion, so it has no audience");
  }

  @Override
  public ClientAuthentication withAssertionLifetime(Duration lifetime) {
    throw new IllegalStateException(method + " sends no assertion, so it has no lifetime");
  }

  @Override
  public String toString() {
    return method;
  }
}
