package io.identsphere.testkit;

/**
 * Where a {@link FakeIdentSphere} serves its discovery document, for an issuer with path
 * {@code /p} (empty for an issuer without a path). Only the chosen URL answers; the others 404.
 */
public enum DiscoveryForm {
  /** OpenID Connect Discovery §4: {@code /p/.well-known/openid-configuration} (the default). */
  OIDC,
  /** RFC 8414 §3: {@code /.well-known/oauth-authorization-server/p}. */
  RFC8414,
  /** The inserted OIDC form of RFC 8414 §5: {@code /.well-known/openid-configuration/p}. */
  OIDC_INSERTED;

  /** Whether a request path is this form's discovery URL for an issuer with {@code basePath}. */
  boolean served(String path, String basePath) {
    switch (this) {
      case RFC8414: return path.equals("/.well-known/oauth-authorization-server" + basePath);
      case OIDC_INSERTED: return path.equals("/.well-known/openid-configuration" + basePath);
      default: return path.equals(basePath + "/.well-known/openid-configuration");
    }
  }
}
