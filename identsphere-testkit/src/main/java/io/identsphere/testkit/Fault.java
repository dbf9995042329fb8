package io.identsphere.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * Something an endpoint does instead of (or before) its normal answer. Combine with
 * {@link FakeIdentSphere#fault(Endpoint, Fault, int)} to apply it once, n times or always.
 *
 * <p>Immutable and thread-safe.
 */
public final class Fault {
  enum Kind { STATUS, DELAY, MALFORMED_JSON, CLOSE_CONNECTION }

  final Kind kind;
  final int status;
  final String error;
  final String description;
  final Duration delay;
  final long retryAfterSeconds;

  private Fault(Kind kind, int status, String error, String description, Duration delay, long retryAfter) {
    this.kind = kind;
    this.status = status;
    this.error = error;
    this.description = description;
    this.delay = delay;
    this.retryAfterSeconds = retryAfter;
  }

  /**
   * Returns a fault answering with that status and an OAuth error body.
   *
   * @param status the HTTP status
   * @param error the OAuth {@code error}
   * @param description the {@code error_description}, or null
   * @return a fault answering with that status and an OAuth error body
   */
  public static Fault oauthError(int status, String error, String description) {
    return new Fault(Kind.STATUS, status, Objects.requireNonNull(error, "error == null"), description, null, -1);
  }

  /**
   * Returns a fault answering with that status and an empty body.
   *
   * @param status the HTTP status
   * @return a fault answering with that status and an empty body
   */
  public static Fault status(int status) {
    return new Fault(Kind.STATUS, status, null, null, null, -1);
  }

  /**
   * Returns a 429 with {@code Retry-After} and error {@code slow_down}.
   *
   * @param retryAfter the {@code Retry-After} value
   * @return a 429 with {@code Retry-After} and error {@code slow_down}
   */
  public static Fault tooManyRequests(Duration retryAfter) {
    return new Fault(Kind.STATUS, 429, "slow_down", "too many requests", null, retryAfter.getSeconds());
  }

  /**
   * Returns a fault that answers normally, but only after {@code delay}.
   *
   * @param delay how long to wait before answering normally (real time, on the server thread)
   * @return a delay fault
   */
  public static Fault delay(Duration delay) {
    return new Fault(Kind.DELAY, 0, null, null, Objects.requireNonNull(delay, "delay == null"), -1);
  }

  /**
   * Returns a fault that answers 200 with a truncated JSON body.
   *
   * @return a 200 with a truncated JSON body
   */
  public static Fault malformedJson() {
    return new Fault(Kind.MALFORMED_JSON, 200, null, null, null, -1);
  }

  /**
   * Returns a fault that closes the connection without answering.
   *
   * @return a fault that closes the connection without answering
   */
  public static Fault closeConnection() {
    return new Fault(Kind.CLOSE_CONNECTION, 0, null, null, null, -1);
  }

  @Override
  public String toString() {
    return "Fault{" + kind + (status > 0 ? " " + status : "") + (error == null ? "" : " " + error)
        + (delay == null ? "" : " " + delay) + "}";
  }
}
