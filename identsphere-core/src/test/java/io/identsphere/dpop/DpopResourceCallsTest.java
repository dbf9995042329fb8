package io.identsphere.dpop;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Resource calls with DPoP-bound tokens and server nonces (RFC 9449 §7, §9) against a loopback server. */
@Timeout(20)
class DpopResourceCallsTest {
  private static final String NONCE_CHALLENGE = "DPoP realm=\"api\", error=\"use_dpop_nonce\", algs=\"ES256\"";
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
  private final DpopKey key = DpopKey.generate();
  private final HttpClient http = HttpClient.newHttpClient();
  /** The proofs the server received, in order. */
  private final List<String> proofs = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private volatile Handler handler;

  interface Handler {
    void answer(HttpExchange ex, String proofNonce) throws IOException;
  }

  DpopResourceCallsTest() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      try {
        String proof = ex.getRequestHeaders().getFirst("DPoP");
        proofs.add(proof);
        handler.answer(ex, nonceOf(proof));
      } finally {
        ex.close();
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static void answer(HttpExchange ex, int status, String nonce, String challenge) throws IOException {
    if (nonce != null) ex.getResponseHeaders().set("DPoP-Nonce", nonce);
    if (challenge != null) ex.getResponseHeaders().set("WWW-Authenticate", challenge);
    byte[] body = (status == 200 ? "ok" : "no").getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }

  private static String nonceOf(String proof) {
    if (proof == null) return null;
    String json = new String(Base64.getUrlDecoder().decode(proof.split("\\.")[1]), StandardCharsets.UTF_8);
    int at = json.indexOf("\"nonce\":\"");
    return at < 0 ? null : json.substring(at + 9, json.indexOf('"', at + 9));
  }

  /** Accepts proofs with nonce n-1 and asks for it otherwise. */
  private void demandNonce() {
    handler = (ex, nonce) -> {
      if ("n-1".equals(nonce)) answer(ex, 200, null, null); else answer(ex, 401, "n-1", NONCE_CHALLENGE);
    };
  }

  @Test
  void send_aNonceChallenge_isRetriedOnceWithTheNonce_whichIsKeptForTheServer() throws Exception {
    demandNonce();
    DpopResourceCalls calls = DpopResourceCalls.of(key, http, clock);
    URI orders = uri("/orders?page=2");
    HttpResponse<String> r = calls.send(HttpRequest.newBuilder(orders).GET(), "at-1", HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok");
    assertThat(proofs).hasSize(2);
    DpopVerifier verifier = DpopVerifier.newBuilder().clock(clock).build();
    VerifiedDpopProof retried = verifier.verify(proofs.get(1), "GET", orders);
    assertThat(retried.nonce()).contains("n-1");
    assertThat(retried.thumbprint()).isEqualTo(key.thumbprint());
    assertThat(calls.nonce(uri("/elsewhere"))).contains("n-1");

    assertThat(calls.send(HttpRequest.newBuilder(uri("/other")).GET(), "at-1", HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(200);
    assertThat(proofs).hasSize(3); // no second round trip
  }

  @Test
  void sendAsync_aNonceChallenge_isRetriedOnce() throws Exception {
    demandNonce();
    HttpResponse<String> r = DpopResourceCalls.of(key, http, clock)
        .sendAsync(HttpRequest.newBuilder(uri("/a")).GET(), "at-1", HttpResponse.BodyHandlers.ofString()).join();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(proofs).hasSize(2);
  }

  @Test
  void aServerThatAsksForANewNonceEveryTime_getsExactlyOneRetry_andItsAnswer() throws Exception {
    int[] n = {0};
    handler = (ex, nonce) -> answer(ex, 401, "n-" + (++n[0]), NONCE_CHALLENGE);
    HttpResponse<String> r = DpopResourceCalls.of(key, http, clock)
        .send(HttpRequest.newBuilder(uri("/a")).GET(), "at-1", HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(proofs).hasSize(2);
  }

  @Test
  void anotherRefusal_isNotRetried_butItsNonceIsKept() throws Exception {
    handler = (ex, nonce) -> answer(ex, 401, "n-9", "DPoP realm=\"api\", error=\"invalid_token\"");
    DpopResourceCalls calls = DpopResourceCalls.of(key, http, clock);
    assertThat(calls.send(HttpRequest.newBuilder(uri("/a")).GET(), "at-1", HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(401);
    assertThat(proofs).hasSize(1);
    assertThat(calls.nonce(uri("/"))).contains("n-9");
  }

  @Test
  void aMalformedNonce_isIgnored_andNotRetried() throws Exception {
    for (String bad : new String[] {"with space", "quo\"te", "x".repeat(DpopResourceCalls.MAX_NONCE_LENGTH + 1)}) {
      proofs.clear();
      handler = (ex, nonce) -> answer(ex, 401, bad, NONCE_CHALLENGE);
      DpopResourceCalls calls = DpopResourceCalls.of(key, http, clock);
      calls.send(HttpRequest.newBuilder(uri("/a")).GET(), "at-1", HttpResponse.BodyHandlers.discarding());
      assertThat(proofs).as(bad).hasSize(1);
      assertThat(calls.nonce(uri("/"))).as(bad).isEmpty();
    }
  }
}
