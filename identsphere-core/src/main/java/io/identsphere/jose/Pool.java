package io.identsphere.jose;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A tiny lock-free pool of reusable, stateful JCA engines ({@code Signature}), so a
 * verification neither looks up a provider nor clones key state. Bounded: at most {@link #SLOTS}
 * idle engines are kept; when all are in use a caller makes a new one and the surplus is dropped.
 * Unlike a {@code ThreadLocal}, it does not grow with the number of threads (virtual threads).
 * Thread-safe.
 */
class Pool<T> {
  static final int SLOTS = 8;
  private final AtomicReferenceArray<T> idle = new AtomicReferenceArray<>(SLOTS);

  /**
   * Returns an idle engine, or null when none is idle.
   *
   * @return an idle engine, or null when none is idle
   */
  T take() {
    for (int i = 0; i < SLOTS; i++) {
      if (idle.get(i) != null) {
        T t = idle.getAndSet(i, null);
        if (t != null) return t;
      }
    }
    return null;
  }

  /** Returns an engine in its initial state; dropped when the pool is full. */
  void give(T t) {
    for (int i = 0; i < SLOTS; i++) {
      if (idle.get(i) == null && idle.compareAndSet(i, null, t)) return;
    }
  }
}
