package io.identsphere.jose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A published set with many bad keys parses in bounded time and logs one summary line. */
class JwkSetPublishedTest {
  private static final Jwk GOOD = rsa("good");
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Logger jul = Logger.getLogger("io.identsphere.jose.JwkSet");
  private final Handler capture = new Handler() {
    @Override public void publish(LogRecord r) { records.add(r); }
    @Override public void flush() { }
    @Override public void close() { }
  };
  private Level previous;

  private static Jwk rsa(String kid) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return Jwk.fromPublicKey(g.generateKeyPair().getPublic(), kid, JwsAlgorithm.RS256);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void listen() {
    previous = jul.getLevel();
    jul.setLevel(Level.ALL);
    capture.setLevel(Level.ALL);
    jul.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    jul.removeHandler(capture);
    jul.setLevel(previous);
  }

  private static byte[] set(List<String> keys) {
    return ("{\"keys\":[" + String.join(",", keys) + "]}").getBytes(StandardCharsets.UTF_8);
  }

  private List<LogRecord> at(Level level) {
    List<LogRecord> out = new ArrayList<>();
    for (LogRecord r : records) if (r.getLevel() == level) out.add(r);
    return out;
  }

  @Test
  void fiveThousandInvalidKeys_parseInBoundedTime_andLogOneWarning() {
    List<String> keys = new ArrayList<>();
    keys.add(GOOD.toPublicJson());
    for (int i = 0; i < 5000; i++) keys.add("{\"kty\":\"RSA\",\"kid\":\"bad-" + i + "\",\"n\":\"AQAB\",\"e\":\"AQAB\"}");
    byte[] json = set(keys);
    long start = System.nanoTime();
    JwkSet parsed = JwkSet.parsePublished(json, 512 * 1024, "https://id.example.com/jwks");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(parsed.keys()).extracting(k -> k.keyId().orElseThrow()).containsExactly("good");
    assertThat(records).hasSize(1);
    assertThat(at(Level.WARNING)).singleElement().satisfies(r -> assertThat(r.getMessage()).isEqualTo(
        "JWK Set https://id.example.com/jwks: 1 key usable of 5,001, 5,000 dropped (99 weak, 4,901 beyond the first 100);"
            + " first: key 1: RSA key too small: 17 bits, at least 2048 required"));
  }

  @Test
  void everyCause_isCounted_inOneLine_withServerTextEscaped() {
    List<String> keys = List.of(
        "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AA\"}",
        "{\"kty\":\"X\\n2026-12-01 WARNING forged\"}",
        "{\"kty\":\"RSA\",\"n\":\"!\",\"e\":\"AQAB\"}",
        "{\"kty\":\"oct\",\"k\":\"" + "A".repeat(43) + "\"}",
        GOOD.toPublicJson(),
        GOOD.toPublicJson(),
        "7");
    JwkSet parsed = JwkSet.parsePublished(set(keys), 65536, "https://id.example.com/jwks\r\nINFO forged");
    assertThat(parsed.keys()).hasSize(1);
    assertThat(at(Level.WARNING)).singleElement().satisfies(r -> assertThat(r.getMessage()).isEqualTo(
        "JWK Set https://id.example.com/jwks\\r\\nINFO forged: 1 key usable of 7, 6 dropped (2 invalid, 2 of unsupported"
            + " type or curve, 1 HMAC secrets, 1 with a repeated kid); first: key 0: unsupported JWK kty \"OKP\""));
    assertThat(records).hasSize(1);
    for (LogRecord r : records) assertThat(r.getMessage()).matches("[\\x20-\\x7e]*");
  }

  @Test
  void onlyUnsupportedTypes_logAtDebug_andAValidSetLogsNothing() {
    JwkSet.parsePublished(set(List.of(GOOD.toPublicJson(), "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AA\"}")),
        65536, "s");
    assertThat(at(Level.WARNING)).isEmpty();
    assertThat(at(Level.FINE)).singleElement().satisfies(r -> assertThat(r.getMessage())
        .startsWith("JWK Set s: 1 key usable of 2, 1 dropped (1 of unsupported type or curve)"));
    records.clear();
    JwkSet.parsePublished(set(List.of(GOOD.toPublicJson())), 65536, "s");
    assertThat(records).isEmpty();
  }

  @Test
  void theFirstHundredEntries_areConsidered_andTheRestIgnored() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 99; i++) keys.add("{\"kty\":\"OKP\"}");
    keys.add(GOOD.toPublicJson());          // entry 99: the 100th, considered
    keys.add(rsa("late").toPublicJson());   // entry 100: ignored
    JwkSet parsed = JwkSet.parsePublished(set(keys), 512 * 1024, "s");
    assertThat(parsed.keys()).extracting(k -> k.keyId().orElseThrow()).containsExactly("good");
    assertThat(at(Level.WARNING)).singleElement().satisfies(r -> assertThat(r.getMessage())
        .contains("1 key usable of 101, 100 dropped (99 of unsupported type or curve, 1 beyond the first 100)"));
  }
}
