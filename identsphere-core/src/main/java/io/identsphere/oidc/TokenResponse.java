package io.identsphere.oidc;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A successful token endpoint answer (RFC 6749 §5.1, OIDC Core §3.1.3.3).
 *
 * <p><b>Security:</b> holds bearer credentials; {@link #toString()} never prints them.
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenResponse {
  private final Map<String, Object> raw;
  private final Instant expiresAt;

  TokenResponse(Map<String, Object> raw, Instant receivedAt) {
    this.raw = raw;
    Object e = raw.get("expires_in");
    // A whole number of seconds up to ten years; anything else (1e99999999, Long.MAX_VALUE, -5,
    // 300.5) means "not said" rather than an overflow or a conversion of the number.
    this.expiresAt = e instanceof Long && (Long) e > 0 && (Long) e <= MAX_EXPIRES_IN ? receivedAt.plusSeconds((Long) e) : null;
  }

  /** The largest {@code expires_in} honoured: ten years, in seconds. */
  private static final long MAX_EXPIRES_IN = 10L * 366 * 24 * 3600;

  private Optional<String> string(String name) {
    Object v = raw.get(name);
    return v instanceof String ? Optional.of((String) v) : Optional.empty();
  }

  /** @return the {@code access_token} */
  public String accessToken() {
    return string("access_token").orElseThrow();
  }

  /** @return the {@code token_type}, usually {@code Bearer} */
  public String tokenType() {
    return string("token_type").orElse("Bearer");
  }

  /** @return the {@code refresh_token}, when issued (or rotated) */
  public Optional<String> refreshToken() {
    return string("refresh_token");
  }

  /** @return the {@code id_token}, when issued */
  public Optional<String> idToken() {
    return string("id_token");
  }

  /**
   * When the access token expires, from {@code expires_in} and the time of receipt.
   *
   * @return the instant; empty when {@code expires_in} is absent or not a whole number of seconds
   *     from 1 to ten years
   */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** @return the granted scopes; empty when the server did not say */
  public Set<String> scopes() {
    Set<String> out = new LinkedHashSet<>();
    for (String s : string("scope").orElse("").split(" ")) if (!s.isEmpty()) out.add(s);
    return Collections.unmodifiableSet(out);
  }

  /** @return every member of the answer, extra fields included (unmodifiable) */
  public Map<String, Object> raw() {
    return raw;
  }

  @Override
  public String toString() {
    return "TokenResponse{tokenType=" + tokenType() + ", expiresAt=" + expiresAt + ", scopes=" + scopes()
        + ", refreshToken=" + (refreshToken().isPresent() ? "present" : "absent")
        + ", idToken=" + (idToken().isPresent() ? "present" : "absent") + "}";
  }
}
