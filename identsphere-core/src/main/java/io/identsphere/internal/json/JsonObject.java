package io.identsphere.internal.json;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The parser's representation of a small JSON object: member names, their hash codes and values in
 * parallel arrays, in document order. A token's claims or a JWK have a dozen members, for which a
 * linear scan over cached hash codes beats a hash table and allocates a fraction of a
 * {@code LinkedHashMap}'s entries. Objects larger than {@link #MAX_MEMBERS} are kept in a
 * {@code LinkedHashMap} instead, so no lookup or duplicate check is ever quadratic in a large input.
 *
 * <p>Unmodifiable (every mutator throws {@link UnsupportedOperationException}), with the
 * {@link Map} contract's {@code equals} and {@code hashCode}, so it equals any map with the same
 * members. Immutable and thread-safe once the parser hands it out.
 */
final class JsonObject extends AbstractMap<String, Object> {
  /** The most members kept in this form; the parser switches to a hash table above it. */
  static final int MAX_MEMBERS = 32;

  private final String[] names;
  private final int[] hashes;
  private final Object[] values;
  private final int size;
  private final boolean holdsNull;
  /** Bit {@code hash & 63} is set for every member's name hash: most absent names are ruled out at once. */
  private final long hashBits;

  /**
   * Takes ownership of the arrays; the first {@code size} slots are the members, names unique.
   * {@code holdsNull} says whether any of those values is JSON {@code null}.
   */
  JsonObject(String[] names, int[] hashes, Object[] values, int size, boolean holdsNull, long hashBits) {
    this.names = names;
    this.hashes = hashes;
    this.values = values;
    this.size = size;
    this.holdsNull = holdsNull;
    this.hashBits = hashBits;
  }

  /** Whether a member's value is JSON {@code null}: when not, {@code get(name) == null} means absent. */
  boolean holdsNull() {
    return holdsNull;
  }

  /** The index of {@code name} among the first {@code size} members of the arrays, or -1. */
  static int indexOf(String[] names, int[] hashes, int size, String name, int hash) {
    for (int i = 0; i < size; i++) {
      if (hashes[i] == hash && names[i].equals(name)) return i;
    }
    return -1;
  }

  private int indexOf(Object key) {
    if (!(key instanceof String)) return -1;
    String name = (String) key;
    int hash = name.hashCode();
    // A validator looks up a dozen names a token usually lacks (nbf, nonce, at_hash, ...): one
    // bit test answers most of them without scanning the members.
    if ((hashBits & (1L << hash)) == 0) return -1; // the shift uses the low 6 bits
    return indexOf(names, hashes, size, name, hash);
  }

  @Override
  public Object get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public Object put(String key, Object value) {
    throw new UnsupportedOperationException("a parsed JSON object is unmodifiable");
  }

  @Override
  public Object remove(Object key) {
    throw new UnsupportedOperationException("a parsed JSON object is unmodifiable");
  }

  @Override
  public void putAll(Map<? extends String, ?> m) {
    throw new UnsupportedOperationException("a parsed JSON object is unmodifiable");
  }

  @Override
  public void clear() {
    throw new UnsupportedOperationException("a parsed JSON object is unmodifiable");
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Map.Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Map.Entry<String, Object> next() {
            if (next >= size) throw new NoSuchElementException();
            int i = next++;
            return new AbstractMap.SimpleImmutableEntry<>(names[i], values[i]);
          }
        };
      }
    };
  }
}
