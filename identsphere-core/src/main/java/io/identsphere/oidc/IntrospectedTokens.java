package io.identsphere.oidc;

import io.identsphere.IdentSphereUser;
import io.identsphere.internal.access.TokenAccess;
import io.identsphere.internal.text.Untrusted;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenRejectedException.Reason;
import io.identsphere.token.VerifiedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules an active introspection answer (RFC 7662 §2.2) must pass before its token counts as a
 * verified access token, the same as a JWT's where they apply:
 *
 * <ul>
 *   <li>{@code token_type}, when present, is {@code Bearer} or {@code access_token} (any case);
 *       a {@code refresh_token} or anything else is {@code NOT_AN_ACCESS_TOKEN};
 *   <li>ID-token markers are refused as for JWTs: {@code at_hash}, {@code c_hash}, {@code s_hash},
 *       a {@code typ} member other than {@code Bearer}, a {@code nonce} without {@code typ: Bearer};
 *   <li>{@code aud} contains one of the configured audiences ({@code MISSING_CLAIM} when absent,
 *       {@code WRONG_AUDIENCE} otherwise), unless the audience is ignored; it never contains the
 *       client's own id unless the configured audience names it ({@code NOT_AN_ACCESS_TOKEN});
 *   <li>{@code nbf} and {@code iat} are not in the future beyond 60 s of skew.
 * </ul>
 *
 * <p>Types, {@code iss} and {@code exp} were checked by {@link Answers#introspection}.
 * Stateless and thread-safe.
 */
final class IntrospectedTokens {
  static final Duration SKEW = Duration.ofSeconds(60);

  private final List<String> audiences;
  private final boolean audienceIgnored;
  private final String clientId;
  private final io.identsphere.ClaimMapping mapping;

  IntrospectedTokens(ClientSettings s) {
    this.mapping = s.mapping;
    this.audiences = s.audiences;
    this.audienceIgnored = s.audienceIgnored;
    this.clientId = s.clientId;
  }

  VerifiedToken judge(IntrospectionResult r, Instant now) {
    Map<String, Object> a = r.claims();
    if (!r.active()) throw new TokenRejectedException(Reason.INACTIVE, "the identity server says the token is not active");
    Object type = a.get("token_type");
    if (type != null && !"bearer".equalsIgnoreCase((String) type) && !"access_token".equalsIgnoreCase((String) type)) {
      throw new TokenRejectedException(Reason.NOT_AN_ACCESS_TOKEN, "introspection says token_type "
          + Untrusted.quote((String) type) + ", expected Bearer");
    }
    for (String marker : List.of("at_hash", "c_hash", "s_hash")) {
      if (a.containsKey(marker)) {
        throw new TokenRejectedException(Reason.NOT_AN_ACCESS_TOKEN, "introspection answer has \"" + marker
            + "\": an ID token is not an access token");
      }
    }
    Object typ = a.get("typ");
    boolean declaredBearer = "Bearer".equals(typ);
    if (typ != null && !declaredBearer) {
      throw new TokenRejectedException(Reason.NOT_AN_ACCESS_TOKEN, "introspection answer has typ "
          + Untrusted.quote(String.valueOf(typ)) + ", expected none or \"Bearer\"");
    }
    if (a.containsKey("nonce") && !declaredBearer) {
      throw new TokenRejectedException(Reason.NOT_AN_ACCESS_TOKEN, "introspection answer has a \"nonce\" without typ \"Bearer\"");
    }
    List<String> aud = audienceOf(a.get("aud"));
    if (!audiences.contains(clientId) && aud.contains(clientId)) {
      throw new TokenRejectedException(Reason.NOT_AN_ACCESS_TOKEN, "introspection answer's aud names this client's id "
          + Untrusted.quote(clientId) + ": the client's ID tokens carry it");
    }
    if (!audienceIgnored) {
      if (aud.isEmpty()) throw new TokenRejectedException(Reason.MISSING_CLAIM, "introspection answer has no \"aud\"; expected one of " + audiences);
      if (aud.stream().noneMatch(audiences::contains)) {
        throw new TokenRejectedException(Reason.WRONG_AUDIENCE, "introspection answer's aud " + Untrusted.escape(aud.toString())
            + " contains none of " + audiences);
      }
    }
    Instant latest = now.plus(SKEW);
    Optional<Instant> nbf = date(a.get("nbf"));
    if (nbf.isPresent() && nbf.get().isAfter(latest)) {
      throw new TokenRejectedException(Reason.NOT_YET_VALID, "introspection answer's nbf " + nbf.get() + " is after now "
          + now + " + 60 s skew");
    }
    Optional<Instant> iat = date(a.get("iat"));
    if (iat.isPresent() && iat.get().isAfter(latest)) {
      throw new TokenRejectedException(Reason.ISSUED_IN_FUTURE, "introspection answer's iat " + iat.get() + " is after now "
          + now + " + 60 s skew");
    }
    IdentSphereUser user = r.user().orElseGet(() -> IdentSphereUser.fromClaims(a, mapping));
    return TokenAccess.factory().introspected(a, user);
  }

  private static Optional<Instant> date(Object v) {
    return v == null ? Optional.empty() : IdentSphereUser.numericDate(v);
  }

  static List<String> audienceOf(Object aud) {
    if (aud instanceof String) return List.of((String) aud);
    if (aud instanceof List) {
      return ((List<?>) aud).stream().filter(String.class::isInstance).map(String.class::cast).collect(java.util.stream.Collectors.toList());
    }
    return List.of();
  }
}
