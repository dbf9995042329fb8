package io.identsphere.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.IdentSphereException;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.IdentityServerException;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenVerifier;
import io.identsphere.token.ValidationListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** IdentSphereClientBuilder.listener hears introspection calls and session checks, against the fake server over HTTP. */
class ClientListenerTest {
  final FakeIdentSphere idp = FakeIdentSphere.newBuilder().build().start();
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<Duration> took = new CopyOnWriteArrayList<>();
  final IdentSphereClient client = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web")
      .clientSecret(FakeIdentSphere.DEMO_SECRET).audience("api").clock(idp.clock()).listener(new ValidationListener() {
        @Override public void introspected(boolean active, Duration d) {
          events.add("introspected " + active);
          took.add(d);
        }

        @Override public void introspectionFailed(IdentSphereException failure, Duration d) {
          events.add("introspectionFailed " + ((IdentityServerException) failure).status().orElse(0));
          took.add(d);
        }

        @Override public void sessionChecked(boolean active, Duration d) {
          events.add("sessionChecked " + active);
          took.add(d);
        }

        @Override public void sessionCheckFailed(IdentSphereException failure, Duration d) {
          events.add("sessionCheckFailed");
          took.add(d);
        }
      }).build();

  @AfterEach
  void stop() {
    idp.close();
  }

  @Test
  void introspect_activeAndInactive_areReportedWithTheirDuration() {
    String token = idp.minter().accessToken("alice").claim("sid", "s-1").sign();
    assertThat(client.introspect(token).active()).isTrue();
    assertThat(client.introspect("not-a-token").active()).isFalse();
    assertThat(events).containsExactly("introspected true", "introspected false");
    assertThat(took).allSatisfy(d -> assertThat(d).isPositive().isLessThan(Duration.ofSeconds(10)));
  }

  @Test
  void introspect_serverError_isReportedAsAFailure() {
    idp.faultOnce(Endpoint.INTROSPECTION, Fault.status(500));
    assertThatThrownBy(() -> client.introspect("t")).isInstanceOf(IdentityServerException.class);
    assertThat(events).containsExactly("introspectionFailed 500");
  }

  @Test
  void sessionCheck_activeRevokedAndFailing_areReported() {
    TokenVerifier verifier = client.sessionCheckingVerifier(Duration.ofMillis(1));
    String token = idp.minter().accessToken("alice").claim("sid", "s-1").sign();
    assertThat(verifier.verify(token).subject()).isEqualTo("alice");
    assertThat(events).containsExactly("introspected true", "sessionChecked true");

    events.clear();
    idp.faultOnce(Endpoint.INTROSPECTION, Fault.status(503));
    idp.clock().advance(Duration.ofSeconds(1)); // past the ttl: asked again
    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(IdentityServerException.class);
    assertThat(events).containsExactly("introspectionFailed 503", "sessionCheckFailed");

    events.clear();
    client.revoke(token, "access_token");
    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(TokenRejectedException.Reason.INACTIVE));
    assertThat(events).containsExactly("introspected false", "sessionChecked false");
  }

  @Test
  void listener_thatThrows_neverBreaksTheCall() {
    IdentSphereClient loud = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web")
        .clientSecret(FakeIdentSphere.DEMO_SECRET).audience("api").clock(idp.clock()).listener(new ValidationListener() {
          @Override public void introspected(boolean active, Duration d) {
            throw new IllegalStateException("listener bug");
          }
        }).build();
    assertThat(loud.introspect(idp.minter().accessToken("alice").sign()).active()).isTrue();
  }
}
