package io.identsphere.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.oidc.ApiRequest;
import io.identsphere.oidc.ApiResponse;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.IdentityServerException;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code client.api()}: any {@code /v1} call, logout and refresh against the fake's session table, over real HTTP. */
@ExtendWith(IdentSphereExtension.class)
class IdentSphereApiTest {
  private static final String ALICE = "{\"email\":\"alice@example.test\",\"password\":\"password\"}";

  static IdentSphereClient client(FakeIdentSphere idp) {
    return IdentSphereClient.newBuilder(idp.issuer()).validateOnly().ignoreAudience().clock(idp.clock())
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)).build();
  }

  /** The browser's {@code Cookie} header after a login, with an app cookie beside IdentSphere's. */
  static String cookieHeader(ApiResponse r) {
    return "app_session=APP-SECRET; " + r.setCookies().stream().map(c -> c.substring(0, c.indexOf(';')))
        .collect(Collectors.joining("; "));
  }

  @Test
  void login_setsHttpOnlySameSiteCookies_andOpensASession(FakeIdentSphere idp) {
    ApiResponse r = client(idp).api().login(ALICE);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.successful()).isTrue();
    assertThat(r.isJson()).isTrue();
    assertThat(r.setCookies()).hasSize(2);
    assertThat(r.setCookies().get(0)).startsWith("identsphere_at=").contains("HttpOnly", "SameSite=Lax", "Max-Age=300");
    assertThat(r.setCookies().get(1)).startsWith("identsphere_rt=").contains("HttpOnly", "SameSite=Lax");
    assertThat(idp.openSessions("alice")).isEqualTo(1);
  }

  @Test
  void call_anyEndpoint_forwardsOnlyTheIdentSphereCookies(FakeIdentSphere idp) {
    IdentSphereClient c = client(idp);
    String cookies = cookieHeader(c.api().login(ALICE));
    ApiResponse sessions = c.api().call(ApiRequest.get("/v1/users/me/sessions").cookies(cookies));
    assertThat(sessions.status()).isEqualTo(200);
    assertThat(sessions.body()).contains("\"current\":true");
    RecordedRequest sent = idp.requests(Endpoint.API_SESSIONS).get(0);
    assertThat(sent.method()).isEqualTo("GET");
    assertThat(sent.header("cookie").orElseThrow()).startsWith("identsphere_at=").contains("identsphere_rt=")
        .doesNotContain("app_session").doesNotContain("APP-SECRET");
    assertThat(sent.header("authorization")).isEmpty();
  }

  @Test
  void call_withABearerToken_forwardsIt_andAnErrorStatusIsReturnedNotThrown(FakeIdentSphere idp) {
    IdentSphereClient c = client(idp);
    String token = idp.minter().accessToken("bob").sign();
    ApiResponse me = c.api().call(ApiRequest.get("/v1/users/me").bearer(token));
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.body()).contains("\"sub\":\"bob\"");
    ApiResponse anonymous = c.api().call(ApiRequest.get("/v1/users/me"));
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.successful()).isFalse();
    ApiResponse unknown = c.api().call(ApiRequest.delete("/v1/no/such/endpoint").bearer(token));
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void call_withAJsonBody_sendsItAsJson(FakeIdentSphere idp) {
    ApiResponse r = client(idp).api().call(ApiRequest.post("/v1/auth/login", ALICE));
    assertThat(r.status()).isEqualTo(200);
    RecordedRequest sent = idp.requests(Endpoint.API_LOGIN).get(0);
    assertThat(sent.header("content-type")).contains("application/json");
    assertThat(sent.body()).isEqualTo(ALICE);
  }

  @Test
  void logout_endsTheSession_soThePerRequestSessionCheckFails(FakeIdentSphere idp) {
    IdentSphereClient c = client(idp);
    String cookies = cookieHeader(c.api().login(ALICE));
    assertThat(c.api().me(cookies, null).subject()).isEqualTo("alice");
    ApiResponse out = c.api().logout(cookies, null);
    assertThat(out.status()).isEqualTo(200);
    assertThat(out.setCookies()).containsExactly("identsphere_at=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
        "identsphere_rt=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    assertThatThrownBy(() -> c.api().me(cookies, null)).isInstanceOf(IdentityServerException.class)
        .satisfies(e -> assertThat(((IdentityServerException) e).status()).hasValue(401));
    assertThat(c.api().refresh(cookies).status()).isEqualTo(401);
    assertThat(idp.openSessions("alice")).isZero();
  }

  @Test
  void revokeSessions_theAdminCall_endsEverySessionOfTheUser(FakeIdentSphere idp) {
    IdentSphereClient c = client(idp);
    String first = cookieHeader(c.api().login(ALICE));
    String second = cookieHeader(c.api().login(ALICE));
    assertThat(idp.openSessions("alice")).isEqualTo(2);
    idp.revokeSessions("alice");
    for (String cookies : List.of(first, second)) {
      assertThat(c.api().call(ApiRequest.get("/v1/users/me").cookies(cookies)).status()).isEqualTo(401);
    }
    // Validation alone still accepts the token until it expires: Pattern 2's revocation lag.
    String at = first.split("identsphere_at=")[1].split(";")[0];
    assertThat(c.validateToken(at).subject()).isEqualTo("alice");
  }

  @Test
  void refresh_rotatesBothCookies_andTheOldRefreshCookieIsSpent(FakeIdentSphere idp) {
    IdentSphereClient c = client(idp);
    String cookies = cookieHeader(c.api().login(ALICE));
    idp.clock().advance(Duration.ofMinutes(6)); // the access token has expired
    assertThat(c.api().call(ApiRequest.get("/v1/users/me").cookies(cookies)).status()).isEqualTo(401);
    ApiResponse renewed = c.api().refresh(cookies);
    assertThat(renewed.status()).isEqualTo(200);
    assertThat(renewed.setCookies()).hasSize(2).allSatisfy(s -> assertThat(s).contains("HttpOnly", "SameSite=Lax"));
    String fresh = cookieHeader(renewed);
    assertThat(c.api().me(fresh, null).subject()).isEqualTo("alice");
    ApiResponse reused = c.api().refresh(cookies);
    assertThat(reused.status()).isEqualTo(401);
    assertThat(reused.setCookies()).allSatisfy(s -> assertThat(s).contains("Max-Age=0"));
  }

  @Test
  void call_slowerThanTheRequestTimeout_failsWithTimeout(FakeIdentSphere idp) {
    idp.faultOnce(Endpoint.API_SESSIONS, Fault.delay(Duration.ofMillis(1200)));
    IdentSphereClient impatient = IdentSphereClient.newBuilder(idp.issuer()).validateOnly().ignoreAudience()
        .timeouts(Duration.ofSeconds(2), Duration.ofMillis(300)).build();
    assertThatThrownBy(() -> impatient.api().call(ApiRequest.get("/v1/users/me/sessions")))
        .isInstanceOf(IdentityServerException.class)
        .satisfies(e -> assertThat(((IdentityServerException) e).kind()).isEqualTo(Kind.TIMEOUT));
  }

  @Test
  void call_answerLargerThanTheBound_failsWithResponseTooLarge(FakeIdentSphere idp) {
    IdentSphereClient tiny = IdentSphereClient.newBuilder(idp.issuer()).validateOnly().ignoreAudience().clock(idp.clock())
        .maxResponseBytes(64).build();
    assertThatThrownBy(() -> tiny.api().login(ALICE)).isInstanceOf(IdentityServerException.class)
        .satisfies(e -> assertThat(((IdentityServerException) e).kind()).isEqualTo(Kind.RESPONSE_TOO_LARGE));
  }

  @Test
  void call_unreachableServer_failsWithUnreachable() {
    IdentSphereClient c = IdentSphereClient.newBuilder("http://127.0.0.1:1").validateOnly().build();
    assertThatThrownBy(() -> c.api().call(ApiRequest.get("/v1/users/me"))).isInstanceOf(IdentityServerException.class)
        .satisfies(e -> assertThat(((IdentityServerException) e).kind()).isEqualTo(Kind.UNREACHABLE));
  }
}
