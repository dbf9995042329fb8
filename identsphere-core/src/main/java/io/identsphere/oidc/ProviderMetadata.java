package io.identsphere.oidc;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * An OpenID Provider's discovery document (OpenID Connect Discovery 1.0 §3): the issuer and the
 * endpoints every other call uses. Endpoint paths are never guessed; they come from here.
 *
 * <p>Immutable and thread-safe.
 */
public final class ProviderMetadata {
  private final String issuer;
  private final Map<String, Object> raw;

  private ProviderMetadata(String issuer, Map<String, Object> raw) {
    this.issuer = issuer;
    this.raw = raw;
  }

  static ProviderMetadata from(Map<String, Object> doc, String what) {
    String issuer = Calls.string(doc, "issuer");
    if (issuer == null) throw malformed(what + " has no \"issuer\"");
    for (String required : new String[] {"authorization_endpoint", "token_endpoint", "jwks_uri"}) {
      if (Calls.string(doc, required) == null) throw malformed(what + " has no \"" + required + "\"");
    }
    ProviderMetadata m = new ProviderMetadata(issuer, doc);
    for (String k : doc.keySet()) {
      if (k.endsWith("_endpoint") || k.equals("jwks_uri")) m.uri(k); // all must parse
    }
    return m;
  }

  private static IdentityServerException malformed(String msg) {
    return IdentityServerException.of(IdentityServerException.Kind.MALFORMED_RESPONSE, msg);
  }

  private Optional<URI> uri(String name) {
    String v = Calls.string(raw, name);
    if (v == null) return Optional.empty();
    try {
      URI u = new URI(v);
      if (!u.isAbsolute()) throw new java.net.URISyntaxException(v, "not absolute");
      return Optional.of(u);
    } catch (java.net.URISyntaxException e) {
      throw malformed("discovery member \"" + name + "\" is not an absolute URL");
    }
  }

  /** @return the {@code issuer} */
  public String issuer() {
    return issuer;
  }

  /** @return the {@code authorization_endpoint} */
  public URI authorizationEndpoint() {
    return uri("authorization_endpoint").orElseThrow();
  }

  /** @return the {@code token_endpoint} */
  public URI tokenEndpoint() {
    return uri("token_endpoint").orElseThrow();
  }

  /** @return the {@code jwks_uri} */
  public URI jwksUri() {
    return uri("jwks_uri").orElseThrow();
  }

  /** @return the {@code userinfo_endpoint} */
  public Optional<URI> userinfoEndpoint() {
    return uri("userinfo_endpoint");
  }

  /** @return the {@code end_session_endpoint} (RP-Initiated Logout) */
  public Optional<URI> endSessionEndpoint() {
    return uri("end_session_endpoint");
  }

  /** @return the {@code revocation_endpoint} (RFC 7009) */
  public Optional<URI> revocationEndpoint() {
    return uri("revocation_endpoint");
  }

  /** @return the {@code introspection_endpoint} (RFC 7662) */
  public Optional<URI> introspectionEndpoint() {
    return uri("introspection_endpoint");
  }

  /** @return the whole document as plain JDK values (unmodifiable) */
  public Map<String, Object> raw() {
    return raw;
  }

  @Override
  public String toString() {
    return "ProviderMetadata{issuer=" + issuer + "}";
  }
}
