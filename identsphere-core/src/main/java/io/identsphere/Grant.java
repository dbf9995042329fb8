package io.identsphere;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The roles, custom roles or scopes of an {@link IdentSphereUser}, read from some claims, with
 * their lower-case lookup keys: a {@link ClaimStrings} view when one claim holds them all (the
 * common case, nothing copied), otherwise a copy that drops empty strings and repeats and splits
 * space-separated strings.
 *
 * <p>Immutable and thread-safe: the lookup keys are made on the first check and published
 * through a volatile field.
 */
final class Grant {
  static final Grant NONE = new Grant(Set.of());
  /** Paths split at their dots, once per path: a mapping's paths are few and fixed (bounded anyway). */
  private static final Map<String, String[]> SPLIT_PATHS = new ConcurrentHashMap<>();
  /**
   * The last few paths split, by the low bits of their hash, in front of {@link #SPLIT_PATHS}: a
   * mapping's paths are the same few {@code String} instances on every token, so an identity
   * compare usually answers. Each slot holds an immutable {@link Split}; a race only loses a slot.
   */
  private static final Split[] RECENT = new Split[8];

  /** A path and its parts; immutable, so safe to publish through a plain array slot. */
  private record Split(String path, String[] parts) {}

  final Set<String> values;
  private volatile Set<String> keys; // for a copy: lower-case forms, made on the first check

  private Grant(Set<String> values) {
    this.values = values;
  }

  /**
   * Tells whether some value's lower-case form is this key.
   *
   * @param key a lower-case ({@link Locale#ROOT}) string
   * @return whether it is granted
   */
  boolean hasKey(String key) {
    if (values instanceof ClaimStrings) return ((ClaimStrings) values).containsKey(key);
    Set<String> k = keys;
    if (k == null) keys = k = lower(values);
    return k.contains(key);
  }

  /**
   * The value at a claim path ({@code realm_access.roles}), or null when a member on the way is
   * absent or not an object.
   *
   * @param claims the claims
   * @param path the path, dot-separated
   * @return the value, or null
   */
  static Object path(Map<String, Object> claims, String path) {
    if (path.indexOf('.') < 0) return claims.get(path);
    int slot = path.hashCode() & (RECENT.length - 1);
    Split recent = RECENT[slot];
    String[] parts;
    if (recent != null && recent.path == path) {
      parts = recent.parts;
    } else {
      parts = SPLIT_PATHS.get(path);
      if (parts == null) {
        parts = path.split("\\.");
        if (SPLIT_PATHS.size() < 256) SPLIT_PATHS.putIfAbsent(path, parts);
      }
      RECENT[slot] = new Split(path, parts);
    }
    Object cur = claims;
    for (int i = 0; i < parts.length; i++) { // indexed: no iterator
      String part = parts[i];
      if (!(cur instanceof Map)) return null;
      cur = ((Map<?, ?>) cur).get(part);
    }
    return cur;
  }

  /**
   * Reads the strings of these claim paths, in order: arrays of strings, or space-separated strings.
   *
   * @param claims the claims
   * @param paths the claim paths
   * @return what they grant
   */
  static Grant collect(Map<String, Object> claims, List<String> paths) {
    Object only = null;
    int present = 0;
    for (int i = 0; i < paths.size(); i++) { // indexed: no iterator
      Object v = path(claims, paths.get(i));
      if (v != null) {
        only = v;
        present++;
      }
    }
    if (present == 0) return NONE;
    if (present == 1) {
      Set<String> view = ClaimStrings.view(only);
      if (view != null) return view.isEmpty() ? NONE : new Grant(view);
    }
    Set<String> out = new LinkedHashSet<>();
    for (String p : paths) {
      Object v = path(claims, p);
      if (v instanceof String) {
        for (String s : ((String) v).split(" ")) {
          if (!s.isEmpty()) out.add(s);
        }
      } else if (v instanceof List) {
        for (Object o : (List<?>) v) {
          if (o instanceof String && !((String) o).isEmpty()) out.add((String) o);
        }
      }
    }
    return out.isEmpty() ? NONE : new Grant(Collections.unmodifiableSet(out));
  }

  private static Set<String> lower(Set<String> in) {
    if (in.isEmpty()) return Set.of();
    Set<String> out = new java.util.HashSet<>(in.size() * 2);
    for (String s : in) out.add(s.toLowerCase(Locale.ROOT));
    return out;
  }
}
