package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.IdentSphereUser;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Strict types in introspection, userinfo and token endpoint answers, hostile numbers included. */
@Timeout(20) // a hostile number must never hang a test
class ServerAnswersTest {
  private final LocalServer server;
  private final Fixtures.MutableClock clock = new Fixtures.MutableClock();
  private final long now = clock.instant().getEpochSecond();

  ServerAnswersTest() throws Exception {
    server = new LocalServer();
    Fixtures.serveDiscovery(server, Map.of());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private IdentSphereClient client() {
    return IdentSphereClient.newBuilder(server.base()).clientId("web").clientSecret(Fixtures.SECRET)
        .redirectUri(URI.create("http://127.0.0.1:9/cb")).clock(clock).timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
        .build();
  }

  private IdentityServerException.Kind introspectionKind(String json) {
    Fixtures.answer(server, "/introspect", 200, json);
    IdentityServerException[] caught = new IdentityServerException[1];
    assertThatThrownBy(() -> client().introspect("tok")).isInstanceOfSatisfying(IdentityServerException.class,
        e -> caught[0] = e);
    assertThat(caught[0].getMessage()).doesNotContain("\n");
    return caught[0].kind();
  }

  // ---- introspection ----------------------------------------------------------------------------

  @Test
  void introspection_activeAnswer_givesTheUser() {
    Fixtures.answer(server, "/introspect", 200, "{\"active\":true,\"sub\":\"alice\",\"iss\":\"" + server.base()
        + "\",\"aud\":[\"api\",\"web\"],\"exp\":" + (now + 60) + ",\"iat\":" + (now - 1) + ".5,\"nbf\":" + (now - 1)
        + ",\"scope\":\"read write\",\"client_id\":\"web\",\"username\":\"alice@x\",\"token_type\":\"Bearer\",\"roles\":[\"admin\"]}");
    IntrospectionResult r = client().introspect("tok");
    assertThat(r.active()).isTrue();
    IdentSphereUser u = r.user().orElseThrow();
    assertThat(u.subject()).isEqualTo("alice");
    assertThat(u.hasRole("admin")).isTrue();
    assertThat(u.expiresAt()).contains(Instant.ofEpochSecond(now + 60));
  }

  @Test
  void introspection_activeAsAString_isMalformed_notActive() {
    assertThat(introspectionKind("{\"active\":\"true\",\"sub\":\"alice\"}")).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(introspectionKind("{\"active\":1}")).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(introspectionKind("{\"sub\":\"alice\"}")).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"active\":true,\"exp\":\"tomorrow\"}", "{\"active\":true,\"iat\":true}",
      "{\"active\":true,\"nbf\":[1]}", "{\"active\":true,\"exp\":1e99999999}", "{\"active\":true,\"exp\":-1e99999999}",
      "{\"active\":true,\"exp\":1e-99999999}", "{\"active\":true,\"iat\":-1e-99999999}", "{\"active\":true,\"nbf\":0e-99999999}",
      "{\"active\":true,\"iat\":123456789012345678901234567890}", "{\"active\":true,\"exp\":9223372036854775807}",
      "{\"active\":true,\"sub\":5}", "{\"active\":true,\"client_id\":{}}", "{\"active\":true,\"scope\":[\"a\"]}",
      "{\"active\":true,\"username\":null,\"token_type\":false}", "{\"active\":true,\"aud\":7}",
      "{\"active\":true,\"aud\":[\"api\",7]}", "{\"active\":true,\"jti\":1}"})
  void introspection_registeredMemberOfTheWrongType_isMalformed_fast(String json) {
    long start = System.nanoTime();
    assertThat(introspectionKind(json)).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void introspection_pastOrTinyExp_answersFast_asInactive() {
    for (String exp : new String[] {"1e-9", "-1e-999", String.valueOf(now), String.valueOf(now - 1), "0.5", now + ".0e-5"}) {
      Fixtures.answer(server, "/introspect", 200, "{\"active\":true,\"sub\":\"alice\",\"exp\":" + exp + "}");
      long start = System.nanoTime();
      IntrospectionResult r = client().introspect("tok");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(r.active()).as(exp).isFalse();
      assertThat(r.user()).isEmpty();
    }
    Fixtures.answer(server, "/introspect", 200, "{\"active\":true,\"sub\":\"alice\",\"exp\":" + (now + 1) + "}");
    assertThat(client().introspect("tok").active()).isTrue();
  }

  @Test
  void introspection_issOfAnotherServer_isRefused_andInactiveAnswersAreNotCheckedFurther() {
    assertThat(introspectionKind("{\"active\":true,\"iss\":\"https://evil.example\"}")).isEqualTo(Kind.ISSUER_MISMATCH);
    Fixtures.answer(server, "/introspect", 200, "{\"active\":false,\"exp\":\"whatever\"}");
    assertThat(client().introspect("tok").active()).isFalse();
  }

  // ---- userinfo ---------------------------------------------------------------------------------

  @Test
  void userinfo_wellTypedAnswer_givesTheUser() {
    Fixtures.answer(server, "/userinfo", 200, "{\"sub\":\"alice\",\"email\":\"a@x\",\"email_verified\":true,"
        + "\"updated_at\":1700000000,\"address\":{\"country\":\"NZ\"},\"iss\":\"" + server.base() + "\"}");
    IdentSphereUser u = client().userInfo("at", "alice");
    assertThat(u.subject()).isEqualTo("alice");
    assertThat(u.emailVerified()).isTrue();
    assertThat(u.email()).contains("a@x");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"sub\":\"alice\",\"email_verified\":\"true\"}", "{\"sub\":\"alice\",\"phone_number_verified\":1}",
      "{\"sub\":\"alice\",\"email\":[\"a@x\"]}", "{\"sub\":\"alice\",\"name\":{}}", "{\"sub\":\"alice\",\"address\":\"NZ\"}",
      "{\"sub\":\"alice\",\"updated_at\":1e99999999}", "{\"sub\":\"alice\",\"updated_at\":1e-99999999}", "{\"sub\":\"alice\",\"updated_at\":\"2020\"}", "{\"sub\":7}",
      "{\"sub\":\"\"}", "{\"email\":\"a@x\"}", "{\"sub\":\"alice\",\"aud\":[1]}"})
  void userinfo_claimOfTheWrongType_isMalformed(String json) {
    Fixtures.answer(server, "/userinfo", 200, json);
    assertThatThrownBy(() -> client().userInfo("at")).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.MALFORMED_RESPONSE));
  }

  @Test
  void userinfo_otherSubjectOrIssuer_isRefused() {
    Fixtures.answer(server, "/userinfo", 200, "{\"sub\":\"mallory\"}");
    assertThatThrownBy(() -> client().userInfo("at", "alice")).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.SUBJECT_MISMATCH));
    Fixtures.answer(server, "/userinfo", 200, "{\"sub\":\"alice\",\"iss\":\"https://evil.example\"}");
    assertThatThrownBy(() -> client().userInfo("at", "alice")).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.ISSUER_MISMATCH));
  }

  // ---- token endpoint ---------------------------------------------------------------------------

  private static String tokens(String extra) {
    return "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\"" + extra + "}";
  }

  @ParameterizedTest
  @ValueSource(strings = {",\"expires_in\":-1", ",\"expires_in\":1.5", ",\"expires_in\":3.6e3", ",\"expires_in\":1e99999999",
      ",\"expires_in\":1e-99999999", ",\"expires_in\":99999999999999999999", ",\"expires_in\":9223372036854775807",
      ",\"expires_in\":2147483648", ",\"expires_in\":\"3600\"", ",\"expires_in\":null,\"x\":1,\"expires_in\":true"})
  void tokenResponse_hostileExpiresIn_isMalformed_fast(String extra) {
    Fixtures.answer(server, "/token", 200, tokens(extra));
    long start = System.nanoTime();
    assertThatThrownBy(() -> client().clientCredentials()).isInstanceOf(IdentityServerException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void tokenResponse_expiresIn_countsFromReceipt_zeroAndTheMaximumIncluded() {
    Fixtures.answer(server, "/token", 200, tokens(",\"expires_in\":300"));
    assertThat(client().clientCredentials().expiresAt()).contains(clock.instant().plusSeconds(300));
    Fixtures.answer(server, "/token", 200, tokens(",\"expires_in\":0"));
    assertThat(client().clientCredentials().expiresAt()).contains(clock.instant());
    Fixtures.answer(server, "/token", 200, tokens(",\"expires_in\":2147483647"));
    assertThat(client().clientCredentials().expiresAt()).contains(clock.instant().plusSeconds(Integer.MAX_VALUE));
    Fixtures.answer(server, "/token", 200, tokens(""));
    assertThat(client().clientCredentials().expiresAt()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"token_type\":\"Bearer\"}", "{\"access_token\":\"\",\"token_type\":\"Bearer\"}",
      "{\"access_token\":5,\"token_type\":\"Bearer\"}", "{\"access_token\":\"at\"}",
      "{\"access_token\":\"at\",\"token_type\":\"mac\"}",
      "{\"access_token\":\"at\",\"token_type\":1}", "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"refresh_token\":1}",
      "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"id_token\":{}}",
      "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"scope\":[\"a\"]}"})
  void tokenResponse_badAccessTokenTokenTypeOrMembers_isMalformed(String json) {
    Fixtures.answer(server, "/token", 200, json);
    assertThatThrownBy(() -> client().clientCredentials()).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.MALFORMED_RESPONSE));
  }

  @Test
  void tokenResponse_bearerInAnyCase_isAccepted() {
    Fixtures.answer(server, "/token", 200, "{\"access_token\":\"at-1\",\"token_type\":\"bEaReR\",\"scope\":\"a b\"}");
    TokenResponse t = client().clientCredentials();
    assertThat(t.accessToken()).isEqualTo("at-1");
    assertThat(t.tokenType()).isEqualTo("bEaReR");
    assertThat(t.scopes()).containsExactly("a", "b");
  }

  @Test
  void refresh_withoutRotation_keepsTheRefreshToken_andExpiresAtCountsOnce() {
    Fixtures.answer(server, "/token", 200, tokens(",\"expires_in\":300"));
    TokenResponse t = client().refresh("rt-old");
    assertThat(t.refreshToken()).contains("rt-old");
    assertThat(t.expiresAt()).contains(clock.instant().plusSeconds(300));
  }
}
