package io.identsphere.jose;

import io.identsphere.internal.json.Json;
import io.identsphere.internal.json.JsonException;
import io.identsphere.internal.json.JsonLimits;
import io.identsphere.internal.json.JsonWriter;
import io.identsphere.internal.text.Untrusted;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An RFC 7517 JWK Set held in memory: the static key source of a token validator.
 *
 * <p>A set never mixes HMAC secrets with public keys (that invites algorithm confusion) and never
 * holds two keys with the same {@code kid}; both are refused when it is built. It holds at most
 * {@value #MAX_KEYS} keys, which bounds the work a token without {@code kid} can cause.
 *
 * <p>Immutable and thread-safe.
 */
public final class JwkSet implements KeySource {
  /** The most keys a set holds, and the most entries of a published set that are considered. */
  public static final int MAX_KEYS = 100;

  private static final System.Logger LOG = System.getLogger(JwkSet.class.getName());
  private final List<Jwk> keys;
  private final Map<String, List<Jwk>> byId; // each a one-key list, so candidates() allocates nothing

  private JwkSet(List<Jwk> keys) {
    if (keys.size() > MAX_KEYS) {
      throw new IllegalArgumentException("a JWK Set holds at most " + MAX_KEYS + " keys, found " + keys.size());
    }
    Map<String, Jwk> ids = new LinkedHashMap<>();
    boolean symmetric = false;
    boolean asymmetric = false;
    for (Jwk k : keys) {
      Objects.requireNonNull(k, "key == null");
      if (k.isSymmetric()) symmetric = true; else asymmetric = true;
      if (k.keyId().isPresent() && ids.put(k.keyId().get(), k) != null) {
        throw new IllegalArgumentException("JWK Set has two keys with kid " + Untrusted.quote(k.keyId().get()));
      }
    }
    if (symmetric && asymmetric) {
      throw new IllegalArgumentException("JWK Set mixes HMAC secrets with public keys; keep them in separate sets");
    }
    this.keys = List.copyOf(keys);
    Map<String, List<Jwk>> lists = new LinkedHashMap<>();
    ids.forEach((kid, k) -> lists.put(kid, List.of(k)));
    this.byId = Map.copyOf(lists);
  }

  /**
   * Makes a set of local keys.
   *
   * @param keys the keys
   * @return a set of them
   * @throws IllegalArgumentException on duplicate {@code kid}s, mixed symmetric and public keys, or
   *     more than {@value #MAX_KEYS} keys
   */
  public static JwkSet of(Jwk... keys) {
    return new JwkSet(List.of(keys));
  }

  /**
   * Makes a set of local keys.
   *
   * @param keys the keys
   * @return a set of them
   * @throws IllegalArgumentException on duplicate {@code kid}s, mixed symmetric and public keys, or
   *     more than {@value #MAX_KEYS} keys
   */
  public static JwkSet of(List<Jwk> keys) {
    return new JwkSet(List.copyOf(keys));
  }

  /**
   * Parses a JWK Set from local configuration: every key must be valid (HMAC secrets included);
   * keys of unsupported types or curves are skipped.
   *
   * <p>This is the only exception any input can cause (besides a null argument).
   *
   * @param json the set as JSON text, {@code {"keys":[...]}}, with at most {@value #MAX_KEYS} keys
   * @return the set
   * @throws IllegalArgumentException if the JSON is malformed or not a JWK Set, holds more than
   *     {@value #MAX_KEYS} keys, repeats a {@code kid}, mixes HMAC secrets with public keys, or any
   *     supported key is invalid or weak
   * @throws NullPointerException if {@code json} is null
   */
  public static JwkSet parse(String json) {
    Objects.requireNonNull(json, "json == null");
    List<?> entries = entries(json.getBytes(StandardCharsets.UTF_8), JsonLimits.DEFAULT);
    if (entries.size() > MAX_KEYS) {
      throw new IllegalArgumentException("JWK Set has " + entries.size() + " keys, at most " + MAX_KEYS + " accepted");
    }
    List<Jwk> keys = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      try {
        keys.add(key(entries.get(i), i));
      } catch (KeyRejectedException e) {
        if (e.rejection() != KeyRejectedException.Cause.UNSUPPORTED) {
          throw new IllegalArgumentException("JWK Set key " + i + ": " + e.getMessage(), e);
        }
      }
    }
    return new JwkSet(keys);
  }

  /**
   * Parses a JWK Set published by an identity server, in time linear in its size. HMAC secrets
   * are dropped (symmetric keys come from local configuration only), as are keys that are weak,
   * invalid, of an unsupported type or curve, or that repeat a {@code kid}; only the first
   * {@value #MAX_KEYS} entries are considered. One summary line per call is logged when keys were
   * dropped, through {@link System.Logger} {@code io.identsphere.jose.JwkSet}: at {@code WARNING}
   * for weak, invalid, secret, duplicate or excess keys, at {@code DEBUG} when the only dropped
   * keys are of unsupported types (as many servers publish). It counts the causes and gives the
   * first one, never key material.
   *
   * @param json the set as UTF-8 JSON
   * @param maxBytes the largest accepted document
   * @param source where the set came from, for the log line (a URL without query); escaped
   * @return the usable keys, possibly none
   * @throws IllegalArgumentException if the document is not a JWK Set (malformed or oversized
   *     JSON, no {@code "keys"} array); no other exception escapes for any input
   * @throws NullPointerException if {@code json} or {@code source} is null
   */
  public static JwkSet parsePublished(byte[] json, int maxBytes, String source) {
    Objects.requireNonNull(json, "json == null");
    Objects.requireNonNull(source, "source == null");
    List<?> entries = entries(json, new JsonLimits(maxBytes, 16, 64 * 1024));
    DroppedKeys dropped = new DroppedKeys(entries.size(), MAX_KEYS);
    List<Jwk> keys = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int considered = Math.min(entries.size(), MAX_KEYS);
    for (int i = 0; i < considered; i++) {
      try {
        Jwk k = key(entries.get(i), i);
        if (k.isSymmetric()) {
          dropped.secret(i);
        } else if (k.keyId().isPresent() && !seen.add(k.keyId().get())) {
          dropped.duplicate(i, k.keyId().get());
        } else {
          keys.add(k);
        }
      } catch (KeyRejectedException e) {
        dropped.rejected(i, e);
      }
    }
    dropped.log(LOG, source, keys.size());
    return new JwkSet(keys);
  }

  private static List<?> entries(byte[] json, JsonLimits limits) {
    Object doc;
    try {
      doc = Json.parse(json, limits);
    } catch (JsonException e) {
      throw new IllegalArgumentException("JWK Set is not valid JSON: " + e.getMessage(), e);
    }
    if (!(doc instanceof Map) || !(((Map<?, ?>) doc).get("keys") instanceof List)) {
      throw new IllegalArgumentException("JWK Set must be an object with a \"keys\" array");
    }
    return (List<?>) ((Map<?, ?>) doc).get("keys");
  }

  private static Jwk key(Object entry, int index) {
    if (!(entry instanceof Map)) throw KeyRejectedException.invalid("key " + index + " is not an object");
    @SuppressWarnings("unchecked")
    Map<String, Object> members = (Map<String, Object>) entry;
    return Jwk.fromMembers(members);
  }

  /**
   * The keys of this set.
   *
   * @return the keys, in order
   */
  public List<Jwk> keys() {
    return keys;
  }

  /**
   * Finds the key with a {@code kid}.
   *
   * @param keyId a {@code kid}
   * @return the key with that {@code kid}, if any
   */
  public Optional<Jwk> find(String keyId) {
    List<Jwk> k = byId.get(keyId);
    return k == null ? Optional.empty() : Optional.of(k.get(0));
  }

  @Override
  public List<Jwk> candidates(Optional<String> keyId) {
    if (keyId.isPresent()) {
      List<Jwk> k = byId.get(keyId.get());
      return k == null ? List.of() : k;
    }
    return keys;
  }

  /**
   * Writes the set as JSON, for publishing.
   *
   * @return the public JWK Set JSON
   * @throws IllegalStateException if the set holds HMAC secrets
   */
  public String toPublicJson() {
    List<Object> out = new ArrayList<>();
    for (Jwk k : keys) out.add(k.toPublicMembers());
    return JsonWriter.write(Map.of("keys", out));
  }

  @Override
  public String toString() {
    return "JwkSet" + keys;
  }
}
