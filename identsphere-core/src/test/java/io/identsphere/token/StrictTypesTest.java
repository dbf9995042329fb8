package io.identsphere.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.ClaimMapping;
import io.identsphere.IdentSphereUser;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TokenRejectedException.Reason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A header or claim member that is present is never "absent": {@code null} and values of the wrong
 * JSON type are refused with a typed reason instead of skipping the check they belong to. Tokens are
 * written as raw JSON so that {@code null} members and odd types reach the validator exactly.
 */
class StrictTypesTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final String ISS = "https://id.example.test";
  private static final long EXP = NOW.plusSeconds(300).getEpochSecond();
  private static final String BASE = "\"iss\":\"" + ISS + "\",\"aud\":\"api\",\"sub\":\"u-1\",\"exp\":" + EXP;

  private static TokenValidator.Builder builder() {
    return TokenValidator.newBuilder()
        .keySource(JwkSet.of(Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "k1", JwsAlgorithm.RS256)))
        .expectIssuer(ISS).expectAudience("api").clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static String token(String header, String claims) {
    return TestTokens.rs256Json(header, claims, TestTokens.RSA.getPrivate());
  }

  private static String claims(String extra) {
    String base = extra.startsWith(",\"sub\"") ? BASE.replace(",\"sub\":\"u-1\"", "") : BASE;
    return token("{\"alg\":\"RS256\",\"kid\":\"k1\"}", "{" + base + extra + "}");
  }

  private static void rejected(TokenValidator v, String token, Reason reason, String message) {
    assertThatThrownBy(() -> v.validate(token)).isInstanceOfSatisfying(TokenRejectedException.class, e -> {
      assertThat(e.reason()).isEqualTo(reason);
      assertThat(e.getMessage()).contains(message);
    });
  }

  @Test
  void headerMembers_nullOrOfTheWrongType_areMalformed() {
    TokenValidator v = builder().build();
    String claims = "{" + BASE + "}";
    String[][] cases = {
        {"{\"alg\":\"RS256\",\"kid\":\"k1\",\"crit\":null}", "\"crit\" header must be a non-empty array of strings, found null"},
        {"{\"alg\":\"RS256\",\"kid\":\"k1\",\"crit\":[]}", "found an array"},
        {"{\"alg\":\"RS256\",\"kid\":\"k1\",\"crit\":[7]}", "found an array holding a number"},
        {"{\"alg\":\"RS256\",\"kid\":\"k1\",\"crit\":\"exp\"}", "found a string"},
        {"{\"alg\":\"RS256\",\"kid\":null}", "\"kid\" header must be a string, found null"},
        {"{\"alg\":\"RS256\",\"kid\":7}", "\"kid\" header must be a string, found a number"},
        {"{\"alg\":\"RS256\",\"kid\":[\"k1\"]}", "\"kid\" header must be a string, found an array"},
        {"{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":null}", "\"typ\" header must be a string, found null"},
        {"{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":true}", "\"typ\" header must be a string, found a boolean"},
        {"{\"alg\":null,\"kid\":\"k1\"}", "no string \"alg\""},
    };
    for (String[] c : cases) rejected(v, token(c[0], claims), Reason.MALFORMED, c[1]);
    // The same tokens with the member absent pass: the rule is about presence, not about the name.
    assertThat(v.validate(token("{\"alg\":\"RS256\",\"kid\":\"k1\"}", claims)).subject()).isEqualTo("u-1");
  }

  @Test
  void audience_ofTheWrongShape_isMalformed_whetherOrNotItIsChecked() {
    for (TokenValidator v : new TokenValidator[] {builder().build(), builder().ignoreAudience().build()}) {
      String[][] cases = {
          {"[\"api\",7]", "found an array holding a number"},
          {"[7,\"api\"]", "found an array holding a number"},
          {"[\"api\",null]", "found an array holding null"},
          {"null", "found null"},
          {"7", "found a number"},
          {"{\"api\":true}", "found an object"},
      };
      for (String[] c : cases) {
        String t = token("{\"alg\":\"RS256\",\"kid\":\"k1\"}", "{\"iss\":\"" + ISS + "\",\"sub\":\"u-1\",\"exp\":" + EXP
            + ",\"aud\":" + c[0] + "}");
        rejected(v, t, Reason.MALFORMED, "claim \"aud\" must be a string or an array of strings, " + c[1]);
      }
    }
    String empty = token("{\"alg\":\"RS256\",\"kid\":\"k1\"}", "{\"iss\":\"" + ISS + "\",\"sub\":\"u-1\",\"exp\":" + EXP
        + ",\"aud\":[]}");
    rejected(builder().build(), empty, Reason.WRONG_AUDIENCE, "but found []");
    assertThat(builder().ignoreAudience().build().validate(empty).audience()).isEmpty();
  }

  @Test
  void timeClaims_null_areInvalid_notAbsent() {
    TokenValidator v = builder().build();
    rejected(v, claims(",\"nbf\":null"), Reason.INVALID_CLAIM, "claim \"nbf\" must be a NumericDate (seconds since the epoch), found null");
    rejected(v, claims(",\"iat\":null"), Reason.INVALID_CLAIM, "claim \"iat\" must be a NumericDate");
    rejected(v, claims(",\"nbf\":\"0\""), Reason.INVALID_CLAIM, "found a string");
    String expNull = token("{\"alg\":\"RS256\",\"kid\":\"k1\"}", "{\"iss\":\"" + ISS + "\",\"aud\":\"api\",\"exp\":null}");
    rejected(v, expNull, Reason.INVALID_CLAIM, "claim \"exp\" must be a NumericDate");
    rejected(builder().acceptTokensWithoutExpiry().build(), expNull, Reason.INVALID_CLAIM, "claim \"exp\" must be a NumericDate");
  }

  @Test
  void issuer_nullOrNotAString_isInvalid_evenWhenIgnored() {
    for (TokenValidator v : new TokenValidator[] {builder().build(), builder().ignoreIssuer().build()}) {
      for (String iss : new String[] {"null", "7", "[\"" + ISS + "\"]"}) {
        String t = token("{\"alg\":\"RS256\",\"kid\":\"k1\"}", "{\"aud\":\"api\",\"sub\":\"u-1\",\"exp\":" + EXP
            + ",\"iss\":" + iss + "}");
        rejected(v, t, Reason.INVALID_CLAIM, "claim \"iss\" must be a string");
      }
    }
  }

  @Test
  void subjectJtiScopesRolesAndTenant_ofTheWrongType_areInvalid() {
    TokenValidator v = builder().build();
    String[][] cases = {
        {",\"sub\":null", "claim \"sub\" must be a string, found null"},
        {",\"jti\":42", "claim \"jti\" must be a string, found a number"},
        {",\"scope\":7", "claim \"scope\" must be a string or an array of strings, found a number"},
        {",\"scp\":[\"a\",1]", "claim \"scp\" must be a string or an array of strings, found an array holding a number"},
        {",\"roles\":null", "claim \"roles\" must be a string or an array of strings, found null"},
        {",\"roles\":[\"admin\",{\"x\":1}]", "found an array holding an object"},
        {",\"custom_roles\":true", "claim \"custom_roles\" must be a string or an array of strings, found a boolean"},
        {",\"realm_access\":\"admin\"", "claim \"realm_access\" must be an object (it leads to realm_access.roles), found a string"},
        {",\"realm_access\":{\"roles\":[1]}", "claim \"realm_access.roles\" must be a string or an array of strings"},
        {",\"tenant_id\":7,\"org\":\"acme\"", "claim \"tenant_id\" must be a string, found a number"},
        {",\"org\":null", "claim \"org\" must be a string, found null"},
    };
    for (String[] c : cases) rejected(v, claims(c[0]), Reason.INVALID_CLAIM, c[1]);
  }

  @Test
  void wellTypedClaims_stillPass_withTheirValues() {
    VerifiedToken t = builder().build().validate(claims(",\"jti\":\"j\",\"scope\":\"a b\",\"roles\":\"admin ops\","
        + "\"realm_access\":{\"roles\":[\"auditor\"]},\"custom_roles\":[],\"tenant_id\":\"t-1\",\"typ\":\"Bearer\""));
    IdentSphereUser u = t.user();
    assertThat(u.subject()).isEqualTo("u-1");
    assertThat(u.roles()).containsExactly("admin", "ops", "auditor");
    assertThat(u.scopes()).containsExactly("a", "b");
    assertThat(u.tenantId()).contains("t-1");
    assertThat(t.expiresAt()).contains(Instant.ofEpochSecond(EXP));
    // A realm_access without roles, or roles under a custom mapping that is absent, are simply none.
    TokenValidator custom = builder().claimMapping(ClaimMapping.DEFAULT.withRoleClaims("groups", "a.b.c")).build();
    assertThat(custom.validate(claims(",\"a\":{\"x\":1}")).user().roles()).isEmpty();
  }

  @Test
  void userFromAnotherSource_neverFallsThroughFromAWronglyTypedTenant() {
    IdentSphereUser u = IdentSphereUser.fromClaims(Map.of("sub", "u", "tenant_id", 7, "org", "acme"), ClaimMapping.DEFAULT);
    assertThat(u.tenantId()).isEmpty();
    assertThat(IdentSphereUser.fromClaims(Map.of("sub", "u", "org", "acme"), ClaimMapping.DEFAULT).tenantId()).contains("acme");
  }
}
