package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The paths and credentials an {@link ApiRequest} accepts: nothing may leave the identity server's {@code /v1}. */
class ApiRequestTest {
  @ParameterizedTest
  @ValueSource(strings = {"/v1/users/me", "/v1/users/me/sessions", "/v1/users?page=2&size=10", "/v1/users/a%20b",
      "/v1/auth/login", "/v1/orgs/acme/members/bob%40example.test", "/v1/search?q=a%2Fb", "/v1/x?next=http://elsewhere"})
  void path_underV1_isAccepted(String path) {
    assertThat(ApiRequest.get(path).path()).isEqualTo(path);
    URI u = ApiPaths.resolve("http://identsphere:4000", path);
    assertThat(u.getHost()).isEqualTo("identsphere");
    assertThat(u.getPort()).isEqualTo(4000);
    assertThat(u.getRawPath()).startsWith("/v1/");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "v1/users/me", "/v2/users", "/v1", "/V1/users",                                 // not under /v1/
      "http://evil.example/v1/x", "//evil.example/v1/x", "https:/v1/x",                  // scheme, host
      "@evil.example/v1/x", "/v1/x\\..\\..\\admin", "/\\evil.example/v1/",                 // user-info, backslash
      "/v1/../admin", "/v1/users/..", "/v1/./users", "/v1/users/.", "/v1/a/../../x",    // dot segments
      "/v1//evil.example", "/v1/users//me",                                             // empty segments
      "/v1/%2e%2e/admin", "/v1/%2E%2E/admin", "/v1/.%2e/admin", "/v1/users%2f..%2fadmin", "/v1/a%2Fb",
      "/v1/a%5cb", "/v1/a%5C..", "/v1/%252e%252e/admin", "/v1/a%00b", "/v1/a%0d%0aHost:%20evil", "/v1/a%3Fx", "/v1/a%23x",
      "/v1/a%", "/v1/a%2", "/v1/a%zz",                                                   // broken escapes
      "/v1/a b", "/v1/a\tb", "/v1/a\r\nHost: evil", "/v1/a\u0000", "/v1/\u00e9", "/v1/a\u202e",  // controls, non-ASCII
      "/v1/users;..;/admin", "/v1/..;/admin",                                            // path parameters
      "/v1/x#@evil.example", "/v1/x?y=1#frag", "/v1/x?%0d%0aHost:evil"                   // fragment, encoded control in the query
  })
  void path_thatCouldLeaveTheApi_isRefused(String path) {
    assertThatThrownBy(() -> ApiRequest.get(path)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("IdentSphere API path refused");
    assertThatThrownBy(() -> ApiRequest.post(path, "{}")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void path_longerThan2KiB_isRefused() {
    assertThatThrownBy(() -> ApiRequest.get("/v1/" + "a".repeat(2048))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 2048");
    assertThatThrownBy(() -> ApiRequest.get(null)).isInstanceOf(NullPointerException.class).hasMessage("path == null");
  }

  @Test
  void resolve_queryThatNamesAHost_staysOnTheAuthority() {
    URI u = ApiPaths.resolve("https://id.example.com/tenant", "/v1/x?@evil.example/y");
    assertThat(u.getHost()).isEqualTo("id.example.com");
    assertThat(u.getRawPath()).isEqualTo("/tenant/v1/x");
    assertThat(u.getRawQuery()).isEqualTo("@evil.example/y");
  }

  @Test
  void cookies_keepOnlyTheIdentSphereCookies() {
    ApiRequest r = ApiRequest.get("/v1/users/me").cookies("app_session=s3cret; identsphere_at=AT; theme=dark; IdentSphere_rt=RT; identsphere_=");
    assertThat(r.cookieHeader()).isEqualTo("identsphere_at=AT; IdentSphere_rt=RT; identsphere_=");
    assertThat(ApiRequest.get("/v1/users/me").cookies("app_session=s3cret").cookieHeader()).isNull();
    assertThat(ApiRequest.get("/v1/users/me").cookies(null).cookieHeader()).isNull();
    assertThatThrownBy(() -> ApiRequest.get("/v1/users/me").cookies("identsphere_at=a\r\nX-Evil: 1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bearer_mustBePrintableAsciiWithoutSpaces() {
    assertThat(ApiRequest.get("/v1/users/me").bearer("abc.def.ghi").bearerToken()).isEqualTo("abc.def.ghi");
    assertThatThrownBy(() -> ApiRequest.get("/v1/users/me").bearer("a\r\nHost: evil")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiRequest.get("/v1/users/me").bearer("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_showsNeitherCookiesNorToken() {
    ApiRequest r = ApiRequest.post("/v1/users/me/password", "{\"password\":\"pw\"}").cookies("identsphere_at=SECRET-AT")
        .bearer("SECRET-TOKEN");
    assertThat(r.toString()).isEqualTo("ApiRequest{POST /v1/users/me/password, json body, cookies, bearer}")
        .doesNotContain("SECRET").doesNotContain("pw");
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.jsonBody()).contains("{\"password\":\"pw\"}");
    assertThat(r).isEqualTo(ApiRequest.post("/v1/users/me/password", "{\"password\":\"pw\"}").cookies("identsphere_at=SECRET-AT")
        .bearer("SECRET-TOKEN"));
  }
}
