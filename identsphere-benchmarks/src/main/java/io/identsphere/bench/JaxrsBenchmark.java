package io.identsphere.bench;

import com.sun.net.httpserver.HttpServer;
import io.identsphere.IdentSphereUser;
import io.identsphere.jaxrs.IdentSphereFeature;
import io.identsphere.jaxrs.IdentSphereSecurity;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.FakeIdentSphere;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The adapter's cost per request, as a client sees it: Jersey on the JDK's HTTP server on
 * loopback, one keep-alive HTTP/1.1 connection per server from a minimal blocking client
 * ({@link LoopbackHttp}; the JDK's {@code HttpClient} added two thread switches per request, whose
 * latency and noise on a 2-core VM hid the server's work). {@code unprotected} is a
 * {@code @PermitAll} resource without a token; {@code protectedCached} the same request with an
 * RS256 bearer token to a {@code @RolesAllowed} resource of the same server, whose feature has the
 * default verified-token cache; {@code protectedUncached} that request to a second server whose
 * feature verifies every token ({@code noTokenCache()}). Each resource returns the subject and the
 * roles (the public one "anonymous []" without a user), and both take the {@code SecurityContext}
 * parameter, so Jersey injects the same (its parameter injection alone costs about 9 µs per request
 * on a 2-core VM). To tell the adapter's share from the transport's: {@code unprotectedWithToken} sends the
 * same bearer header to the public resource (the feature still reads the token, from its cache, to
 * offer the user), and {@code plainWithToken} / {@code plainWithoutToken} ask the public resource of
 * a third server without the feature. The setup checks every answer first (same body for the same
 * token on both resources, 401 without a token on the protected one). {@code interleaved} sends
 * all six in turn within one fork and reports each one's total time ({@link Latencies}): the
 * comparison to read on a noisy machine, where forks minutes apart differ by a third.
 *
 * <p>Jersey on the JDK server needs many seconds of calls before its latency settles: it fell from
 * ~2 ms to ~0.14 ms in ~12 s on one 2-core VM, and was still falling after 30 s on another. So each
 * fork first sends all six requests in turn for 40 s ({@code -Dbench.jaxrs.warmSeconds=N} through
 * {@code -jvmArgsAppend} changes it), warming every path alike whichever variant the fork measures,
 * then runs JMH's warm-up of 5 &times; 2 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class JaxrsBenchmark {
  /** A public resource and a protected one, on each server. */
  @Path("/")
  public static class Resources {
    @GET
    @Path("open")
    @PermitAll
    public String open(@Context SecurityContext sc) {
      return IdentSphereSecurity.user(sc).map(u -> u.subject() + " " + u.roles()).orElse("anonymous []");
    }

    @GET
    @Path("me")
    @RolesAllowed("member")
    public String me(@Context SecurityContext sc) {
      IdentSphereUser u = IdentSphereSecurity.requireUser(sc);
      return u.subject() + " " + u.roles();
    }
  }

  FakeIdentSphere idp;
  HttpServer cached;
  HttpServer uncached;
  HttpServer plain;
  LoopbackHttp toCached;
  LoopbackHttp toUncached;
  LoopbackHttp toPlain;
  byte[] open;
  byte[] protectedCached;
  byte[] protectedUncached;
  byte[] openWithToken;
  byte[] plainOpen;
  byte[] plainOpenWithToken;
  /** The six requests, in the order of {@link Latencies}' fields, and the connection each goes to. */
  LoopbackHttp[] connections;
  byte[][] requests;

  @Setup(Level.Trial)
  public void start() throws Exception {
    idp = FakeIdentSphere.newBuilder().build().start();
    IdentSphereClient client = IdentSphereClient.newBuilder(idp.issuer()).clientId("bench").audience("api")
        .clock(idp.clock()).build();
    cached = serve(IdentSphereFeature.of(client));
    uncached = serve(IdentSphereFeature.newBuilder(client).noTokenCache().build());
    plain = serve(null);
    String bearer = "Bearer " + idp.minter().accessToken("alice").roles("member", "auditor").sign();
    toCached = new LoopbackHttp(cached.getAddress().getPort());
    toUncached = new LoopbackHttp(uncached.getAddress().getPort());
    toPlain = new LoopbackHttp(plain.getAddress().getPort());
    open = toCached.get("/open", null);
    protectedCached = toCached.get("/me", bearer);
    openWithToken = toCached.get("/open", bearer);
    protectedUncached = toUncached.get("/me", bearer);
    plainOpen = toPlain.get("/open", null);
    plainOpenWithToken = toPlain.get("/open", bearer);
    String me = toCached.ok(protectedCached);
    if (!me.startsWith("alice ") || !me.equals(toCached.ok(openWithToken)) || !me.equals(toUncached.ok(protectedUncached))
        || !toCached.ok(open).equals("anonymous []") || !toPlain.ok(plainOpen).equals("anonymous []")
        || !toPlain.ok(plainOpenWithToken).equals("anonymous []")
        || !toCached.exchange(toCached.get("/me", null)).startsWith("401 ")) {
      throw new IllegalStateException("the resources do not answer as the comparison assumes");
    }
    // Every fork warms every path the same way before JMH's own warm-up, so the servers' compiled
    // code and profiles do not depend on which variant the fork measures.
    long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.getLong("bench.jaxrs.warmSeconds", 40));
    connections = new LoopbackHttp[] {toCached, toCached, toCached, toUncached, toPlain, toPlain};
    requests = new byte[][] {open, openWithToken, protectedCached, protectedUncached, plainOpen, plainOpenWithToken};
    while (System.nanoTime() < warmUntil) {
      for (int k = 0; k < requests.length; k++) connections[k].ok(requests[k]);
    }
  }

  /**
   * A server for the resources, with the feature, or without any when {@code feature} is null.
   * Requests are handled on the server's dispatcher thread: with one connection a worker pool only
   * adds a thread switch per request.
   */
  private static HttpServer serve(IdentSphereFeature feature) {
    ResourceConfig rc = new ResourceConfig(Resources.class).property(ServerProperties.WADL_FEATURE_DISABLE, true);
    if (feature != null) rc.register(feature);
    HttpServer server = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), rc, false);
    server.setExecutor(Runnable::run);
    server.start();
    return server;
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    toCached.close();
    toUncached.close();
    toPlain.close();
    cached.stop(0);
    uncached.stop(0);
    plain.stop(0);
    idp.close();
  }

  @Benchmark
  public String unprotected() throws Exception {
    return toCached.ok(open);
  }

  @Benchmark
  public String protectedCached() throws Exception {
    return toCached.ok(protectedCached);
  }

  @Benchmark
  public String protectedUncached() throws Exception {
    return toUncached.ok(protectedUncached);
  }

  @Benchmark
  public String unprotectedWithToken() throws Exception {
    return toCached.ok(openWithToken);
  }

  @Benchmark
  public String plainWithoutToken() throws Exception {
    return toPlain.ok(plainOpen);
  }

  @Benchmark
  public String plainWithToken() throws Exception {
    return toPlain.ok(plainOpenWithToken);
  }

  /**
   * The six requests' latencies in one fork, interleaved: {@link #interleaved} sends each request
   * once per call, starting one further along each time, and adds each one's nanoseconds here. JMH
   * reports the totals per iteration; as every request is sent equally often, their ratios are the
   * ratios of the mean latencies, measured under the same JIT state and the same neighbours' load,
   * which the separate benchmarks (one fork each, minutes apart) are not.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Latencies {
    /** Nanoseconds spent on each request in this iteration. */
    public long unprotectedNs;
    public long unprotectedWithTokenNs;
    public long protectedCachedNs;
    public long protectedUncachedNs;
    public long plainWithoutTokenNs;
    public long plainWithTokenNs;
    int next;

    /** Starts each iteration's totals at zero. */
    @Setup(Level.Iteration)
    public void reset() {
      unprotectedNs = unprotectedWithTokenNs = protectedCachedNs = protectedUncachedNs = 0;
      plainWithoutTokenNs = plainWithTokenNs = 0;
    }
  }

  @Benchmark
  public int interleaved(Latencies l) throws Exception {
    int first = l.next;
    l.next = (first + 1) % 6;
    int length = 0;
    for (int k = 0; k < 6; k++) {
      int which = (first + k) % 6;
      long t0 = System.nanoTime();
      length += connections[which].ok(requests[which]).length();
      long took = System.nanoTime() - t0;
      switch (which) {
        case 0: l.unprotectedNs += took; break;
        case 1: l.unprotectedWithTokenNs += took; break;
        case 2: l.protectedCachedNs += took; break;
        case 3: l.protectedUncachedNs += took; break;
        case 4: l.plainWithoutTokenNs += took; break;
        default: l.plainWithTokenNs += took; break;
      }
    }
    return length;
  }
}
