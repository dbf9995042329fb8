package io.identsphere.jose;

import io.identsphere.internal.json.Json;
import io.identsphere.internal.json.JsonException;
import io.identsphere.internal.json.JsonLimits;
import io.identsphere.internal.json.JsonWriter;
import java.lang.System.Logger.Level;
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
 * holds two keys with the same {@code kid}; both are refused when it is built.
 *
 * <p>Immutable and thread-safe.
 */
public final class JwkSet implements KeySource {
  private static final System.Logger LOG = System.getLogger(JwkSet.class.getName());
  private final List<Jwk> keys;
  private final Map<String, Jwk> byId;

  private JwkSet(List<Jwk> keys) {
    Map<String, Jwk> ids = new LinkedHashMap<>();
    boolean symmetric = false;
    boolean asymmetric = false;
    for (Jwk k : keys) {
      Objects.requireNonNull(k, "key == null");
      if (k.isSymmetric()) symmetric = true; else asymmetric = true;
      if (k.keyId().isPresent() && ids.put(k.keyId().get(), k) != null) {
        throw new IllegalArgumentException("JWK Set has two keys with kid \"" + k.keyId().get() + "\"");
      }
    }
    if (symmetric && asymmetric) {
      throw new IllegalArgumentException("JWK Set mixes HMAC secrets with public keys; keep them in separate sets");
    }
    this.keys = List.copyOf(keys);
    this.byId = Map.copyOf(ids);
  }

  /**
   * @param keys the keys
   * @return a set of them
   * @throws IllegalArgumentException on duplicate {@code kid}s or mixed symmetric and public keys
   */
  public static JwkSet of(Jwk... keys) {
    return new JwkSet(List.of(keys));
  }

  /**
   * @param keys the keys
   * @return a set of them
   * @throws IllegalArgumentException on duplicate {@code kid}s or mixed symmetric and public keys
   */
  public static JwkSet of(List<Jwk> keys) {
    return new JwkSet(List.copyOf(keys));
  }

  /**
   * Parses a JWK Set from local configuration: every key must be valid (HMAC secrets included);
   * keys of unsupported types or curves are skipped.
   *
   * @param json the set as JSON text, {@code {"keys":[...]}}
   * @return the set
   * @throws IllegalArgumentException if the JSON is malformed or any supported key is invalid or weak
   */
  public static JwkSet parse(String json) {
    Objects.requireNonNull(json, "json == null");
    return parse(json.getBytes(StandardCharsets.UTF_8), JsonLimits.DEFAULT, true, false);
  }

  /**
   * Parses a JWK Set published by an identity server. HMAC secrets are dropped (symmetric keys
   * come from local configuration only), as are keys that are weak, invalid or of an unsupported
   * type; each dropped key is logged at {@code WARNING} without its material.
   *
   * @param json the set as UTF-8 JSON
   * @param maxBytes the largest accepted document
   * @return the usable keys
   * @throws IllegalArgumentException if the document is not a JWK Set
   */
  public static JwkSet parsePublished(byte[] json, int maxBytes) {
    return parse(json, new JsonLimits(maxBytes, 16, 64 * 1024), false, true);
  }

  private static JwkSet parse(byte[] json, JsonLimits limits, boolean allowSymmetric, boolean skipInvalid) {
    Object doc;
    try {
      doc = Json.parse(json, limits);
    } catch (JsonException e) {
      throw new IllegalArgumentException("JWK Set is not valid JSON: " + e.getMessage(), e);
    }
    if (!(doc instanceof Map) || !(((Map<?, ?>) doc).get("keys") instanceof List)) {
      throw new IllegalArgumentException("JWK Set must be an object with a \"keys\" array");
    }
    List<Jwk> keys = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int index = 0;
    for (Object o : (List<?>) ((Map<?, ?>) doc).get("keys")) {
      try {
        if (!(o instanceof Map)) throw new IllegalArgumentException("key " + index + " is not an object");
        @SuppressWarnings("unchecked")
        Jwk k = Jwk.fromMembers((Map<String, Object>) o);
        if (k.isSymmetric() && !allowSymmetric) {
          throw new IllegalArgumentException("an HMAC secret in a published JWK Set is never used");
        }
        if (skipInvalid && k.keyId().isPresent() && !seen.add(k.keyId().get())) {
          throw new IllegalArgumentException("duplicate kid");
        }
        keys.add(k);
      } catch (UnsupportedOperationException e) {
        LOG.log(Level.DEBUG, "JWK Set key {0} skipped: {1}", index, e.getMessage());
      } catch (IllegalArgumentException e) {
        if (!skipInvalid) throw new IllegalArgumentException("JWK Set key " + index + ": " + e.getMessage(), e);
        LOG.log(Level.WARNING, "JWK Set key {0} dropped: {1}", index, e.getMessage());
      }
      index++;
    }
    return new JwkSet(keys);
  }

  /** @return the keys, in order */
  public List<Jwk> keys() {
    return keys;
  }

  /**
   * @param keyId a {@code kid}
   * @return the key with that {@code kid}
   */
  public Optional<Jwk> find(String keyId) {
    return Optional.ofNullable(byId.get(keyId));
  }

  @Override
  public List<Jwk> candidates(Optional<String> keyId) {
    if (keyId.isPresent()) {
      Jwk k = byId.get(keyId.get());
      return k == null ? List.of() : List.of(k);
    }
    return keys;
  }

  /**
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
