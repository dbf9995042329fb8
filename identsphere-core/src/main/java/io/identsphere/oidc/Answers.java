package io.identsphere.oidc;

import io.identsphere.ClaimMapping;
import io.identsphere.IdentSphereUser;
import io.identsphere.internal.text.Untrusted;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks on introspection (RFC 7662 §2.2) and userinfo (OIDC Core §5.3.2, §5.1) answers: each
 * registered member must have its registered type, as in a token; {@code iss}, when present, must be
 * the issuer.
 *
 * <p>Stateless and thread-safe.
 */
final class Answers {
  private static final String INTROSPECTION = "introspection answer";
  static final String USERINFO = "userinfo answer";
  private static final List<String> INTROSPECTION_STRINGS = List.of("sub", "iss", "client_id", "scope", "username",
      "token_type", "jti");
  /** OIDC Core §5.1 string claims. */
  private static final List<String> USER_STRINGS = List.of("sub", "iss", "name", "given_name", "family_name",
      "middle_name", "nickname", "preferred_username", "profile", "picture", "website", "email", "gender",
      "birthdate", "zoneinfo", "locale", "phone_number");

  private Answers() {}

  /**
   * Judges an introspection answer: {@code active} is a required boolean; {@code exp}, {@code iat}
   * and {@code nbf} are NumericDates; {@code sub}, {@code iss}, {@code client_id}, {@code scope},
   * {@code username}, {@code token_type}, {@code jti} strings; {@code aud} a string or an array of
   * strings; {@code iss} the issuer. An {@code active} answer whose {@code exp} is not after now
   * counts as inactive. An inactive answer is not checked further.
   */
  static IntrospectionResult introspection(Map<String, Object> body, String issuer, Instant now, ClaimMapping mapping) {
    Boolean active = Members.bool(body, "active", INTROSPECTION);
    if (active == null) throw Members.malformed(INTROSPECTION, "active", "is missing (RFC 7662 2.2: required)");
    if (!active) return new IntrospectionResult(false, Optional.empty(), body);
    Members.strings(body, INTROSPECTION, INTROSPECTION_STRINGS);
    Members.stringOrStrings(body, "aud", INTROSPECTION);
    Instant exp = Members.numericDate(body, "exp", INTROSPECTION);
    Members.numericDate(body, "iat", INTROSPECTION);
    Members.numericDate(body, "nbf", INTROSPECTION);
    issuer(body, issuer, INTROSPECTION);
    if (exp != null && !now.isBefore(exp)) return new IntrospectionResult(false, Optional.empty(), body);
    Optional<IdentSphereUser> user = body.get("sub") != null
        ? Optional.of(IdentSphereUser.fromClaims(body, mapping)) : Optional.empty();
    return new IntrospectionResult(true, user, body);
  }

  /**
   * Judges a userinfo (or IdentSphere profile) answer: {@code sub} is a required non-empty string
   * equal to {@code expectedSubject} when one is given; the standard claims of OIDC Core §5.1 have
   * their types ({@code email_verified} and {@code phone_number_verified} booleans, {@code address}
   * an object, {@code updated_at} a NumericDate, the rest strings); {@code aud} is a string or an
   * array of strings; {@code iss}, when present, is the issuer.
   */
  static IdentSphereUser userinfo(Map<String, Object> body, String issuer, String expectedSubject, ClaimMapping mapping,
      String what) {
    Members.strings(body, what, USER_STRINGS);
    Object sub = body.get("sub");
    if (sub == null || ((String) sub).isEmpty()) throw Members.malformed(what, "sub", "is missing or empty");
    if (expectedSubject != null && !expectedSubject.equals(sub)) {
      throw IdentityServerException.of(Kind.SUBJECT_MISMATCH, what + " sub " + Untrusted.quote((String) sub)
          + " does not match the ID token's sub " + Untrusted.quote(expectedSubject) + " (OIDC Core 5.3.4)");
    }
    Members.bool(body, "email_verified", what);
    Members.bool(body, "phone_number_verified", what);
    Members.object(body, "address", what);
    Members.numericDate(body, "updated_at", what);
    Members.stringOrStrings(body, "aud", what);
    issuer(body, issuer, what);
    return IdentSphereUser.fromClaims(body, mapping);
  }

  private static void issuer(Map<String, Object> body, String issuer, String what) {
    Object iss = body.get("iss");
    if (iss != null && !iss.equals(issuer)) {
      throw IdentityServerException.of(Kind.ISSUER_MISMATCH, what + " iss " + Untrusted.quote((String) iss)
          + " is not the issuer " + Untrusted.quote(issuer));
    }
  }
}
