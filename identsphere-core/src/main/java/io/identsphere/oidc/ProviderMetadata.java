package io.identsphere.oidc;

import io.identsphere.internal.json.Json;
import io.identsphere.internal.text.Untrusted;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An OpenID Provider's discovery document (OpenID Connect Discovery 1.0 §3): the issuer and the
 * endpoints every other call uses. Endpoint paths are never guessed; they come from here.
 *
 * <p>Every endpoint URL the client uses is checked once, when the document is read, by one rule:
 * absolute, a host, scheme {@code https} ({@code http} only for loopback hosts or with
 * {@code allowInsecureHttp()}), no user-info part, no fragment; {@code javascript:}, {@code data:},
 * {@code file:} and every other scheme are refused. A bad <em>required</em> endpoint
 * ({@code authorization_endpoint}, {@code token_endpoint}, {@code jwks_uri}) fails discovery. A bad
 * <em>optional</em> endpoint ({@code userinfo_endpoint}, {@code end_session_endpoint},
 * {@code revocation_endpoint}, {@code introspection_endpoint},
 * {@code pushed_authorization_request_endpoint}) fails only its accessor, and so every operation
 * that uses it, with the same {@link IdentityServerException}: a provider with a broken logout URL
 * still validates tokens, and the broken URL is never returned. Members the client does not use
 * (such as {@code registration_endpoint}) are not checked and only reachable through {@link #raw()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ProviderMetadata {
  private static final List<String> REQUIRED = List.of("authorization_endpoint", "token_endpoint", "jwks_uri");
  private static final List<String> OPTIONAL = List.of("userinfo_endpoint", "end_session_endpoint",
      "revocation_endpoint", "introspection_endpoint", "pushed_authorization_request_endpoint");
  private static final String ISS_PARAMETER = "authorization_response_iss_parameter_supported";

  private final String issuer;
  private final Map<String, Object> raw;
  /** Member name to its checked {@link URI}, or to the {@link Refusal} that a use must throw. */
  private final Map<String, Object> endpoints;
  private final boolean issParameterSupported;

  /** Why an optional endpoint cannot be used; thrown afresh at every use. */
  private static final class Refusal {
    final Kind kind;
    final String message;

    Refusal(IdentityServerException e) {
      this.kind = e.kind();
      this.message = e.getMessage();
    }
  }

  private ProviderMetadata(String issuer, Map<String, Object> raw, Map<String, Object> endpoints, boolean iss) {
    this.issuer = issuer;
    this.raw = raw;
    this.endpoints = endpoints;
    this.issParameterSupported = iss;
  }

  /**
   * Reads and checks a discovery document.
   *
   * @param doc the parsed document
   * @param what the document's name in messages
   * @param allowInsecure whether plain HTTP to non-loopback hosts is allowed
   * @return the metadata
   * @throws IdentityServerException if the issuer or a required endpoint is missing or refused, or
   *     {@code authorization_response_iss_parameter_supported} is not a boolean
   */
  static ProviderMetadata from(Map<String, Object> doc, String what, boolean allowInsecure) {
    Object issuer = doc.get("issuer");
    if (!(issuer instanceof String) || ((String) issuer).isEmpty()) throw malformed(what + " has no \"issuer\" string");
    Map<String, Object> endpoints = new LinkedHashMap<>();
    for (String name : REQUIRED) {
      Object v = doc.get(name);
      if (v == null) throw malformed(what + " has no \"" + name + "\"");
      endpoints.put(name, url(name, v, allowInsecure));
    }
    for (String name : OPTIONAL) {
      Object v = doc.get(name);
      if (v == null) continue;
      try {
        endpoints.put(name, url(name, v, allowInsecure));
      } catch (IdentityServerException e) {
        endpoints.put(name, new Refusal(e));
      }
    }
    Object iss = doc.get(ISS_PARAMETER);
    if (iss != null && !(iss instanceof Boolean)) {
      throw malformed(what + " member \"" + ISS_PARAMETER + "\" must be a boolean, found " + Json.typeName(iss));
    }
    return new ProviderMetadata((String) issuer, doc, Map.copyOf(endpoints), Boolean.TRUE.equals(iss));
  }

  private static URI url(String name, Object v, boolean allowInsecure) {
    if (!(v instanceof String)) {
      throw malformed("discovery member \"" + name + "\" must be a string, found " + Json.typeName(v));
    }
    return EndpointUrls.check(name, (String) v, allowInsecure);
  }

  private static IdentityServerException malformed(String msg) {
    return IdentityServerException.of(Kind.MALFORMED_RESPONSE, msg);
  }

  private Optional<URI> endpoint(String name) {
    Object v = endpoints.get(name);
    if (v instanceof Refusal) {
      Refusal r = (Refusal) v;
      throw IdentityServerException.of(r.kind, r.message);
    }
    return Optional.ofNullable((URI) v);
  }

  /**
   * The issuer identifier; discovery has checked that it equals the configured authority exactly.
   *
   * @return the {@code issuer}
   */
  public String issuer() {
    return issuer;
  }

  /**
   * Where browsers are sent to sign in (OIDC Core §3.1.2.1).
   *
   * @return the {@code authorization_endpoint}, checked
   */
  public URI authorizationEndpoint() {
    return endpoint("authorization_endpoint").orElseThrow();
  }

  /**
   * Where codes, refresh tokens and client credentials are exchanged (RFC 6749 §3.2).
   *
   * @return the {@code token_endpoint}, checked
   */
  public URI tokenEndpoint() {
    return endpoint("token_endpoint").orElseThrow();
  }

  /**
   * Where the identity server publishes its signing keys (RFC 7517).
   *
   * @return the {@code jwks_uri}, checked
   */
  public URI jwksUri() {
    return endpoint("jwks_uri").orElseThrow();
  }

  /**
   * The userinfo endpoint (OIDC Core §5.3).
   *
   * @return the {@code userinfo_endpoint}, or empty when the document names none
   * @throws IdentityServerException ({@code INSECURE_URL} or {@code MALFORMED_RESPONSE}) if the
   *     document names one that the URL rule refuses
   */
  public Optional<URI> userinfoEndpoint() {
    return endpoint("userinfo_endpoint");
  }

  /**
   * The end-session endpoint (OpenID Connect RP-Initiated Logout 1.0).
   *
   * @return the {@code end_session_endpoint}, or empty when the document names none
   * @throws IdentityServerException ({@code INSECURE_URL} or {@code MALFORMED_RESPONSE}) if the
   *     document names one that the URL rule refuses
   */
  public Optional<URI> endSessionEndpoint() {
    return endpoint("end_session_endpoint");
  }

  /**
   * The revocation endpoint (RFC 7009).
   *
   * @return the {@code revocation_endpoint}, or empty when the document names none
   * @throws IdentityServerException ({@code INSECURE_URL} or {@code MALFORMED_RESPONSE}) if the
   *     document names one that the URL rule refuses
   */
  public Optional<URI> revocationEndpoint() {
    return endpoint("revocation_endpoint");
  }

  /**
   * The introspection endpoint (RFC 7662).
   *
   * @return the {@code introspection_endpoint}, or empty when the document names none
   * @throws IdentityServerException ({@code INSECURE_URL} or {@code MALFORMED_RESPONSE}) if the
   *     document names one that the URL rule refuses
   */
  public Optional<URI> introspectionEndpoint() {
    return endpoint("introspection_endpoint");
  }

  /**
   * The pushed authorization request endpoint (RFC 9126 §5), where
   * {@link IdentSphereClient#authorizationRequest()} pushes requests when asked to or required.
   *
   * @return the {@code pushed_authorization_request_endpoint}, or empty when the document names none
   * @throws IdentityServerException ({@code INSECURE_URL} or {@code MALFORMED_RESPONSE}) if the
   *     document names one that the URL rule refuses
   */
  public Optional<URI> pushedAuthorizationRequestEndpoint() {
    return endpoint("pushed_authorization_request_endpoint");
  }

  /**
   * Whether the provider accepts authorization requests only by reference (RFC 9126 §5).
   *
   * @return {@code require_pushed_authorization_requests}, false when absent or not a boolean
   */
  public boolean requirePushedAuthorizationRequests() {
    return Boolean.TRUE.equals(raw.get("require_pushed_authorization_requests"));
  }

  /**
   * The client authentication methods the token endpoint accepts (RFC 8414 §2).
   *
   * @return the strings of {@code token_endpoint_auth_methods_supported}, in order; empty when the
   *     document names none (or the member is not an array)
   */
  public List<String> tokenEndpointAuthMethodsSupported() {
    Object v = raw.get("token_endpoint_auth_methods_supported");
    if (!(v instanceof List)) return List.of();
    return ((List<?>) v).stream().filter(String.class::isInstance).map(String.class::cast).collect(Collectors.toUnmodifiableList());
  }

  /**
   * Whether the provider puts {@code iss} into every authorization response (RFC 9207 §3); when
   * true, {@link IdentSphereClient#handleCallback} refuses a callback without {@code iss}.
   *
   * @return {@code authorization_response_iss_parameter_supported}, false when absent
   */
  public boolean authorizationResponseIssParameterSupported() {
    return issParameterSupported;
  }

  /**
   * The document as the server sent it; members other than the endpoints above are not checked.
   *
   * @return the whole document as plain JDK values (unmodifiable), unchecked members included
   */
  public Map<String, Object> raw() {
    return raw;
  }

  /**
   * One member of the document, as parsed JSON: a {@code String}, {@code Boolean}, number
   * ({@code Long}, {@code BigInteger} or {@code BigDecimal}), {@code List}, {@code Map} (unmodifiable), or
   * empty for a JSON null. Members this class does not interpret (such as
   * {@code code_challenge_methods_supported} or a vendor's {@code x_tenant}) are kept unchecked:
   * treat them as text from the server, and escape them before logging.
   *
   * @param name the member name
   * @return the value, or empty when the document has no such member or it is JSON null
   * @throws NullPointerException if {@code name} is null
   */
  public Optional<Object> member(String name) {
    return Optional.ofNullable(raw.get(java.util.Objects.requireNonNull(name, "name == null")));
  }

  /**
   * The names of the members this class does not interpret (everything but the issuer, the
   * endpoints above and {@code authorization_response_iss_parameter_supported}), in document order.
   *
   * @return the unknown members' names (unmodifiable); read their values with {@link #member}
   */
  public java.util.Set<String> extraMembers() {
    java.util.Set<String> out = new java.util.LinkedHashSet<>(raw.keySet());
    out.remove("issuer");
    out.removeAll(REQUIRED);
    out.removeAll(OPTIONAL);
    out.remove(ISS_PARAMETER);
    return java.util.Collections.unmodifiableSet(out);
  }

  /** Shows the issuer and the names of the unknown members, escaped (server text). */
  @Override
  public String toString() {
    java.util.Set<String> extra = extraMembers();
    StringBuilder sb = new StringBuilder("ProviderMetadata{issuer=").append(Untrusted.quote(issuer));
    if (!extra.isEmpty()) {
      sb.append(", extra=[");
      int n = 0;
      for (String name : extra) {
        if (n > 0) sb.append(", ");
        if (++n > 20) {
          sb.append("...(").append(extra.size()).append(" members)");
          break;
        }
        sb.append(Untrusted.quote(name));
      }
      sb.append(']');
    }
    return sb.append('}').toString();
  }
}
