package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.FakeIdentSphere;
import io.identsphere.token.TokenValidator;
import io.identsphere.token.ValidationListener;
import io.identsphere.token.VerifiedToken;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The feature's verified-token cache on Jersey over real HTTP: on by default, sizeable, and off on request. */
class TokenCacheFeatureTest {
  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  FakeIdentSphere idp;
  TokenValidator validator;
  final AtomicInteger misses = new AtomicInteger();
  final AtomicInteger hits = new AtomicInteger();

  @BeforeEach
  void start() {
    idp = FakeIdentSphere.newBuilder().build().start();
    IdentSphereClient client = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").audience("api")
        .clock(idp.clock()).build();
    validator = client.accessTokenValidator().toBuilder().listener(new ValidationListener() {
      @Override
      public void tokenAccepted(VerifiedToken token, boolean cacheHit) {
        (cacheHit ? hits : misses).incrementAndGet();
      }
    }).build();
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  private void twice(IdentSphereFeature feature) throws Exception {
    String token = idp.minter().accessToken("alice").sign();
    try (TestRuntime.Served app = JerseyRuntime.INSTANCE.serve(TestApp.of(Resources.Me.class, feature), 0)) {
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(app.uri("me")).header("Authorization", "Bearer " + token)
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("alice ");
      }
    }
  }

  @Test
  void feature_byDefault_verifiesARepeatedTokenOnce() throws Exception {
    twice(IdentSphereFeature.of(validator));
    assertThat(misses).hasValue(1);
    assertThat(hits).hasValue(1);
  }

  @Test
  void feature_withItsOwnCacheSize_verifiesARepeatedTokenOnce() throws Exception {
    twice(IdentSphereFeature.newBuilder(validator).cacheVerifiedTokens(16, Duration.ofMinutes(1)).build());
    assertThat(misses).hasValue(1);
    assertThat(hits).hasValue(1);
  }

  @Test
  void feature_withNoTokenCache_verifiesEveryRequest() throws Exception {
    twice(IdentSphereFeature.newBuilder(validator).noTokenCache().build());
    assertThat(misses).hasValue(2);
    assertThat(hits).hasValue(0);
  }
}
