package io.identsphere.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.oidc.AuthorizationRequest;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.IdentityServerException;
import io.identsphere.oidc.TokenResponse;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The caller's own {@code state} (the Python SDK's {@code authorize_url_with_pkce(redirect_uri, state=...)}), end to end. */
@ExtendWith(IdentSphereExtension.class)
class CallerStateTest {
  private static final URI CALLBACK = URI.create("http://127.0.0.1:8999/callback");

  @Test
  void authorizationRequest_withTheCallersState_sendsIt_andTheCallbackChecksIt(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = FlowTest.client(idp);
    AuthorizationRequest req = c.authorizationRequest(CALLBACK, Map.of("state", "orders-page-7.Xk3vQ9", "prompt", "login"));
    assertThat(req.state()).isEqualTo("orders-page-7.Xk3vQ9");
    assertThat(req.uri().getRawQuery()).contains("state=orders-page-7.Xk3vQ9").contains("prompt=login").contains("code_challenge=");
    URI back = FlowTest.browse(req.uri());
    assertThat(back.getRawQuery()).contains("state=orders-page-7.Xk3vQ9");
    TokenResponse tokens = c.handleCallback(req, back);
    assertThat(c.validateToken(tokens.accessToken()).subject()).isEqualTo("alice");
  }

  @Test
  void callback_withAnotherState_isRefused(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = FlowTest.client(idp);
    AuthorizationRequest mine = c.authorizationRequest(CALLBACK, Map.of("state", "mine-0123456789"));
    AuthorizationRequest other = c.authorizationRequest(CALLBACK, Map.of("state", "other-0123456789"));
    URI back = FlowTest.browse(other.uri());
    assertThatThrownBy(() -> c.handleCallback(mine, back)).isInstanceOf(IdentityServerException.class)
        .satisfies(e -> assertThat(((IdentityServerException) e).kind()).isEqualTo(IdentityServerException.Kind.STATE_MISMATCH));
  }

  @Test
  void callersState_thatIsEmptyTooLongOrNotPrintableAscii_isRefused(FakeIdentSphere idp) {
    IdentSphereClient c = FlowTest.client(idp);
    for (String bad : new String[] {"", "x".repeat(1025), "a\nb", "caf\u00e9"}) {
      assertThatThrownBy(() -> c.authorizationRequest(CALLBACK, Map.of("state", bad)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state");
    }
    assertThatThrownBy(() -> c.authorizationRequest(CALLBACK, Map.of("nonce", "n"))).isInstanceOf(IllegalArgumentException.class);
  }
}
