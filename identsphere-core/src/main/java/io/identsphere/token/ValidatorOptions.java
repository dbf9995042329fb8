package io.identsphere.token;

import io.identsphere.ClaimMapping;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.jose.KeySource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The options a {@link TokenValidator.Builder} fills in, with their defaults and range checks; a
 * built validator keeps its own copy, from which {@code toBuilder()} starts again.
 *
 * <p>Not thread-safe while a builder fills it in; never changed once a validator holds it.
 */
final class ValidatorOptions {
  KeySource keySource;
  final Set<String> issuers = new LinkedHashSet<>();
  boolean issuerDecided;
  final Set<String> audiences = new LinkedHashSet<>();
  boolean audienceDecided;
  Set<JwsAlgorithm> algorithms = EnumSet.copyOf(SignatureCheck.ASYMMETRIC);
  Clock clock = Clock.systemUTC();
  Duration skew = Duration.ofSeconds(60);
  final List<String> requiredClaims = new ArrayList<>();
  boolean expiryRequired = true;
  final Set<String> types = new LinkedHashSet<>(List.of("jwt", "at+jwt"));
  boolean typeRequired;
  int maxTokenLength = 8 * 1024;
  ClaimMapping mapping = ClaimMapping.DEFAULT;
  boolean idTokens;
  final Set<String> clientIds = new LinkedHashSet<>();
  int cacheEntries; // 0: no cache
  Duration cacheMaxAge;
  ValidationListener listener;
  SessionRevocations revocations;

  /** A copy whose collections are its own. */
  ValidatorOptions copy() {
    ValidatorOptions c = new ValidatorOptions();
    c.keySource = keySource;
    c.issuers.addAll(issuers);
    c.issuerDecided = issuerDecided;
    c.audiences.addAll(audiences);
    c.audienceDecided = audienceDecided;
    c.algorithms = EnumSet.copyOf(algorithms);
    c.clock = clock;
    c.skew = skew;
    c.requiredClaims.addAll(requiredClaims);
    c.expiryRequired = expiryRequired;
    c.types.clear();
    c.types.addAll(types);
    c.typeRequired = typeRequired;
    c.maxTokenLength = maxTokenLength;
    c.mapping = mapping;
    c.idTokens = idTokens;
    c.clientIds.addAll(clientIds);
    c.cacheEntries = cacheEntries;
    c.cacheMaxAge = cacheMaxAge;
    c.listener = listener;
    c.revocations = revocations;
    return c;
  }

  void cache(int maxEntries, Duration maxAge) {
    Objects.requireNonNull(maxAge, "maxAge == null");
    if (maxEntries < 1 || maxEntries > 1 << 20) {
      throw new IllegalArgumentException("maxEntries must be in [1, 1048576]: " + maxEntries);
    }
    if (maxAge.toMillis() < 1 || maxAge.compareTo(TokenValidator.MAX_CACHE_AGE) > 0) {
      throw new IllegalArgumentException("maxAge must be from 1 ms to " + TokenValidator.MAX_CACHE_AGE.toMinutes()
          + " min: " + maxAge);
    }
    this.cacheEntries = maxEntries;
    this.cacheMaxAge = maxAge;
  }

  void skew(Duration skew) {
    Objects.requireNonNull(skew, "skew == null");
    if (skew.isNegative() || skew.compareTo(TokenValidator.MAX_CLOCK_SKEW) > 0) {
      throw new IllegalArgumentException("clock skew must be between 0 and " + TokenValidator.MAX_CLOCK_SKEW.getSeconds()
          + " s, was " + skew.getSeconds() + " s");
    }
    this.skew = skew;
  }

  void types(String... accepted) {
    if (accepted.length == 0) throw new IllegalArgumentException("accept at least one type");
    types.clear();
    for (String t : accepted) {
      String l = t.toLowerCase(Locale.ROOT);
      types.add(l.startsWith("application/") ? l.substring(12) : l);
    }
  }

  void maxTokenLength(int chars) {
    if (chars < 64 || chars > 1024 * 1024) throw new IllegalArgumentException("maxTokenLength must be in [64, 1048576]: " + chars);
    this.maxTokenLength = chars;
  }

  /** The checks of {@code build()}: every required decision made, no contradiction. */
  ValidatorOptions complete() {
    if (keySource == null) throw new IllegalStateException("keySource == null: call keySource(...)");
    if (!issuerDecided) throw new IllegalStateException("issuer not configured: call expectIssuer(...) or ignoreIssuer()");
    if (!audienceDecided) {
      throw new IllegalStateException("audience not configured: call expectAudience(...) or ignoreAudience()");
    }
    for (String id : clientIds) {
      if (audiences.contains(id)) {
        throw new IllegalStateException("\"" + id + "\" is both an expected audience and a refused client id:"
            + " call expectAudience(...) or refuseTokensAddressedToClient(...) with it, not both");
      }
    }
    return copy();
  }
}
