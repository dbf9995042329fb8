package io.identsphere.oidc;

/** How the client authenticates to the token, revocation and introspection endpoints (OIDC Core §9). */
public enum ClientAuthentication {
  /** HTTP Basic with the client id and secret (the default). */
  CLIENT_SECRET_BASIC,
  /** {@code client_id} and {@code client_secret} in the form body. */
  CLIENT_SECRET_POST,
  /** A public client: only {@code client_id} is sent; PKCE protects the code. */
  NONE
}
