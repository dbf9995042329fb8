package io.identsphere.token;

import io.identsphere.internal.json.Json;
import io.identsphere.token.TokenRejectedException.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link TokenValidator}'s options expect of a token: an accepted {@code typ} header
 * ({@code acceptTypes}, {@code requireTypeHeader}), an expected issuer ({@code expectIssuer}) and
 * audience ({@code expectAudience}) with no refused client id in {@code aud}
 * ({@code refuseTokensAddressedToClient}), and every required claim ({@code requireClaims}). The
 * type of {@code iss} and {@code aud} is checked whether or not they are: a present member is
 * never taken for absent.
 *
 * <p>Immutable and thread-safe.
 */
final class Expectations {
  final Set<String> types;
  final boolean typeRequired;
  final Set<String> issuers; // empty: ignored
  final Set<String> audiences; // empty: ignored
  final Set<String> clientIds; // refuseTokensAddressedToClient(...): an aud member refused
  final List<String> requiredClaims;
  // The same values as arrays, when there are at most FEW of them: an equals loop that, unlike the
  // sets, never hashes the token's freshly parsed iss or aud string.
  private static final int FEW = 8;
  private final String[] fewTypes;
  private final String[] fewIssuers;
  private final String[] fewAudiences;
  private final String[] fewClientIds;
  private final boolean issuerChecked; // !issuers.isEmpty(), without a call through the unmodifiable wrapper
  private final boolean audienceChecked; // !audiences.isEmpty()

  Expectations(Set<String> types, boolean typeRequired, Set<String> issuers, Set<String> audiences,
      Set<String> clientIds, List<String> requiredClaims) {
    // Insertion-ordered copies: a rejection message lists the expected values in the order they were
    // configured, the same in every run (Set.copyOf iterates in a per-JVM random order).
    this.types = ordered(types);
    this.typeRequired = typeRequired;
    this.issuers = ordered(issuers);
    this.audiences = ordered(audiences);
    this.clientIds = ordered(clientIds);
    this.requiredClaims = List.copyOf(requiredClaims);
    this.fewTypes = few(this.types);
    this.fewIssuers = few(this.issuers);
    this.fewAudiences = few(this.audiences);
    this.fewClientIds = few(this.clientIds);
    this.issuerChecked = !this.issuers.isEmpty();
    this.audienceChecked = !this.audiences.isEmpty();
  }

  private static String[] few(Set<String> values) {
    return values.size() <= FEW ? values.toArray(new String[0]) : null;
  }

  /** Whether {@code v} is one of {@code values}; {@code few} is their array, or null for the set. */
  private static boolean has(String[] few, Set<String> values, Object v) {
    if (few == null) return values.contains(v);
    for (String s : few) {
      if (s.equals(v)) return true;
    }
    return false;
  }

  private static Set<String> ordered(Set<String> values) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(values));
  }

  /**
   * Checks the {@code typ} header against the accepted types, case-insensitively and with an
   * optional {@code application/} prefix (RFC 7515 §4.1.9).
   *
   * @param typ the {@code typ} header, or null when absent
   * @throws TokenRejectedException if the type is required and absent, or not accepted
   */
  void checkType(String typ) {
    if (typ == null) {
      if (typeRequired) throw new TokenRejectedException(Reason.WRONG_TYPE, "the \"typ\" header is required; accepted: " + types);
      return;
    }
    if (fewTypes != null) {
      for (String accepted : fewTypes) {
        if (sameLowerCase(accepted, typ)) return; // the common case, without allocating a lower-case copy
      }
    }
    String t = typ.toLowerCase(Locale.ROOT);
    if (t.startsWith("application/")) t = t.substring("application/".length());
    if (!types.contains(t)) {
      throw new TokenRejectedException(Reason.WRONG_TYPE,
          "typ \"" + CompactJws.shorten(typ) + "\" is not accepted; accepted: " + types);
    }
  }

  /** {@code lower} equals {@code s} with ASCII capitals lowered; anything else falls to the full rule. */
  private static boolean sameLowerCase(String lower, String s) {
    if (lower.length() != s.length()) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
      if (c != lower.charAt(i)) return false;
    }
    return true;
  }

  /**
   * The issuer rule, and the type of {@code iss} whether or not it is checked: a string.
   *
   * @param claims the token's claims
   * @throws TokenRejectedException if {@code iss} is required and missing, not a string, or not expected
   */
  void checkIssuer(Map<String, Object> claims) {
    Object iss = ClaimRules.member(claims, "iss");
    if (iss == ClaimRules.ABSENT) {
      if (!issuerChecked) return;
      throw new TokenRejectedException(Reason.MISSING_CLAIM, "required claim \"iss\" is missing");
    }
    if (!(iss instanceof String)) throw ClaimRules.invalid("iss", "a string", iss);
    if (issuerChecked && !has(fewIssuers, issuers, iss)) {
      throw new TokenRejectedException(Reason.WRONG_ISSUER, "expected issuer " + describe(issuers) + " but found "
          + "\"" + CompactJws.shorten((String) iss) + "\"");
    }
  }

  /**
   * The audience rules, and the type of {@code aud} whether or not it is checked: a string or an
   * array of strings (RFC 7519 §4.1.3); anything else, {@code null} included, is malformed.
   * Indexed loops: no iterator is allocated on the accepting path.
   *
   * @param claims the token's claims
   * @throws TokenRejectedException if {@code aud} is required and missing, malformed, names a
   *     refused client id, or holds no expected audience
   */
  void checkAudience(Map<String, Object> claims) {
    Object aud = ClaimRules.member(claims, "aud");
    if (aud == ClaimRules.ABSENT) {
      if (!audienceChecked) return;
      throw new TokenRejectedException(Reason.MISSING_CLAIM, "required claim \"aud\" is missing");
    }
    if (aud instanceof String) {
      if (has(fewClientIds, clientIds, aud)) throw addressedToClient((String) aud);
      if (!audienceChecked || has(fewAudiences, audiences, aud)) return;
    } else if (aud instanceof List) {
      List<?> list = (List<?>) aud;
      boolean match = !audienceChecked;
      for (int i = 0; i < list.size(); i++) {
        Object a = list.get(i);
        if (!(a instanceof String)) {
          throw new TokenRejectedException(Reason.MALFORMED, "claim \"aud\" must be a string or an array of strings,"
              + " found an array holding " + Json.typeName(a));
        }
        if (has(fewClientIds, clientIds, a)) throw addressedToClient((String) a);
        match = match || has(fewAudiences, audiences, a);
      }
      if (match) return;
    } else {
      throw new TokenRejectedException(Reason.MALFORMED, "claim \"aud\" must be a string or an array of strings, found "
          + Json.typeName(aud));
    }
    List<String> found = audienceOf(aud);
    List<String> shown = new ArrayList<>();
    for (String a : found.subList(0, Math.min(5, found.size()))) shown.add(CompactJws.shorten(a));
    throw new TokenRejectedException(Reason.WRONG_AUDIENCE, "expected audience " + describe(audiences)
        + " but found " + shown);
  }

  private static TokenRejectedException addressedToClient(String clientId) {
    return new TokenRejectedException(Reason.NOT_AN_ACCESS_TOKEN, "claim \"aud\" contains \""
        + CompactJws.shorten(clientId) + "\", the client's own id: a token addressed to the client is its ID token,"
        + " not an access token for an API (if this API's access tokens really carry the client id, configure it"
        + " as the audience explicitly)");
  }

  /**
   * Checks that every required claim is present and not {@code null}.
   *
   * @param claims the token's claims
   * @throws TokenRejectedException if a required claim is missing
   */
  void checkRequired(Map<String, Object> claims) {
    for (String name : requiredClaims) {
      if (claims.get(name) == null) {
        throw new TokenRejectedException(Reason.MISSING_CLAIM, "required claim \"" + name + "\" is missing");
      }
    }
  }

  /** The {@code aud} claim as a list of its strings: one for a string, none for anything but an array. */
  static List<String> audienceOf(Object aud) {
    if (aud instanceof String) return List.of((String) aud);
    if (aud instanceof List) {
      List<String> out = new ArrayList<>();
      for (Object o : (List<?>) aud) if (o instanceof String) out.add((String) o);
      return Collections.unmodifiableList(out);
    }
    return List.of();
  }

  private static String describe(Set<String> values) {
    return values.size() == 1 ? "\"" + values.iterator().next() + "\"" : "one of " + values;
  }
}
