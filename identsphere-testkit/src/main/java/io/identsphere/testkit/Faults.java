package io.identsphere.testkit;

import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/** The faults scheduled per endpoint, each for a number of requests (negative: always). Thread-safe. */
final class Faults {
  private final Map<Endpoint, Deque<Fault>> faults = new ConcurrentHashMap<>();
  private final Map<Endpoint, Integer> remaining = new ConcurrentHashMap<>();

  void set(Endpoint endpoint, Fault fault, int times) {
    faults.computeIfAbsent(endpoint, e -> new ConcurrentLinkedDeque<>()).clear();
    faults.get(endpoint).add(fault);
    remaining.put(endpoint, times);
  }

  void clear() {
    faults.clear();
    remaining.clear();
  }

  /** The fault for the next request to {@code endpoint}, counted down; null for none. */
  synchronized Fault take(Endpoint endpoint) {
    Deque<Fault> d = faults.get(endpoint);
    if (d == null || d.isEmpty()) return null;
    int left = remaining.getOrDefault(endpoint, 0);
    if (left == 0) return null;
    if (left > 0) remaining.put(endpoint, left - 1);
    return d.peek();
  }
}
