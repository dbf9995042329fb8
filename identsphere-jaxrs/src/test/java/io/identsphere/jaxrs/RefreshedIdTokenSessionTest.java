package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.identsphere.testkit.Endpoint;
import io.identsphere.testkit.Fault;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A session refresh checks the new ID token against the session's user (OIDC Core §12.2), on Jersey
 * over real HTTP: an answer for another user, or from another issuer, ends the session (401) instead
 * of continuing it; the session's subject comes from the ID-token cookie, else the access cookie.
 */
class RefreshedIdTokenSessionTest extends WebLoginFixture {
  @Override
  protected TestRuntime runtime() {
    return JerseyRuntime.INSTANCE;
  }

  private void assertSessionEnded(HttpResponse<String> me) {
    assertThat(me.statusCode()).isEqualTo(401);
    assertThat(me.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error_description=\"the session has ended; sign in again\"");
    assertThat(jar).doesNotContainKeys("identsphere_at", "identsphere_rt");
  }

  @Test
  void refreshWhoseIdTokenNamesAnotherUser_endsTheSession() throws Exception {
    signIn();
    idp.clock().advance(Duration.ofMinutes(6));
    idp.faultOnce(Endpoint.TOKEN, Fault.refreshedIdTokenClaims(Map.of("sub", "mallory")));
    assertSessionEnded(browse(app.uri("me"), "GET", null));
  }

  @Test
  void refreshWhoseIdTokenHasAnotherIssuer_endsTheSession() throws Exception {
    signIn();
    idp.clock().advance(Duration.ofMinutes(6));
    idp.faultOnce(Endpoint.TOKEN, Fault.refreshedIdTokenClaims(Map.of("iss", "https://evil.example")));
    assertSessionEnded(browse(app.uri("me"), "GET", null));
  }

  @Test
  void withoutTheIdTokenCookie_theExpiredAccessCookieNamesTheSubject() throws Exception {
    signIn();
    jar.remove("identsphere_idt");
    expiries.remove("identsphere_at"); // a client that keeps sending the expired access cookie
    idp.clock().advance(Duration.ofMinutes(7));
    idp.faultOnce(Endpoint.TOKEN, Fault.refreshedIdTokenClaims(Map.of("sub", "mallory")));
    assertSessionEnded(browse(app.uri("me"), "GET", null));
  }

  @Test
  void refreshForTheSameUser_continuesTheSession() throws Exception {
    signIn();
    idp.clock().advance(Duration.ofMinutes(6));
    HttpResponse<String> me = browse(app.uri("me"), "GET", null);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).startsWith("alice ");
    assertThat(idp.requests(Endpoint.TOKEN).get(1).param("grant_type")).contains("refresh_token");
  }
}
