package io.identsphere.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenRejectedException.Reason;
import io.identsphere.token.TokenValidator;
import io.identsphere.token.VerifiedToken;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TokenMinterTest {
  @RegisterExtension
  static final IdentSphereExtension IDP = new IdentSphereExtension();

  private static TokenValidator validator() {
    FakeIdentSphere idp = IDP.server();
    return IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").audience("api").clock(idp.clock()).build()
        .accessTokenValidator().toBuilder().requireClaims("sub").build();
  }

  private static void rejected(UnaryOperator<TokenMinter.Draft> preset, Reason reason) {
    String token = preset.apply(IDP.server().minter().accessToken("alice")).sign();
    assertThatThrownBy(() -> validator().validate(token))
        .as("%s", TokenMinter.explain(token, IDP.server().clock()))
        .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void goodToken_validates() {
    FakeIdentSphere idp = IDP.server();
    java.time.Instant now = idp.clock().instant();
    VerifiedToken t = validator().validate(idp.minter().accessToken("alice").sign());
    assertThat(t.subject()).isEqualTo("alice");
    assertThat(t.issuer()).contains(idp.issuer());
    assertThat(t.audience()).containsExactly("api");
    assertThat(t.algorithm()).isEqualTo(JwsAlgorithm.RS256);
    assertThat(t.type()).contains("at+jwt");
    assertThat(t.expiresAt()).contains(java.time.Instant.ofEpochSecond(now.plus(Duration.ofMinutes(5)).getEpochSecond()));
    assertThat(t.user().issuedAt()).contains(java.time.Instant.ofEpochSecond(now.getEpochSecond()));
    assertThat(t.user().roles()).containsExactly("admin", "member");
    assertThat(t.user().email()).contains("alice@example.test");
  }

  @Test
  void everyPreset_isRejectedForItsReason() {
    rejected(TokenMinter.Draft::expired, Reason.EXPIRED);
    rejected(TokenMinter.Draft::notYetValid, Reason.NOT_YET_VALID);
    rejected(TokenMinter.Draft::wrongIssuer, Reason.WRONG_ISSUER);
    rejected(TokenMinter.Draft::wrongAudience, Reason.WRONG_AUDIENCE);
    rejected(d -> d.withoutClaim("sub"), Reason.MISSING_CLAIM);
    rejected(TokenMinter.Draft::tamperedSignature, Reason.BAD_SIGNATURE);
    rejected(TokenMinter.Draft::unknownKid, Reason.UNKNOWN_KEY);
    rejected(TokenMinter.Draft::signedByForeignKey, Reason.BAD_SIGNATURE);
    rejected(TokenMinter.Draft::algNone, Reason.MALFORMED);
    rejected(TokenMinter.Draft::algorithmConfusion, Reason.UNSUPPORTED_ALGORITHM);
    rejected(TokenMinter.Draft::oversized, Reason.TOO_LARGE);
  }

  @Test
  void idToken_isRefusedAsAnAccessToken_andValidatesAsAnIdToken() {
    FakeIdentSphere idp = IDP.server();
    TokenMinter.Draft draft = idp.minter().idToken("alice", "demo-web").claim("nonce", "n-1");
    String idToken = draft.sign();
    assertThatThrownBy(() -> validator().validate(idToken)).as("%s", TokenMinter.explain(idToken, idp.clock()))
        .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_AN_ACCESS_TOKEN));
    IdentSphereClient client = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").audience("api")
        .clock(idp.clock()).build();
    assertThat(client.validateIdToken(idToken, "n-1", null).user().roles()).containsExactly("admin", "member");
    String bare = idp.minter().idToken("alice", "demo-web").withoutClaim("nonce").header("typ", null).sign();
    assertThat(client.validateIdToken(bare, null, null).type()).isEmpty();
    assertThatThrownBy(() -> client.accessTokenValidator().validate(bare)).isInstanceOfSatisfying(
        TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_AN_ACCESS_TOKEN));
  }

  @Test
  void otherAlgorithms_areSignedAndPublished() {
    FakeIdentSphere idp = IDP.server();
    TokenValidator v = validator().toBuilder().build();
    for (JwsAlgorithm alg : new JwsAlgorithm[] {JwsAlgorithm.ES256, JwsAlgorithm.PS256, JwsAlgorithm.RS512}) {
      IdentSphereClient fresh = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").audience("api")
          .clock(idp.clock()).build();
      String t = idp.minter().accessToken("bob").algorithm(alg).sign();
      VerifiedToken verified = fresh.accessTokenValidator().validate(t);
      assertThat(verified.algorithm()).isEqualTo(alg);
      assertThat(verified.subject()).isEqualTo("bob");
      assertThat(verified.audience()).containsExactly("api");
      assertThat(verified.expiresAt()).contains(java.time.Instant.ofEpochSecond(
          idp.clock().instant().plus(Duration.ofMinutes(5)).getEpochSecond()));
    }
    String hs = idp.minter().accessToken("bob").algorithm(JwsAlgorithm.HS256).sign();
    TokenValidator local = TokenValidator.newBuilder()
        .keySource(JwkSet.of(Jwk.fromSecret(idp.hmacSecret(), null, JwsAlgorithm.HS256)))
        .allowAlgorithms(JwsAlgorithm.HS256).expectIssuer(idp.issuer()).expectAudience("api").clock(idp.clock()).build();
    VerifiedToken hsVerified = local.validate(hs);
    assertThat(hsVerified.subject()).isEqualTo("bob");
    assertThat(hsVerified.algorithm()).isEqualTo(JwsAlgorithm.HS256);
    assertThat(v.validate(idp.minter().accessToken("bob").sign()).subject()).isEqualTo("bob");
  }

  @Test
  void explain_showsClaimsAndRelativeTimes() {
    String t = IDP.server().minter().accessToken("alice").expiresIn(Duration.ofSeconds(90)).sign();
    String text = TokenMinter.explain(t, IDP.server().clock());
    assertThat(text).contains("\"alg\":\"RS256\"").contains("sub: \"alice\"").contains("in 90 s)");
    IDP.server().clock().advance(Duration.ofSeconds(100));
    assertThat(TokenMinter.explain(t, IDP.server().clock())).contains("10 s ago");
    assertThat(TokenMinter.explain("nope", IDP.server().clock())).contains("1 parts");
  }

  @Test
  void extension_resetsBetweenTests_andInjects(FakeIdentSphere idp, TokenMinter minter, TestClock clock) {
    assertThat(idp).isSameAs(IDP.server());
    assertThat(idp.requests()).isEmpty();
    assertThat(clock).isSameAs(idp.clock());
    assertThat(validator().validate(minter.accessToken("bob").sign()).subject()).isEqualTo("bob");
  }

  @Test
  void standalone_describesIssuerClientsAndUsers() {
    String text = Standalone.describe(IDP.server());
    assertThat(text).contains(IDP.server().issuer()).contains("demo-web").contains("alice@example.test");
  }
}
