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
 * Cold start of the fake IdentSphere: each fork is a fresh JVM that measures one start plus one
 * discovery request (ready to serve), after the one-time key generation done in setup.
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
  public int coldStartAndFirstDiscovery() throws Exception {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().build().start()) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(idp.discoveryUri()).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode();
    }
  }
}
