package io.identsphere.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The precomputed-state HMAC against JCA's {@code Mac}, the reference it must equal. */
class HmacTest {
  private static final JwsAlgorithm[] HMACS = {JwsAlgorithm.HS256, JwsAlgorithm.HS384, JwsAlgorithm.HS512};

  private static byte[] jca(JwsAlgorithm alg, byte[] key, byte[] data, int off, int len) throws Exception {
    Mac mac = Mac.getInstance(alg.jcaName());
    mac.init(new SecretKeySpec(key, alg.jcaName()));
    mac.update(data, off, len);
    return mac.doFinal();
  }

  @Test
  void equalsJcaMac_forKeysAroundTheBlockSize_andEveryMessageLengthOverThreeBlocks() throws Exception {
    Random r = new Random(7);
    for (JwsAlgorithm alg : HMACS) {
      int block = alg.hashBytes() <= 32 ? 64 : 128;
      for (int keyLen : new int[] {alg.hashBytes(), block - 1, block, block + 1, 3 * block + 5}) {
        byte[] key = new byte[keyLen];
        r.nextBytes(key);
        Hmac h = Hmac.create(alg, key);
        assertThat(h).as("%s is cloneable on this JDK", alg).isNotNull();
        byte[] data = new byte[3 * block + 20];
        r.nextBytes(data);
        for (int len = 0; len <= 3 * block + 1; len++) {
          int off = len % 7; // unaligned slices too
          byte[] expected = jca(alg, key, data, off, len);
          assertThat(h.tag(data, off, len)).as("%s key %d len %d", alg, keyLen, len).isEqualTo(expected);
          assertThat(h.verify(data, off, len, expected)).isTrue();
        }
      }
    }
  }

  @Test
  void rejectsEveryOneBitChange_andWrongLengths() throws Exception {
    byte[] key = new byte[32];
    new Random(3).nextBytes(key);
    byte[] data = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Hmac h = Hmac.create(JwsAlgorithm.HS256, key);
    byte[] tag = jca(JwsAlgorithm.HS256, key, data, 0, data.length);
    for (int bit = 0; bit < tag.length * 8; bit++) {
      byte[] t = tag.clone();
      t[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(h.verify(data, 0, data.length, t)).isFalse();
    }
    assertThat(h.verify(data, 0, data.length, Arrays.copyOf(tag, 31))).isFalse();
    assertThat(h.verify(data, 0, data.length, Arrays.copyOf(tag, 33))).isFalse();
    assertThat(h.verify(data, 0, data.length, new byte[0])).isFalse();
    assertThat(h.verify(data, 0, data.length - 1, tag)).as("a shorter message").isFalse();
  }

  @Test
  void theCallerMayClearTheKey_andNonHmacAlgorithmsAreRefused() throws Exception {
    byte[] key = new byte[32];
    new Random(5).nextBytes(key);
    byte[] copy = key.clone();
    Hmac h = Hmac.create(JwsAlgorithm.HS256, key);
    Arrays.fill(key, (byte) 0);
    byte[] data = {1, 2, 3};
    assertThat(h.tag(data, 0, 3)).isEqualTo(jca(JwsAlgorithm.HS256, copy, data, 0, 3));
    assertThatThrownBy(() -> Hmac.create(JwsAlgorithm.RS256, copy)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oneInstanceIsSafeToShareBetweenThreads() throws Exception {
    byte[] key = new byte[48];
    new Random(9).nextBytes(key);
    Hmac h = Hmac.create(JwsAlgorithm.HS384, key);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        results.add(pool.submit(() -> {
          Random r = new Random(seed);
          int ok = 0;
          for (int i = 0; i < 2000; i++) {
            byte[] data = new byte[r.nextInt(400)];
            r.nextBytes(data);
            if (Arrays.equals(h.tag(data, 0, data.length), jca(JwsAlgorithm.HS384, key, data, 0, data.length))) ok++;
          }
          return ok;
        }));
      }
      for (Future<Integer> f : results) assertThat(f.get()).isEqualTo(2000);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aJwkWithoutAlg_verifiesEachHmacAlgorithmItsLengthPermits() throws Exception {
    byte[] key = new byte[64];
    new Random(11).nextBytes(key);
    Jwk jwk = Jwk.parse("{\"kty\":\"oct\",\"k\":\"" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(key)
        + "\"}");
    byte[] data = "header.payload".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (JwsAlgorithm alg : HMACS) {
      byte[] tag = jca(alg, key, data, 0, data.length);
      assertThat(jwk.verify(alg, data, 0, data.length, tag)).as("%s", alg).isTrue();
      tag[0] ^= 1;
      assertThat(jwk.verify(alg, data, 0, data.length, tag)).as("%s", alg).isFalse();
    }
  }
}
