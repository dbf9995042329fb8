package io.identsphere.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.IdentityServerException;
import io.identsphere.oidc.IdentityServerException.Kind;
import io.identsphere.oidc.TokenResponse;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenRejectedException.Reason;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** OIDC Core §12.2: the ID token of a refresh answer is checked, over real HTTP against the fake server. */
@ExtendWith(IdentSphereExtension.class)
class RefreshIdTokenTest {

  private static TokenResponse refreshWithFault(FakeIdentSphere idp, Map<String, ?> claims, boolean previousForm)
      throws Exception {
    IdentSphereClient c = FlowTest.client(idp);
    TokenResponse login = FlowTest.login(idp, c);
    idp.faultOnce(Endpoint.TOKEN, Fault.refreshedIdTokenClaims(claims));
    return previousForm ? c.refresh(login) : c.refresh(login.refreshToken().orElseThrow(), "alice");
  }

  @Test
  void refresh_returnsANewIdTokenForTheSameUser_withTheOriginalAuthTime(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = FlowTest.client(idp);
    TokenResponse login = FlowTest.login(idp, c);
    idp.clock().advance(Duration.ofSeconds(90));
    TokenResponse fresh = c.refresh(login);
    assertThat(fresh.idToken()).isPresent().isNotEqualTo(login.idToken());
    var id = c.validateIdToken(fresh.idToken().get(), null, fresh.accessToken());
    assertThat(id.subject()).isEqualTo("alice");
    assertThat(id.claims().get("auth_time")).isEqualTo(idp.clock().instant().minusSeconds(90).getEpochSecond());
    TokenResponse again = c.refresh(fresh.refreshToken().orElseThrow(), "alice");
    assertThat(c.accessTokenValidator().validate(again.accessToken()).subject()).isEqualTo("alice");
  }

  @Test
  void refreshedIdTokenForAnotherUser_isSubjectMismatch_inBothForms(FakeIdentSphere idp) throws Exception {
    for (boolean previousForm : new boolean[] {true, false}) {
      assertThatThrownBy(() -> refreshWithFault(idp, Map.of("sub", "mallory"), previousForm))
          .isInstanceOfSatisfying(IdentityServerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.SUBJECT_MISMATCH))
          .hasMessageContaining("\"mallory\"").hasMessageContaining("\"alice\"");
    }
  }

  @Test
  void refreshWithoutAnExpectedSubject_stillChecksTheRest_butNotSub(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = FlowTest.client(idp);
    TokenResponse login = FlowTest.login(idp, c);
    idp.faultOnce(Endpoint.TOKEN, Fault.refreshedIdTokenClaims(Map.of("sub", "mallory")));
    TokenResponse fresh = c.refresh(login.refreshToken().orElseThrow());
    assertThat(c.validateIdToken(fresh.idToken().get(), null, null).subject()).isEqualTo("mallory");
    idp.faultOnce(Endpoint.TOKEN, Fault.refreshedIdTokenClaims(Map.of("aud", "someone-else")));
    assertThatThrownBy(() -> c.refresh(fresh.refreshToken().orElseThrow()))
        .isInstanceOfSatisfying(IdentityServerException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.ID_TOKEN_REJECTED);
          assertThat(((TokenRejectedException) e.getCause()).reason()).isEqualTo(Reason.WRONG_AUDIENCE);
        });
  }

  @Test
  void refreshedIdTokenFromAnotherIssuer_isIssuerMismatch(FakeIdentSphere idp) {
    assertThatThrownBy(() -> refreshWithFault(idp, Map.of("iss", "https://evil.example"), true))
        .isInstanceOfSatisfying(IdentityServerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.ISSUER_MISMATCH));
  }

  @Test
  void expiredRefreshedIdToken_isRejected_withTheReasonAsCause(FakeIdentSphere idp) {
    long past = idp.clock().instant().minusSeconds(3600).getEpochSecond();
    assertThatThrownBy(() -> refreshWithFault(idp, Map.of("exp", past), true))
        .isInstanceOfSatisfying(IdentityServerException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.ID_TOKEN_REJECTED);
          assertThat(((TokenRejectedException) e.getCause()).reason()).isEqualTo(Reason.EXPIRED);
        });
  }

  @Test
  void changedAuthTime_isRejected(FakeIdentSphere idp) {
    long later = idp.clock().instant().plusSeconds(30).getEpochSecond();
    assertThatThrownBy(() -> refreshWithFault(idp, Map.of("auth_time", later), true))
        .isInstanceOfSatisfying(IdentityServerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.ID_TOKEN_REJECTED))
        .hasMessageContaining("auth_time");
  }

  @Test
  void refreshedIdTokenWithANonce_isAccepted_noneIsRequired(FakeIdentSphere idp) throws Exception {
    TokenResponse fresh = refreshWithFault(idp, Map.of("nonce", "left-from-login"), true);
    assertThat(fresh.idToken()).isPresent();
  }

  @Test
  void refreshOfAPreviousAnswerWithoutARefreshToken_isAProgrammerError(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = FlowTest.client(idp);
    TokenResponse cc = c.clientCredentials();
    assertThatThrownBy(() -> c.refresh(cc)).isInstanceOf(IllegalArgumentException.class);
  }
}
