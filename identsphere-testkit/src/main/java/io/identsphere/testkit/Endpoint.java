package io.identsphere.testkit;

/** The fake server's endpoints, for faults and the request journal. */
public enum Endpoint {
  /** {@code /.well-known/openid-configuration}; 404 in a server built {@code withoutDiscovery()}. */
  DISCOVERY,
  /** {@code /jwks}. */
  JWKS,
  /** {@code /authorize} (and its login form). */
  AUTHORIZE,
  /** {@code /par}, pushed authorization requests (RFC 9126). */
  PUSHED_AUTHORIZATION,
  /** {@code /token}. */
  TOKEN,
  /** {@code /userinfo}. */
  USERINFO,
  /** {@code /introspect}. */
  INTROSPECTION,
  /** {@code /revoke}. */
  REVOCATION,
  /** {@code /logout} (end session). */
  END_SESSION,
  /** IdentSphere {@code POST /v1/auth/login}. */
  API_LOGIN,
  /** IdentSphere {@code GET /v1/users/me}. */
  API_ME,
  /** IdentSphere {@code POST /v1/auth/logout}. */
  API_LOGOUT,
  /** IdentSphere {@code POST /v1/auth/refresh}: new cookies from the {@code identsphere_rt} cookie. */
  API_REFRESH,
  /** IdentSphere {@code GET /v1/users/me/sessions}: the caller's open sessions. */
  API_SESSIONS,
  /** IdentSphere's own JWK Set path, {@code /.well-known/jwks.json} (the same keys as {@link #JWKS}). */
  WELL_KNOWN_JWKS
}
