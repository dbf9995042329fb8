package io.identsphere.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.identsphere.testkit.NoDelay.Outcome;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fake server answers without Nagle delay: on JDK 17 to 22 each answer of the JDK server
 * otherwise waits ~40 ms for the client's delayed ACK (headers and body leave in two segments).
 */
class NoDelayTest {
  /**
   * With the delayed-ACK wait, every answer takes at least ~40 ms (Linux's minimum delayed-ACK
   * time), so even the fastest of 20 would; without it an answer takes a few ms. The fastest
   * request, not the total, is compared: a loaded machine slows some requests down, but it cannot
   * make the wait disappear, so the check neither flakes under load nor passes with the wait.
   */
  private static final long BUDGET_MILLIS = 30;

  /**
   * Milliseconds of the fastest of 20 sequential discovery requests on one kept-alive connection
   * (after 3 to warm up).
   */
  static long twentySequentialRequests(URI uri) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest get = HttpRequest.newBuilder(uri).build();
    for (int i = 0; i < 3; i++) http.send(get, HttpResponse.BodyHandlers.ofString());
    long fastest = Long.MAX_VALUE;
    for (int i = 0; i < 20; i++) {
      long start = System.nanoTime();
      HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
      fastest = Math.min(fastest, System.nanoTime() - start);
      if (r.statusCode() != 200 || !r.body().contains("\"issuer\"")) throw new AssertionError("bad answer " + r);
    }
    return TimeUnit.NANOSECONDS.toMillis(fastest);
  }

  @Test
  void twentySequentialRequestsOnOneConnection_takeWellUnderTheDelayedAckTime() throws Exception {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().build().start()) {
      assertThat(twentySequentialRequests(idp.discoveryUri())).isLessThan(BUDGET_MILLIS);
    }
  }

  @Test
  void loadingTheFakeServer_switchesNagleOffUnlessTheUserChose() {
    assertThat(FakeIdentSphere.DEMO_SECRET).isNotEmpty(); // the class is initialised
    assertThat(System.getProperty(NoDelay.PROPERTY)).isEqualTo("true");
    assertThat(NoDelay.ensure()).isIn(Outcome.SWITCHED_ON, Outcome.TOO_LATE);
  }

  @Test
  void decide_respectsAnExplicitValue_andDetectsAServerCreatedBefore() {
    assertThat(NoDelay.decide("false", false)).isEqualTo(Outcome.USER_CHOICE);
    assertThat(NoDelay.decide("true", true)).isEqualTo(Outcome.USER_CHOICE);
    assertThat(NoDelay.decide(null, false)).isEqualTo(Outcome.SWITCHED_ON);
    assertThat(NoDelay.decide(null, true)).isEqualTo(Outcome.TOO_LATE);
  }

  @Test
  void anotherJdkServerCreatedFirst_isDetected_andAnswersStayFast() throws Exception {
    // A fresh JVM, so that no JDK server exists before the one created here.
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LateStart.class.getName())
        .redirectErrorStream(true).start();
    boolean exited = p.waitFor(20, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!exited) p.destroyForcibly();
    assertThat(exited).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("outcome TOO_LATE").contains("could not be switched on");
    long millis = Long.parseLong(out.replaceAll("(?s).*fastest of twenty requests: (\\d+) ms.*", "$1"));
    if (Runtime.version().feature() < NoDelay.FIXED_IN) assertThat(out).contains("closes the connection after each answer");
    assertThat(millis).as(out).isLessThan(BUDGET_MILLIS);
  }

  /** Creates a plain JDK server before the fake one, as a test suite might, then measures the fake. */
  static final class LateStart {
    public static void main(String[] args) throws Exception {
      com.sun.net.httpserver.HttpServer other = com.sun.net.httpserver.HttpServer.create(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      other.start();
      other.stop(0);
      try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().build().start()) {
        System.out.println("outcome " + NoDelay.ensure());
        System.out.println("fastest of twenty requests: " + twentySequentialRequests(idp.discoveryUri()) + " ms");
      }
      System.out.flush();
      System.exit(0);
    }
  }

}
