package io.identsphere;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The roles or scopes of one claim as an unmodifiable set, without copying: a view of the claim's
 * JSON array (or of the words of a space-separated string) when its strings are non-empty and
 * distinct, which is what identity servers send. Keeps the claim's order; {@code equals} and
 * {@code hashCode} follow the {@link Set} contract. For a few strings a scan is faster than
 * hashing and allocates nothing.
 *
 * <p>Immutable and thread-safe when the list is (the parser's lists are).
 */
final class ClaimStrings extends AbstractSet<String> {
  /** Larger claims are copied into a hash set by the caller; the distinctness check here is quadratic. */
  static final int MAX_VIEWED = 16;

  private final List<?> items; // non-empty, distinct strings
  private volatile String[] keys; // lower-case (Locale.ROOT) forms, made on the first role check

  private ClaimStrings(List<?> items) {
    this.items = items;
  }

  /**
   * A view of a claim value when it can be one.
   *
   * @param value the claim's value
   * @return the view, or null when the value is not a list of at most {@link #MAX_VIEWED} distinct,
   *     non-empty strings
   */
  static Set<String> view(Object value) {
    if (!(value instanceof List)) return null;
    List<?> list = (List<?>) value;
    int n = list.size();
    if (n == 0) return Set.of();
    if (n > MAX_VIEWED) return null;
    for (int i = 0; i < n; i++) {
      Object o = list.get(i);
      if (!(o instanceof String) || ((String) o).isEmpty()) return null;
      for (int j = 0; j < i; j++) {
        if (o.equals(list.get(j))) return null;
      }
    }
    return new ClaimStrings(list);
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public boolean contains(Object o) {
    for (int i = 0, n = items.size(); i < n; i++) {
      if (items.get(i).equals(o)) return true;
    }
    return false;
  }

  /**
   * Tells whether a lower-case key is one of these strings, ignoring case as
   * {@code toLowerCase(Locale.ROOT)} does.
   *
   * @param key a string already in lower case ({@link Locale#ROOT})
   * @return whether some member's lower-case form equals it
   */
  boolean containsKey(String key) {
    String[] k = keys;
    if (k == null) {
      k = new String[items.size()];
      for (int i = 0; i < k.length; i++) k[i] = ((String) items.get(i)).toLowerCase(Locale.ROOT);
      keys = k;
    }
    for (String s : k) {
      if (s.equals(key)) return true;
    }
    return false;
  }

  @Override
  public Iterator<String> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < items.size();
      }

      @Override
      public String next() {
        if (next >= items.size()) throw new NoSuchElementException();
        return (String) items.get(next++);
      }
    };
  }
}
