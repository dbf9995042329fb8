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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
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
 * loopback, one keep-alive connection from the JDK's HTTP client. {@code unprotected} is a
 * {@code @PermitAll} resource without a token; {@code protectedCached} the same request with an
 * RS256 bearer token to a {@code @RolesAllowed} resource of the same server, whose feature has the
 * default verified-token cache; {@code protectedUncached} that request to a second server whose
 * feature verifies every token ({@code noTokenCache()}). Each resource returns the subject and the
 * roles (the public one "anonymous []" without a user), and both take the {@code SecurityContext}
 * parameter, so Jersey injects the same (its parameter injection alone costs about 9 µs per request
 * on a 2-core VM). To tell the adapter's share from the transport's: {@code unprotectedWithToken} sends the
 * same bearer header to the public resource (the feature still reads the token, from its cache, to
 * offer the user), and {@code plainWithToken} / {@code plainWithoutToken} ask the public resource of
 * a third server without the feature.
 *
 * <p>Jersey on the JDK server needs many seconds of calls before its latency settles: it falls from
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
  HttpClient http;
  HttpRequest open;
  HttpRequest protectedCached;
  HttpRequest protectedUncached;
  HttpRequest openWithToken;
  HttpRequest plainOpen;
  HttpRequest plainOpenWithToken;

  @Setup(Level.Trial)
  public void start() throws Exception {
    idp = FakeIdentSphere.newBuilder().build().start();
    IdentSphereClient client = IdentSphereClient.newBuilder(idp.issuer()).clientId("bench").audience("api")
        .clock(idp.clock()).build();
    cached = serve(IdentSphereFeature.of(client));
    uncached = serve(IdentSphereFeature.newBuilder(client).noTokenCache().build());
    plain = serve(null);
    String token = idp.minter().accessToken("alice").roles("member", "auditor").sign();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    open = HttpRequest.newBuilder(uri(cached, "open")).build();
    protectedCached = HttpRequest.newBuilder(uri(cached, "me")).header("Authorization", "Bearer " + token).build();
    protectedUncached = HttpRequest.newBuilder(uri(uncached, "me")).header("Authorization", "Bearer " + token).build();
    openWithToken = HttpRequest.newBuilder(uri(cached, "open")).header("Authorization", "Bearer " + token).build();
    plainOpen = HttpRequest.newBuilder(uri(plain, "open")).build();
    plainOpenWithToken = HttpRequest.newBuilder(uri(plain, "open")).header("Authorization", "Bearer " + token).build();
    for (HttpRequest r : new HttpRequest[] {open, protectedCached, protectedUncached, openWithToken, plainOpen,
        plainOpenWithToken}) {
      HttpResponse<String> a = http.send(r, HttpResponse.BodyHandlers.ofString());
      if (a.statusCode() != 200) throw new IllegalStateException(r.uri() + ": " + a.statusCode() + " " + a.body());
    }
    // Every fork warms every path the same way before JMH's own warm-up, so the servers' compiled
    // code and profiles do not depend on which variant the fork measures.
    long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.getLong("bench.jaxrs.warmSeconds", 40));
    HttpRequest[] all = {open, protectedCached, protectedUncached, openWithToken, plainOpen, plainOpenWithToken};
    for (int i = 0; System.nanoTime() < warmUntil; i++) {
      http.send(all[i % all.length], HttpResponse.BodyHandlers.discarding());
    }
    String me = http.send(protectedCached, HttpResponse.BodyHandlers.ofString()).body();
    if (!me.startsWith("alice ") || !me.equals(http.send(openWithToken, HttpResponse.BodyHandlers.ofString()).body())
        || !http.send(plainOpenWithToken, HttpResponse.BodyHandlers.ofString()).body().equals("anonymous []")) {
      throw new IllegalStateException("the resources do not answer as the comparison assumes");
    }
  }

  /** A server for the resources, with the feature, or without any when {@code feature} is null. */
  private static HttpServer serve(IdentSphereFeature feature) {
    ResourceConfig rc = new ResourceConfig(Resources.class).property(ServerProperties.WADL_FEATURE_DISABLE, true);
    if (feature != null) rc.register(feature);
    HttpServer server = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), rc, false);
    // Daemon worker threads: the server's default pool keeps idle non-daemon threads for a minute,
    // which made every fork wait out JMH's 30 s shutdown timeout after its last iteration.
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "bench-http-server");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return server;
  }

  private static URI uri(HttpServer server, String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
  }

  @TearDown(Level.Trial)
  public void stop() {
    cached.stop(0);
    uncached.stop(0);
    plain.stop(0);
    idp.close();
  }

  @Benchmark
  public String unprotected() throws Exception {
    return http.send(open, HttpResponse.BodyHandlers.ofString()).body();
  }

  @Benchmark
  public String protectedCached() throws Exception {
    return http.send(protectedCached, HttpResponse.BodyHandlers.ofString()).body();
  }

  @Benchmark
  public String protectedUncached() throws Exception {
    return http.send(protectedUncached, HttpResponse.BodyHandlers.ofString()).body();
  }

  @Benchmark
  public String unprotectedWithToken() throws Exception {
    return http.send(openWithToken, HttpResponse.BodyHandlers.ofString()).body();
  }

  @Benchmark
  public String plainWithoutToken() throws Exception {
    return http.send(plainOpen, HttpResponse.BodyHandlers.ofString()).body();
  }

  @Benchmark
  public String plainWithToken() throws Exception {
    return http.send(plainOpenWithToken, HttpResponse.BodyHandlers.ofString()).body();
  }
}
