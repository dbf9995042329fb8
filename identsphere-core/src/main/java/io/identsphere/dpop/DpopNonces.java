package io.identsphere.dpop;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Server-provided nonces (RFC 9449 §8, §9): the nonce a server hands out in {@code DPoP-Nonce},
 * and the check of the nonce a proof carries. Implementations are thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9449#section-8">RFC 9449 §8</a>
 */
public interface DpopNonces {
  /**
   * The nonce clients should use now, sent in the {@code DPoP-Nonce} header.
   *
   * @return a nonce (printable ASCII, no quotes or spaces)
   */
  String current();

  /**
   * Tells whether a proof's nonce is acceptable now.
   *
   * @param nonce the proof's {@code nonce} claim
   * @return true when the server issued it and it has not yet expired
   */
  boolean isValid(String nonce);

  /**
   * Random nonces that change every {@code period}; the current and the previous one are
   * accepted, so a nonce lives between one and two periods.
   *
   * @param period how long one nonce is handed out (at least 1 second)
   * @param clock the clock
   * @return nonces kept in memory (one instance per server; not shared between processes)
   * @throws IllegalArgumentException if the period is shorter than 1 second
   */
  static DpopNonces rotating(Duration period, Clock clock) {
    Objects.requireNonNull(period, "period == null");
    Objects.requireNonNull(clock, "clock == null");
    if (period.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("period must be at least 1 s");
    return new RotatingNonces(period, clock);
  }
}
