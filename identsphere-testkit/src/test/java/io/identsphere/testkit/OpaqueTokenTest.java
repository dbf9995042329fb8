package io.identsphere.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.IdentityServerException;
import io.identsphere.oidc.IntrospectingVerifier;
import io.identsphere.oidc.TokenResponse;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenRejectedException.Reason;
import io.identsphere.token.VerifiedToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Opaque access tokens verified by introspection (RFC 7662) against a fake server that issues them, over real HTTP. */
class OpaqueTokenTest {
  @RegisterExtension
  static final IdentSphereExtension EXT = new IdentSphereExtension(FakeIdentSphere.newBuilder().opaqueAccessTokens());

  private static IntrospectingVerifier verifier(FakeIdentSphere idp) {
    return FlowTest.client(idp).introspectingVerifier().build();
  }

  @Test
  void opaqueTokenFromTheCodeFlow_isVerifiedByIntrospection_asTheTypedUser(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = FlowTest.client(idp);
    TokenResponse tokens = FlowTest.login(idp, c);
    assertThat(tokens.accessToken()).doesNotContain(".");
    VerifiedToken t = c.introspectingVerifier().build().verify(tokens.accessToken());
    assertThat(t.introspected()).isTrue();
    assertThat(t.subject()).isEqualTo("alice");
    assertThat(t.user().roles()).containsExactly("admin", "member");
    assertThat(t.user().tenantId()).contains("acme");
    assertThat(t.user().scopes()).contains("openid", "profile");
    assertThat(t.claim("client_id")).contains("demo-web");
    assertThat(t.expiresAt()).contains(idp.clock().instant().plusSeconds(300));
    assertThat(t.header()).isEmpty();
    assertThatThrownBy(t::algorithm).isInstanceOf(IllegalStateException.class);
    assertThat(idp.count(Endpoint.INTROSPECTION)).isEqualTo(1);
    // the fake's userinfo resolves the opaque token too, as a real server would
    assertThat(c.userInfo(tokens.accessToken(), "alice").subject()).isEqualTo("alice");
  }

  @Test
  void acceptedAnswer_isReusedUntilCacheTtl_thenAskedAgain(FakeIdentSphere idp) {
    IntrospectingVerifier v = FlowTest.client(idp).introspectingVerifier().cacheTtl(Duration.ofSeconds(30)).build();
    String token = idp.opaqueTokenFor(idp.minter().accessToken("bob").sign());
    for (int i = 0; i < 5; i++) assertThat(v.verify(token).subject()).isEqualTo("bob");
    assertThat(idp.count(Endpoint.INTROSPECTION)).isEqualTo(1);
    idp.clock().advance(Duration.ofSeconds(29));
    v.verify(token);
    assertThat(idp.count(Endpoint.INTROSPECTION)).isEqualTo(1);
    idp.clock().advance(Duration.ofSeconds(1));
    v.verify(token);
    assertThat(idp.count(Endpoint.INTROSPECTION)).isEqualTo(2);
  }

  @Test
  void cachedAnswer_neverOutlivesTheAnswersExp(FakeIdentSphere idp) {
    IntrospectingVerifier v = FlowTest.client(idp).introspectingVerifier().cacheTtl(Duration.ofMinutes(10)).build();
    String token = idp.opaqueTokenFor(idp.minter().accessToken("bob").expiresIn(Duration.ofSeconds(20)).sign());
    v.verify(token);
    idp.clock().advance(Duration.ofSeconds(20));
    assertThatThrownBy(() -> v.verify(token)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.INACTIVE));
    assertThat(idp.count(Endpoint.INTROSPECTION)).isEqualTo(2);
  }

  @Test
  void inactiveAnswer_isCachedBriefly_andForShorterThanAnActiveOne(FakeIdentSphere idp) {
    IntrospectingVerifier v = FlowTest.client(idp).introspectingVerifier().inactiveTtl(Duration.ofSeconds(5)).build();
    String unknown = "not-a-token-this-server-issued";
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> v.verify(unknown)).isInstanceOfSatisfying(TokenRejectedException.class,
          e -> assertThat(e.reason()).isEqualTo(Reason.INACTIVE));
    }
    assertThat(idp.count(Endpoint.INTROSPECTION)).isEqualTo(1);
    idp.clock().advance(Duration.ofSeconds(5));
    assertThatThrownBy(() -> v.verify(unknown)).isInstanceOf(TokenRejectedException.class);
    assertThat(idp.count(Endpoint.INTROSPECTION)).isEqualTo(2);
  }

  @Test
  void revokedToken_isRefusedOnceTheCachedAnswerHasExpired(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = FlowTest.client(idp);
    IntrospectingVerifier v = c.introspectingVerifier().cacheTtl(Duration.ofSeconds(10)).build();
    TokenResponse tokens = FlowTest.login(idp, c);
    v.verify(tokens.accessToken());
    c.revoke(tokens.accessToken(), "access_token");
    v.verify(tokens.accessToken()); // the revocation lag: the cached answer
    idp.clock().advance(Duration.ofSeconds(10));
    assertThatThrownBy(() -> v.verify(tokens.accessToken())).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.INACTIVE));
  }

  @Test
  void floodOfDistinctTokens_keepsAtMostMaxEntries_leastRecentlyUsedOut(FakeIdentSphere idp) {
    IntrospectingVerifier v = FlowTest.client(idp).introspectingVerifier().maxEntries(4).build();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 20; i++) tokens.add(idp.opaqueTokenFor(idp.minter().accessToken("bob").sign()));
    for (String t : tokens) v.verify(t);
    assertThat(idp.count(Endpoint.INTROSPECTION)).isEqualTo(20);
    for (String t : tokens.subList(16, 20)) v.verify(t); // the last four are kept
    assertThat(idp.count(Endpoint.INTROSPECTION)).isEqualTo(20);
    v.verify(tokens.get(0)); // the first was evicted
    assertThat(idp.count(Endpoint.INTROSPECTION)).isEqualTo(21);
  }

  @Test
  void concurrentRequestsWithOneToken_shareOneIntrospection(FakeIdentSphere idp) throws Exception {
    IntrospectingVerifier v = verifier(idp);
    String token = idp.opaqueTokenFor(idp.minter().accessToken("alice").sign());
    idp.faultOnce(Endpoint.INTROSPECTION, Fault.delay(Duration.ofMillis(300)));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      List<java.util.concurrent.Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) answers.add(pool.submit(() -> v.verify(token).subject()));
      for (java.util.concurrent.Future<String> a : answers) assertThat(a.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("alice");
    } finally {
      pool.shutdownNow();
    }
    assertThat(idp.count(Endpoint.INTROSPECTION)).isEqualTo(1);
  }

  @Test
  void jwt_isValidatedLocally_unlessIntrospectJwtsIsSet(FakeIdentSphere idp) {
    String jwt = idp.minter().accessToken("alice").sign();
    VerifiedToken local = verifier(idp).verify(jwt);
    assertThat(local.introspected()).isFalse();
    assertThat(local.subject()).isEqualTo("alice");
    assertThat(idp.count(Endpoint.INTROSPECTION)).isZero();
    VerifiedToken asked = FlowTest.client(idp).introspectingVerifier().introspectJwts().build().verify(jwt);
    assertThat(asked.introspected()).isTrue();
    assertThat(asked.subject()).isEqualTo("alice");
    assertThat(idp.count(Endpoint.INTROSPECTION)).isEqualTo(1);
  }

  @Test
  void refreshTokenPresentedAsBearer_isNotAnAccessToken(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = FlowTest.client(idp);
    String rt = FlowTest.login(idp, c).refreshToken().orElseThrow();
    assertThatThrownBy(() -> c.introspectingVerifier().build().verify(rt))
        .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_AN_ACCESS_TOKEN));
  }

  @Test
  void opaqueHandleOfAnIdToken_isRefused(FakeIdentSphere idp) {
    String handle = idp.opaqueTokenFor(idp.minter().idToken("alice", "demo-web").sign());
    assertThatThrownBy(() -> verifier(idp).verify(handle)).isInstanceOf(TokenRejectedException.class);
  }

  @Test
  void opaqueTokenAddressedToTheClient_isNotAnAccessToken(FakeIdentSphere idp) {
    // the fake answers active (it checks no audience); the client's ID tokens carry its id in aud
    String handle = idp.opaqueTokenFor(idp.minter().accessToken("alice").audience("api", "demo-web").sign());
    assertThatThrownBy(() -> verifier(idp).verify(handle))
        .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_AN_ACCESS_TOKEN));
  }

  @Test
  void opaqueTokenForAnotherApi_isWrongAudience_andWithoutAud_isMissingClaim(FakeIdentSphere idp) {
    String other = idp.opaqueTokenFor(idp.minter().accessToken("alice").audience("billing").sign());
    assertThatThrownBy(() -> verifier(idp).verify(other))
        .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_AUDIENCE));
    String none = idp.opaqueTokenFor(idp.minter().accessToken("alice").withoutClaim("aud").sign());
    assertThatThrownBy(() -> verifier(idp).verify(none))
        .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_CLAIM));
  }

  @Test
  void definiteErrorAboutTheToken_isARejection_butAnOutageIsNot_andIsNotCached(FakeIdentSphere idp) {
    IntrospectingVerifier v = verifier(idp);
    String token = idp.opaqueTokenFor(idp.minter().accessToken("alice").sign());
    idp.faultOnce(Endpoint.INTROSPECTION, Fault.oauthError(400, "invalid_token", "cannot introspect that"));
    assertThatThrownBy(() -> v.verify(token)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.INACTIVE));
    String other = idp.opaqueTokenFor(idp.minter().accessToken("alice").sign());
    idp.faultOnce(Endpoint.INTROSPECTION, Fault.status(503));
    assertThatThrownBy(() -> v.verify(other)).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.status()).hasValue(503));
    idp.faultOnce(Endpoint.INTROSPECTION, Fault.oauthError(401, "invalid_client", "bad client"));
    assertThatThrownBy(() -> v.verify(other)).isInstanceOf(IdentityServerException.class);
    assertThat(v.verify(other).subject()).isEqualTo("alice");
    assertThat(idp.count(Endpoint.INTROSPECTION)).isEqualTo(4);
  }

  @Test
  void tokensOfTheWrongShape_areRefused_withoutACall(FakeIdentSphere idp) {
    IntrospectingVerifier v = verifier(idp);
    assertThatThrownBy(() -> v.verify("two words")).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    assertThatThrownBy(() -> v.verify("")).isInstanceOf(TokenRejectedException.class);
    assertThatThrownBy(() -> v.verify("a".repeat(IntrospectingVerifier.MAX_TOKEN_LENGTH + 1)))
        .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    assertThat(idp.count(Endpoint.INTROSPECTION)).isZero();
  }

  @Test
  void options_areChecked(FakeIdentSphere idp) {
    IdentSphereClient c = FlowTest.client(idp);
    assertThatThrownBy(() -> c.introspectingVerifier().cacheTtl(Duration.ofSeconds(1)).inactiveTtl(Duration.ofSeconds(2)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("shorter");
    assertThatThrownBy(() -> c.introspectingVerifier().maxEntries(0)).isInstanceOf(IllegalArgumentException.class);
    IdentSphereClient noAudience = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web")
        .clientSecret(FakeIdentSphere.DEMO_SECRET).build();
    assertThatThrownBy(noAudience::introspectingVerifier).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("audience");
  }
}
