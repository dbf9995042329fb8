package io.identsphere.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TokenRejectedException.Reason;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * What a validator tells the outside: listener events (a throwing listener never breaks
 * validation), a DEBUG log line per rejection without the token, a Flight Recorder event per
 * rejection, and no allocation on a cache hit without a listener.
 */
class ValidationEventsTest {
  final Clock clock = Clock.fixed(Instant.ofEpochSecond(VerifiedTokenCacheTest.T0), ZoneOffset.UTC);

  TokenValidator.Builder builder() {
    return TokenValidator.newBuilder().keySource(JwkSet.of(Jwk.fromSecret(VerifiedTokenCacheTest.SECRET, "h1",
        JwsAlgorithm.HS256))).allowAlgorithms(JwsAlgorithm.HS256).expectIssuer("https://id").expectAudience("api")
        .clock(clock);
  }

  static String good() {
    return VerifiedTokenCacheTest.token("alice", VerifiedTokenCacheTest.T0 + 300, null);
  }

  static String expired() {
    return VerifiedTokenCacheTest.token("alice", VerifiedTokenCacheTest.T0 - 300, null);
  }

  @Test
  void validate_withAListenerThatAlwaysThrows_acceptsAndRejectsAsWithout() {
    ValidationListener hostile = new ValidationListener() {
      @Override
      public void tokenAccepted(VerifiedToken token, boolean cacheHit) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void tokenRejected(TokenRejectedException rejection) {
        throw new IllegalStateException("listener bug");
      }
    };
    for (TokenValidator v : List.of(builder().listener(hostile).build(),
        builder().listener(hostile).cacheVerifiedTokens(8, Duration.ofMinutes(1)).build())) {
      assertThat(v.validate(good()).user().roles()).containsExactly("admin", "reader");
      assertThat(v.validate(good()).subject()).isEqualTo("alice"); // a hit, with the cache
      assertThatThrownBy(() -> v.validate(expired())).isInstanceOfSatisfying(TokenRejectedException.class,
          e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
    }
  }

  @Test
  void validate_reportsAcceptedAndRejectedTokensToTheListener() {
    List<String> events = new CopyOnWriteArrayList<>();
    TokenValidator v = builder().cacheVerifiedTokens(8, Duration.ofMinutes(1)).listener(new ValidationListener() {
      @Override
      public void tokenAccepted(VerifiedToken token, boolean cacheHit) {
        events.add("accepted " + token.subject() + (cacheHit ? " hit" : " miss"));
      }

      @Override
      public void tokenRejected(TokenRejectedException rejection) {
        events.add("rejected " + rejection.reason());
      }
    }).build();
    v.validate(good());
    v.validate(good());
    assertThatThrownBy(() -> v.validate(expired())).isInstanceOf(TokenRejectedException.class);
    assertThat(events).containsExactly("accepted alice miss", "accepted alice hit", "rejected EXPIRED");
  }

  @Test
  void validate_rejection_isLoggedAtDebugWithItsReasonButNeverTheToken() {
    Logger jul = Logger.getLogger("io.identsphere.token.TokenValidator");
    List<String> lines = new CopyOnWriteArrayList<>();
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLevel() == Level.FINE) lines.add(new SimpleFormatter().formatMessage(r));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Level before = jul.getLevel();
    jul.setLevel(Level.FINE);
    jul.addHandler(h);
    String token = expired();
    try {
      assertThatThrownBy(() -> builder().build().validate(token)).isInstanceOf(TokenRejectedException.class);
    } finally {
      jul.removeHandler(h);
      jul.setLevel(before);
    }
    assertThat(lines).singleElement().satisfies(l -> {
      assertThat(l).contains("EXPIRED").contains("token expired at");
      assertThat(l).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
    });
  }

  @Test
  void validate_rejection_isAFlightRecorderEvent() throws Exception {
    Path file = Files.createTempFile("identsphere", ".jfr");
    try (Recording r = new Recording()) {
      r.enable("io.identsphere.TokenRejected");
      r.start();
      assertThatThrownBy(() -> builder().build().validate(expired())).isInstanceOf(TokenRejectedException.class);
      r.stop();
      r.dump(file);
      List<RecordedEvent> events = RecordingFile.readAllEvents(file);
      assertThat(events).filteredOn(e -> e.getEventType().getName().equals("io.identsphere.TokenRejected"))
          .singleElement().satisfies(e -> {
            assertThat(e.getString("reason")).isEqualTo("EXPIRED");
            assertThat(e.getString("message")).contains("token expired at");
          });
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void validate_cacheHitWithoutListener_allocatesNothing() {
    TokenValidator v = builder().cacheVerifiedTokens(8, Duration.ofMinutes(1)).build();
    String t = good();
    VerifiedToken first = v.validate(t);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    for (int i = 0; i < 20_000; i++) v.validate(t); // warm up the JIT
    long before = threads.getThreadAllocatedBytes(id);
    VerifiedToken last = null;
    for (int i = 0; i < 10_000; i++) last = v.validate(t);
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertThat(last).isSameAs(first);
    assertThat(allocated).as("bytes allocated by 10000 cache hits").isLessThan(10_000);
  }
}
