package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import io.identsphere.dpop.DpopKey;
import io.identsphere.dpop.DpopVerifier;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client's DPoP at the token endpoint (RFC 9449 §5, §8) against a scripted loopback server. */
@Timeout(20)
class DpopTokenRequestsTest {
  private static final String DPOP_ANSWER = "{\"access_token\":\"at-1\",\"token_type\":\"DPoP\",\"refresh_token\":\"rt-2\"}";
  private static final String BEARER_ANSWER = "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\"}";
  private final LocalServer server;
  private final Fixtures.MutableClock clock = new Fixtures.MutableClock();
  private final DpopKey key = DpopKey.generate();
  /** The {@code DPoP} header of each token request, or "" when it had none. */
  private final List<String> proofs = new CopyOnWriteArrayList<>();

  DpopTokenRequestsTest() throws Exception {
    server = new LocalServer();
    Fixtures.serveDiscovery(server, Map.of());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private IdentSphereClient client(DpopKey dpop) {
    IdentSphereClientBuilder b = IdentSphereClient.newBuilder(server.base()).clientId("web").clientSecret(Fixtures.SECRET)
        .redirectUri(URI.create("http://127.0.0.1:9/cb")).clock(clock).timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    if (dpop != null) b.dpop(dpop);
    return b.build();
  }

  private URI tokenEndpoint() {
    return URI.create(server.base() + "/token");
  }

  /** Answers each token request with {@code answer}, recording its proof. */
  private void tokenAnswers(Answer answer) {
    AtomicInteger n = new AtomicInteger();
    server.handlers.put("/token", ex -> {
      String proof = ex.getRequestHeaders().getFirst("DPoP");
      proofs.add(proof == null ? "" : proof);
      answer.answer(ex, n.incrementAndGet(), proof == null ? null : claim(proof, "nonce"));
    });
  }

  interface Answer {
    void answer(HttpExchange ex, int count, String proofNonce) throws IOException;
  }

  private static void send(HttpExchange ex, int status, String json, Map<String, String> headers) throws IOException {
    LocalServer.send(ex, status, "application/json", json, headers);
  }

  /** A string claim of a proof, read without verifying (the tests verify separately). */
  private static String claim(String jws, String name) {
    String json = new String(Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8);
    int at = json.indexOf("\"" + name + "\":\"");
    if (at < 0) return null;
    int from = at + name.length() + 4;
    return json.substring(from, json.indexOf('"', from));
  }

  private String verifiedThumbprint(String proof) {
    return DpopVerifier.newBuilder().clock(clock).build().verify(proof, "POST", tokenEndpoint()).thumbprint();
  }

  @Test
  void withAKey_everyGrant_sendsAProofForPostAndTheTokenEndpoint_andGetsABoundToken() {
    tokenAnswers((ex, n, nonce) -> send(ex, 200, DPOP_ANSWER, Map.of()));
    IdentSphereClient c = client(key);
    TokenResponse cc = c.clientCredentials("read");
    TokenResponse code = c.exchangeCode("code-1", "v".repeat(43), URI.create("http://127.0.0.1:9/cb"));
    TokenResponse refreshed = c.refresh("rt-1");

    assertThat(proofs).hasSize(3);
    for (String p : proofs) assertThat(verifiedThumbprint(p)).isEqualTo(key.thumbprint());
    assertThat(proofs).doesNotHaveDuplicates(); // a fresh jti and signature each time
    for (TokenResponse t : List.of(cc, code, refreshed)) {
      assertThat(t.isDpopBound()).isTrue();
      assertThat(t.tokenType()).isEqualTo("DPoP");
      assertThat(t.accessToken()).isEqualTo("at-1");
    }
    assertThat(refreshed.refreshToken()).contains("rt-2");
  }

  @Test
  void withAKey_aBearerAnswer_isAccepted_asNotBound() {
    tokenAnswers((ex, n, nonce) -> send(ex, 200, BEARER_ANSWER, Map.of()));
    TokenResponse t = client(key).clientCredentials();
    assertThat(t.isDpopBound()).isFalse();
    assertThat(t.accessToken()).isEqualTo("at-1");
    assertThat(proofs).hasSize(1).allSatisfy(p -> assertThat(p).isNotEmpty());
  }

  @Test
  void withoutAKey_noProofIsSent_andADpopAnswerIsRefused() {
    tokenAnswers((ex, n, nonce) -> send(ex, 200, DPOP_ANSWER.replace("DPoP", "dpop"), Map.of()));
    assertThatThrownBy(() -> client(null).clientCredentials()).isInstanceOfSatisfying(IdentityServerException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.UNEXPECTED_DPOP_TOKEN);
      assertThat(e.getMessage()).contains("no DPoP key").doesNotContain("at-1");
    });
    assertThat(proofs).containsExactly("");
  }

  @Test
  void useDpopNonce_isRetriedOnceWithTheServersNonce_andTheNonceIsKeptForLaterRequests() {
    tokenAnswers((ex, n, nonce) -> {
      if ("n-1".equals(nonce)) {
        send(ex, 200, BEARER_ANSWER.replace("Bearer", "DPoP"), Map.of());
      } else {
        send(ex, 400, "{\"error\":\"use_dpop_nonce\"}", Map.of("DPoP-Nonce", "n-1"));
      }
    });
    IdentSphereClient c = client(key);
    assertThat(c.clientCredentials().isDpopBound()).isTrue();
    assertThat(proofs).hasSize(2);
    assertThat(claim(proofs.get(0), "nonce")).isNull();
    assertThat(claim(proofs.get(1), "nonce")).isEqualTo("n-1");
    assertThat(verifiedThumbprint(proofs.get(1))).isEqualTo(key.thumbprint());

    assertThat(c.refresh("rt-1").isDpopBound()).isTrue(); // the remembered nonce: no second round trip
    assertThat(proofs).hasSize(3);
    assertThat(claim(proofs.get(2), "nonce")).isEqualTo("n-1");
  }

  @Test
  void aServerThatAsksForANewNonceEveryTime_getsExactlyOneRetry() {
    tokenAnswers((ex, n, nonce) -> send(ex, 400, "{\"error\":\"use_dpop_nonce\"}", Map.of("DPoP-Nonce", "n-" + n)));
    assertThatThrownBy(() -> client(key).clientCredentials()).isInstanceOfSatisfying(IdentityServerException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.OAUTH_ERROR);
      assertThat(e.error()).contains("use_dpop_nonce");
    });
    assertThat(server.hits("/token")).isEqualTo(2);
  }

  @Test
  void useDpopNonce_withoutAUsableNonceHeader_isNotRetried() {
    for (String header : new String[] {null, "has space", "quote\"d", "x".repeat(DpopRequests.MAX_NONCE_LENGTH + 1)}) {
      proofs.clear();
      tokenAnswers((ex, n, nonce) -> send(ex, 400, "{\"error\":\"use_dpop_nonce\"}",
          header == null ? Map.of() : Map.of("DPoP-Nonce", header)));
      assertThatThrownBy(() -> client(key).clientCredentials()).as(String.valueOf(header))
          .isInstanceOfSatisfying(IdentityServerException.class, e -> assertThat(e.error()).contains("use_dpop_nonce"));
      assertThat(proofs).as(String.valueOf(header)).hasSize(1);
    }
  }

  @Test
  void aNonceOnASuccessfulAnswer_goesIntoTheNextProof() {
    tokenAnswers((ex, n, nonce) -> send(ex, 200, DPOP_ANSWER, Map.of("DPoP-Nonce", "next-" + n)));
    IdentSphereClient c = client(key);
    c.clientCredentials();
    c.clientCredentials();
    assertThat(claim(proofs.get(0), "nonce")).isNull();
    assertThat(claim(proofs.get(1), "nonce")).isEqualTo("next-1");
  }

  @Test
  void anotherError_isNotRetried_andAnEchoedProofIsRedacted() {
    tokenAnswers((ex, n, nonce) -> send(ex, 400, "{\"error\":\"invalid_dpop_proof\",\"error_description\":\"bad proof "
        + ex.getRequestHeaders().getFirst("DPoP") + "\"}", Map.of("DPoP-Nonce", "n-1")));
    assertThatThrownBy(() -> client(key).clientCredentials()).isInstanceOfSatisfying(IdentityServerException.class, e -> {
      assertThat(e.error()).contains("invalid_dpop_proof");
      assertThat(e.getMessage()).contains("[redacted]").doesNotContain(proofs.get(0));
      assertThat(e.errorDescription().orElseThrow()).doesNotContain(proofs.get(0));
    });
    assertThat(proofs).hasSize(1);
  }
}
