package io.identsphere.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The requests the fake server received: all of them, and a queue of those not taken yet. Thread-safe. */
final class Journal {
  private final LinkedBlockingQueue<RecordedRequest> unread = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedDeque<RecordedRequest> all = new ConcurrentLinkedDeque<>();

  void record(RecordedRequest r) {
    all.add(r);
    unread.add(r);
  }

  List<RecordedRequest> all() {
    return new ArrayList<>(all);
  }

  List<RecordedRequest> to(Endpoint endpoint) {
    return all.stream().filter(r -> r.endpoint() == endpoint).collect(Collectors.toList());
  }

  /** The oldest request not taken yet, waiting up to {@code timeout}; empty when interrupted. */
  Optional<RecordedRequest> take(Duration timeout) {
    try {
      return Optional.ofNullable(unread.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  void clear() {
    all.clear();
    unread.clear();
  }
}
