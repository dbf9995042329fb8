package io.identsphere.internal.json;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The parser's representation of a JSON array: the first {@code size} slots of an array it owns,
 * without the copy and the wrapper of {@code Collections.unmodifiableList(new ArrayList<>(...))}.
 *
 * <p>Unmodifiable (every mutator of {@link AbstractList} throws
 * {@link UnsupportedOperationException}), with the {@link java.util.List} contract's {@code equals}
 * and {@code hashCode}. Immutable and thread-safe once the parser hands it out.
 */
final class JsonArray extends AbstractList<Object> implements RandomAccess {
  private final Object[] items;
  private final int size;

  /** Takes ownership of {@code items}; its first {@code size} slots are the elements. */
  JsonArray(Object[] items, int size) {
    this.items = items;
    this.size = size;
  }

  @Override
  public Object get(int index) {
    Objects.checkIndex(index, size);
    return items[index];
  }

  @Override
  public int size() {
    return size;
  }
}
