package io.identsphere.bench;

import io.identsphere.testkit.FakeIdentSphere;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cold start of the fake IdentSphere. Each fork is a fresh JVM that measures, once, after the
 * one-time key generation done in setup: {@code coldStart}, {@code start()} until it returns (the
 * server is then accepting); {@code coldStartAndFirstDiscovery}, start plus the first discovery
 * answer read over a plain socket (the server's own first-request cost); and
 * {@code coldStartAndFirstDiscoveryHttpClient}, the same through a new JDK {@code HttpClient}, whose
 * first use in a JVM (class loading, TLS defaults) dominates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(10)
public class TestkitStartBenchmark {
  @Setup(Level.Trial)
  public void generateKeysOnce() {
    FakeIdentSphere.newBuilder().build(); // generates the pooled signing key; starts nothing
  }

  @Benchmark
  public int coldStart() {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().build().start()) {
      return idp.discoveryUri().getPort();
    }
  }

  @Benchmark
  public String coldStartAndFirstDiscovery() throws Exception {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().build().start();
        java.net.Socket socket = new java.net.Socket(idp.discoveryUri().getHost(), idp.discoveryUri().getPort())) {
      String request = "GET " + idp.discoveryUri().getRawPath() + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!answer.startsWith("HTTP/1.1 200") || !answer.contains("\"jwks_uri\"")) throw new IllegalStateException("bad answer");
      return answer;
    }
  }

  @Benchmark
  public int coldStartAndFirstDiscoveryHttpClient() throws Exception {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().build().start()) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(idp.discoveryUri()).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode();
    }
  }
}
