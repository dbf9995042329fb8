package io.identsphere.token;

import io.identsphere.IdentSphereUser;
import io.identsphere.internal.watch.Watch;
import java.util.Map;

/**
 * The checks of a {@link TokenValidator}, in their order, and what follows a pass: the session
 * revocations and the listener. The validator and its {@link TokenCache} run a token through these.
 *
 * <p>The order decides the reason of a token that fails several checks: the signature check
 * (length, syntax, algorithm, key, signature), {@code typ}, then in {@link #checkClaims} the
 * ID-token markers, the times, issuer, audience, claim types and required claims; the revocations
 * last, on cache hits too.
 *
 * <p>Immutable and thread-safe.
 */
final class Steps {
  final SignatureCheck signature; // length, syntax, algorithm, key, signature
  final Expectations expectations; // typ, issuer, audience, refused client ids, required claims
  final TimeRules times; // exp, nbf, iat with the clock and skew
  private final ClaimRules rules; // ID-token markers, claim types
  final io.identsphere.ClaimMapping mapping;
  private final boolean idTokens; // acceptIdTokens(): ID-token markers expected, not refused
  final ValidationListener listener; // null unless listener(...)
  final SessionRevocations revocations; // null unless sessionRevocations(...)

  Steps(ValidatorOptions o) {
    this.signature = new SignatureCheck(o.keySource, o.algorithms, o.maxTokenLength);
    this.expectations = new Expectations(o.types, o.typeRequired, o.issuers, o.audiences, o.clientIds, o.requiredClaims);
    this.times = new TimeRules(o.clock, o.skew, o.expiryRequired);
    this.mapping = o.mapping;
    this.rules = new ClaimRules(o.mapping);
    this.idTokens = o.idTokens;
    this.listener = o.listener;
    this.revocations = o.revocations;
  }

  /** Every check, without the cache, the revocations or events. */
  VerifiedToken validateUncached(String token) {
    CompactJws jws = signature.verify(token);
    expectations.checkType(jws.type);
    return checkClaims(jws, jws.claims());
  }

  /** The claim checks and the result, after the signature and type. */
  VerifiedToken checkClaims(CompactJws jws, Map<String, Object> claims) {
    if (!idTokens) ClaimRules.refuseNonAccessTokens(claims, jws.type);
    times.check(claims);
    expectations.checkIssuer(claims);
    expectations.checkAudience(claims);
    rules.checkTypes(claims);
    expectations.checkRequired(claims);
    return new VerifiedToken(jws.algorithm, jws.keyId, jws.type, jws.header, claims, IdentSphereUser.fromClaims(claims, mapping));
  }

  /** Refuses a token of a logged-out session or subject, else reports it accepted. */
  VerifiedToken admit(VerifiedToken t, boolean cacheHit) {
    refuseRevoked(t);
    Watch.accepted(listener, t, cacheHit);
    return t;
  }

  /** The last check, after every other and on cache hits: the session revocations. */
  void refuseRevoked(VerifiedToken t) {
    if (revocations != null && revocations.isRevoked(t)) {
      throw new TokenRejectedException(TokenRejectedException.Reason.REVOKED,
          "the token's session or subject was logged out after the token was issued (back-channel logout)");
    }
  }
}
