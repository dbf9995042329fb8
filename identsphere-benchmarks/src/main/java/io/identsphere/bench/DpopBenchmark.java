package io.identsphere.bench;

import io.identsphere.dpop.DpopKey;
import io.identsphere.dpop.DpopVerifier;
import io.identsphere.dpop.VerifiedDpopProof;
import io.identsphere.internal.jose.JwsSigner;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TokenValidator;
import io.identsphere.token.VerifiedToken;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What DPoP costs a resource server per request, side by side in one run: {@code bearer} validates
 * an RS256 access token; {@code dpop} validates the same kind of token (bound with {@code cnf.jkt})
 * and verifies an ES256 proof for it (parse, key import from the {@code jwk} header, signature,
 * {@code htm}/{@code htu}/{@code iat}/{@code ath}, thumbprint, replay cache). Each invocation uses
 * a fresh proof from a pre-signed pool of 32,768 (the replay cache starts afresh when it wraps), so the replay cache sees distinct {@code jti}s as in
 * production; the proofs are signed in setup, outside the measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class DpopBenchmark {
  static final String ISS = "https://id.example.com";
  static final String AUD = "orders-api";
  static final URI API = URI.create("https://api.example.com/orders/42");
  static final int POOL = 1 << 15;
  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  TokenValidator validator;
  DpopVerifier verifier;
  String bearerToken;
  String boundToken;
  String[] proofs;
  int next;
  DpopKey key;

  /** The proof key pair, for a raw JCA comparison outside JMH. */
  public java.security.KeyPair keyPair() {
    return key.keyPair();
  }

  @Setup(Level.Trial)
  public void setup() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair rsa = g.generateKeyPair();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    validator = TokenValidator.newBuilder().keySource(JwkSet.of(Jwk.fromPublicKey(rsa.getPublic(), "k1", JwsAlgorithm.RS256)))
        .expectIssuer(ISS).expectAudience(AUD).clock(clock).build();
    key = DpopKey.generate();
    bearerToken = token(rsa, null);
    boundToken = token(rsa, key.thumbprint());
    proofs = new String[POOL];
    for (int i = 0; i < POOL; i++) proofs[i] = key.proof("GET", API).clock(clock).accessToken(boundToken).build();
    newVerifier(clock);
  }

  /** A new replay cache per iteration, so the pool's jtis are fresh in each. */
  @Setup(Level.Iteration)
  public void resetReplays() {
    newVerifier(Clock.fixed(NOW, ZoneOffset.UTC));
    next = 0;
  }

  private void newVerifier(Clock clock) {
    verifier = DpopVerifier.newBuilder().clock(clock).replayCacheCapacity(POOL * 2).build();
  }

  private static String token(KeyPair rsa, String jkt) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("alg", "RS256");
    h.put("kid", "k1");
    h.put("typ", "at+jwt");
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", ISS);
    c.put("aud", AUD);
    c.put("sub", "alice");
    c.put("iat", NOW.getEpochSecond());
    c.put("exp", NOW.plusSeconds(300).getEpochSecond());
    c.put("roles", List.of("admin", "member", "billing"));
    if (jkt != null) c.put("cnf", Map.of("jkt", jkt));
    return JwsSigner.sign(h, c, JwsAlgorithm.RS256, rsa.getPrivate());
  }

  /** Plain RS256 bearer validation. */
  @Benchmark
  public VerifiedToken bearer() {
    return validator.validate(bearerToken);
  }

  /** RS256 validation of the bound token plus ES256 proof verification. */
  @Benchmark
  public VerifiedDpopProof dpop() {
    VerifiedToken t = validator.validate(boundToken);
    String proof = proofs[next];
    VerifiedDpopProof p = verifier.verify(proof, "GET", API, boundToken, t);
    next = (next + 1) & (POOL - 1);
    if (next == 0) newVerifier(Clock.fixed(NOW, ZoneOffset.UTC)); // the pool wrapped: forget its jtis (rare)
    return p;
  }
}
