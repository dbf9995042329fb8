package io.identsphere.bench;

import io.identsphere.ClaimMapping;
import io.identsphere.IdentSphereUser;
import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.json.Json;
import io.identsphere.internal.json.JsonLimits;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwsAlgorithm;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Where the time of one HS256 validation goes: base64url decoding (strict path over chars and the
 * token fast path over bytes), the claims JSON parse, claim lookups, building the user, the whole
 * validation, the raw JCA MAC and our MAC (a secret key's verify), the unskippable steps together
 * ({@link #essentials()}), and the parse of two 13-member objects (integers, one-letter strings)
 * that isolate the cost per member and per string. For performance work, not for the README table.
 * Uses core internals, which the benchmark reaches because it runs on the class path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BreakdownBenchmark {
  ValidationBenchmark v = new ValidationBenchmark();
  String payloadB64;
  byte[] payload;
  Map<String, Object> claims;
  Jwk secretKey;

  @Setup
  public void setup() throws Exception {
    v.setup();
    String[] p = v.hsToken.split("\\.");
    payloadB64 = p[1];
    payload = Base64Url.decode(payloadB64);
    tokenBytes = v.hsToken.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    if (v.hsToken.indexOf('.') != 51) throw new IllegalStateException("header length " + v.hsToken.indexOf('.'));
    secretKey = Jwk.fromSecret(v.secret, "s1", JwsAlgorithm.HS256);
    if (!jwkMac()) throw new IllegalStateException("our HMAC rejects");
    if (!(essentials() instanceof Map)) throw new IllegalStateException("essentials");
    claims = Json.parseObject(payload, new JsonLimits(64 * 1024, 16, 16 * 1024));
  }

  @Benchmark public byte[] b64() { return Base64Url.decode(payloadB64); }
  byte[] tokenBytes;
  @Benchmark public byte[] b64bytes() { return Base64Url.decode(tokenBytes, 52, 52 + payloadB64.length()); }
  @Benchmark public byte[] getBytes() { return v.hsToken.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1); }
  @Benchmark public Object json() { return Json.parse(payload, new JsonLimits(64 * 1024, 16, 16 * 1024)); }
  /** The claims' 13 member names with the value 1 each: the parser's cost per member, without strings. */
  byte[] integers = ("{\"iss\":1,\"sub\":1,\"aud\":1,\"exp\":1,\"iat\":1,\"nbf\":1,\"jti\":1,\"email\":1,"
      + "\"email_verified\":1,\"name\":1,\"org\":1,\"roles\":1,\"scope\":1}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  /** The same with a one-character string each: beside {@link #jsonIntegers()}, the cost of a string. */
  byte[] letters = new String(integers, java.nio.charset.StandardCharsets.US_ASCII).replace(":1", ":\"a\"")
      .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  @Benchmark public Object jsonIntegers() { return Json.parse(integers, new JsonLimits(64 * 1024, 16, 16 * 1024)); }
  @Benchmark public Object jsonLetters() { return Json.parse(letters, new JsonLimits(64 * 1024, 16, 16 * 1024)); }
  /** Ten claim lookups by constant names, five present and five absent: the cost of a lookup. */
  @Benchmark public int lookups() {
    Map<String, Object> c = claims;
    return (c.get("iss") == null ? 0 : 1) + (c.get("exp") == null ? 0 : 2) + (c.get("scope") == null ? 0 : 4)
        + (c.get("roles") == null ? 0 : 8) + (c.get("sub") == null ? 0 : 16) + (c.get("nonce") == null ? 0 : 32)
        + (c.get("at_hash") == null ? 0 : 64) + (c.get("events") == null ? 0 : 128) + (c.get("tenant_id") == null ? 0 : 256)
        + (c.get("custom_roles") == null ? 0 : 512);
  }
  @Benchmark public Object user() { return IdentSphereUser.fromClaims(claims, ClaimMapping.DEFAULT).subject(); }
  @Benchmark public Object userRoles() { return IdentSphereUser.fromClaims(claims, ClaimMapping.DEFAULT).roles(); }
  @Benchmark public void full(org.openjdk.jmh.infra.Blackhole bh) throws Exception { v.hs256_identsphere(bh); }
  @Benchmark public Object mac() { return v.hs256_rawJca(); }
  /** Our HMAC check alone (precomputed ipad/opad states), beside {@link #mac()}, JCA's {@code Mac}. */
  @Benchmark public boolean jwkMac() { return secretKey.verify(JwsAlgorithm.HS256, v.hsInput, 0, v.hsInput.length, v.hsTag); }

  /**
   * Only the steps that no strict validator can skip, in one operation: the token's bytes (the MAC
   * reads bytes, the caller has a {@code String}), the signature part's and the payload's strict
   * base64url, our MAC and the strict claims parse; no header, no key lookup, no claim check, no
   * result objects. Beside {@link #mac()} (the floor) and {@link #full()}, it says how close to the
   * floor any validator built on these steps could come.
   */
  @Benchmark public Object essentials() {
    byte[] t = v.hsToken.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    int dot2 = 52 + payloadB64.length();
    byte[] tag = Base64Url.decode(t, dot2 + 1, t.length);
    if (!secretKey.verify(JwsAlgorithm.HS256, t, 0, dot2, tag)) throw new IllegalStateException("MAC");
    return Json.parse(Base64Url.decode(t, 52, dot2), new JsonLimits(64 * 1024, 16, 16 * 1024));
  }
}
