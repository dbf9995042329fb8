package io.identsphere.token;

import io.identsphere.ClaimMapping;
import io.identsphere.internal.json.Json;
import io.identsphere.internal.text.Untrusted;
import io.identsphere.token.TokenRejectedException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The claim rules of {@link TokenValidator} beyond times, issuer and audience: the JSON type of
 * every claim the validator or {@link io.identsphere.IdentSphereUser} reads, and the markers that
 * tell an ID token (or another non-access token) from an access token.
 *
 * <p>One rule throughout: a member that is present is never "absent", whatever its value. A
 * {@code null} or a value of the wrong type is refused, so that no check can be skipped by writing
 * {@code "nbf": null} or {@code "tenant_id": 7} (which used to fall through to {@code org}).
 *
 * <p>Immutable and thread-safe; lookups allocate nothing.
 */
final class ClaimRules {
  /** What {@link #member} returns for a member that is not there (as opposed to JSON {@code null}). */
  static final Object ABSENT = new Object();

  /**
   * Claims only ID tokens carry (OIDC Core §3.1.3.6, §3.3.2.11; FAPI 1.0 Advanced §5.1's
   * {@code s_hash}); no access token has them.
   */
  private static final String[] ID_TOKEN_CLAIMS = {"at_hash", "c_hash", "s_hash"};
  /** Registered claims that are strings when present (RFC 7519 §4.1.2, §4.1.7). */
  private static final String[] STRING_CLAIMS = {"sub", "jti"};
  /** Claims read as a space-separated string or an array of strings. */
  private static final String[][] SCOPE_PATHS = {{"scope"}, {"scp"}};

  private final String[][] listPaths; // roles and custom roles: a string or an array of strings
  private final String[][] tenantPaths; // a string

  ClaimRules(ClaimMapping mapping) {
    List<String[]> lists = new ArrayList<>();
    for (String p : mapping.roleClaims()) lists.add(split(p));
    for (String p : mapping.customRoleClaims()) lists.add(split(p));
    for (String[] p : SCOPE_PATHS) lists.add(p);
    this.listPaths = lists.toArray(new String[0][]);
    List<String[]> tenants = new ArrayList<>();
    for (String p : mapping.tenantClaims()) tenants.add(split(p));
    this.tenantPaths = tenants.toArray(new String[0][]);
  }

  private static String[] split(String path) {
    List<String> parts = new ArrayList<>();
    int from = 0;
    for (int dot; (dot = path.indexOf('.', from)) >= 0; from = dot + 1) parts.add(path.substring(from, dot));
    parts.add(path.substring(from));
    return parts.toArray(new String[0]);
  }

  /**
   * A member's value, JSON {@code null} included, or {@link #ABSENT}. Tells the two apart with a
   * second lookup only when the object may hold a {@code null} at all.
   */
  static Object member(Map<String, Object> object, String name) {
    Object v = object.get(name);
    return v != null || (Json.mayHoldNull(object) && object.containsKey(name)) ? v : ABSENT;
  }

  /**
   * Refuses a token that carries an ID-token claim, a {@code typ} claim other than {@code Bearer}
   * (Keycloak writes {@code "typ": "ID"} into ID tokens, {@code Refresh}, {@code Logout} or
   * {@code Offline} into its other tokens, {@code Bearer} into access tokens), or a {@code nonce}
   * without declaring itself an access token. {@code nonce} is the commonest ID-token marker, but
   * Keycloak before 24 (without "nonce backwards compatible" off) and mock-oauth2-server also copy
   * it into access tokens; those declare themselves with the {@code typ} claim {@code Bearer} or
   * an {@code at+jwt} header (RFC 9068 §2.1), which no ID token carries, so a {@code nonce} is
   * refused only in a token that declares neither.
   *
   * @param claims the claims
   * @param headerType the {@code typ} header, or null
   */
  static void refuseNonAccessTokens(Map<String, Object> claims, String headerType) {
    for (String name : ID_TOKEN_CLAIMS) {
      if (member(claims, name) != ABSENT) throw idTokenClaim(name);
    }
    Object typ = member(claims, "typ");
    boolean bearer = typ instanceof String && "Bearer".equalsIgnoreCase((String) typ);
    if (typ != ABSENT && !bearer) {
      throw new TokenRejectedException(Reason.NOT_AN_ACCESS_TOKEN, "the token's \"typ\" claim is "
          + (typ instanceof String ? Untrusted.quote((String) typ) : Json.typeName(typ))
          + ", not \"Bearer\": it is not an access token (Keycloak marks ID tokens \"ID\" and refresh tokens \"Refresh\")");
    }
    if (!bearer && member(claims, "nonce") != ABSENT && !isAccessTokenType(headerType)) throw idTokenClaim("nonce");
    if (member(claims, "events") != ABSENT) {
      throw new TokenRejectedException(Reason.NOT_AN_ACCESS_TOKEN, "the token carries \"events\", the claim of security"
          + " event tokens such as back-channel logout tokens (RFC 8417), so it is not an access token");
    }
  }

  /** {@code at+jwt} or {@code application/at+jwt}, in any case (RFC 9068 §2.1, RFC 7515 §4.1.9). */
  private static boolean isAccessTokenType(String typ) {
    if (typ == null) return false;
    int from = typ.regionMatches(true, 0, "application/", 0, 12) ? 12 : 0;
    return typ.length() - from == 6 && typ.regionMatches(true, from, "at+jwt", 0, 6);
  }

  private static TokenRejectedException idTokenClaim(String name) {
    return new TokenRejectedException(Reason.NOT_AN_ACCESS_TOKEN, "the token carries \"" + name
        + "\", a claim of ID tokens (OpenID Connect Core), so it is not an access token: an ID token is addressed"
        + " to the client that signed the user in, never to an API");
  }

  /** Checks the JSON type of every claim the user is built from: sub, jti, roles, scopes, tenant. */
  void checkTypes(Map<String, Object> claims) {
    for (String name : STRING_CLAIMS) {
      Object v = member(claims, name);
      if (v != ABSENT && !(v instanceof String)) throw invalid(name, "a string", v);
    }
    for (String[] path : listPaths) {
      Object v = walk(claims, path);
      if (v == ABSENT || v instanceof String) continue;
      if (!(v instanceof List)) throw invalid(String.join(".", path), "a string or an array of strings", v);
      List<?> list = (List<?>) v;
      for (int i = 0; i < list.size(); i++) { // indexed: no iterator on the accepting path
        Object item = list.get(i);
        if (!(item instanceof String)) {
          throw described(String.join(".", path), "a string or an array of strings", "an array holding " + Json.typeName(item));
        }
      }
    }
    for (String[] path : tenantPaths) {
      Object v = walk(claims, path);
      if (v != ABSENT && !(v instanceof String)) throw invalid(String.join(".", path), "a string", v);
    }
  }

  /** The value at a claim path, or {@link #ABSENT}; a member on the way that is not an object is refused. */
  @SuppressWarnings("unchecked")
  private static Object walk(Map<String, Object> claims, String[] path) {
    Object cur = member(claims, path[0]);
    for (int i = 1; i < path.length && cur != ABSENT; i++) {
      if (!(cur instanceof Map)) {
        throw invalid(String.join(".", java.util.Arrays.copyOf(path, i)), "an object (it leads to "
            + String.join(".", path) + ")", cur);
      }
      cur = member((Map<String, Object>) cur, path[i]);
    }
    return cur;
  }

  /** A claim of the wrong JSON type; the message names the type found, never the value. */
  static TokenRejectedException invalid(String claim, String expected, Object found) {
    return described(claim, expected, Json.typeName(found));
  }

  private static TokenRejectedException described(String claim, String expected, String found) {
    return new TokenRejectedException(Reason.INVALID_CLAIM, "claim \"" + Untrusted.escape(claim) + "\" must be "
        + expected + ", found " + found);
  }
}
