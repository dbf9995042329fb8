package io.identsphere.dpop;

import io.identsphere.internal.jose.Base64Url;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A random secret and the period number, hashed: no state grows with use. */
final class RotatingNonces implements DpopNonces {
  private final byte[] secret = new byte[32];
  private final long periodMillis;
  private final Clock clock;

  RotatingNonces(Duration period, Clock clock) {
    new SecureRandom().nextBytes(secret);
    this.periodMillis = period.toMillis();
    this.clock = clock;
  }

  private long periodOf(Instant t) {
    return Math.floorDiv(t.toEpochMilli(), periodMillis);
  }

  private String nonceFor(long period) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(secret);
      d.update(Long.toString(period).getBytes(StandardCharsets.US_ASCII));
      byte[] h = d.digest();
      return Base64Url.encode(java.util.Arrays.copyOf(h, 18));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String current() {
    return nonceFor(periodOf(clock.instant()));
  }

  @Override
  public boolean isValid(String nonce) {
    if (nonce == null || nonce.length() != 24) return false;
    long p = periodOf(clock.instant());
    byte[] n = nonce.getBytes(StandardCharsets.US_ASCII);
    boolean now = MessageDigest.isEqual(n, nonceFor(p).getBytes(StandardCharsets.US_ASCII));
    boolean before = MessageDigest.isEqual(n, nonceFor(p - 1).getBytes(StandardCharsets.US_ASCII));
    return now | before;
  }
}
