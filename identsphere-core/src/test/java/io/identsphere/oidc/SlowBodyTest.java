package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.oidc.IdentityServerException.Kind;
import io.identsphere.oidc.SlowServer.Mode;
import io.identsphere.token.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request timeout bounds the whole exchange, body included: a server that sends its headers and
 * then drips the body one byte every 200 ms must not hold any call past the timeout, blocking or
 * async, and the dripping connection must be closed rather than kept.
 */
class SlowBodyTest {
  private static final Duration TIMEOUT = Duration.ofMillis(400);
  /** How long a timed-out call may take at most: the timeout plus a generous margin for a busy VM. */
  private static final Duration BOUND = TIMEOUT.plusMillis(1500);
  private static final String SECRET = "s3cret-value-never-in-messages";
  private static final String ACCESS_TOKEN = "at-never-in-messages";

  private final SlowServer server;

  SlowBodyTest() throws Exception {
    server = new SlowServer();
    String b = server.base();
    server.bodies.put("/.well-known/openid-configuration", "{\"issuer\":\"" + b + "\",\"authorization_endpoint\":\"" + b
        + "/authorize\",\"token_endpoint\":\"" + b + "/token\",\"jwks_uri\":\"" + b + "/jwks\",\"userinfo_endpoint\":\""
        + b + "/userinfo\",\"introspection_endpoint\":\"" + b + "/introspect\",\"revocation_endpoint\":\"" + b
        + "/revoke\",\"end_session_endpoint\":\"" + b + "/logout\"}");
    server.bodies.put("/jwks", JwkSet.of(Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "k1", JwsAlgorithm.RS256)).toPublicJson());
    server.bodies.put("/token", "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":300}");
    server.bodies.put("/userinfo", "{\"sub\":\"alice\"}");
    server.bodies.put("/introspect", "{\"active\":true,\"sub\":\"alice\"}");
    server.bodies.put("/v1/users/me", "{\"sub\":\"alice\",\"roles\":[\"admin\"]}");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private IdentSphereClient client(Duration requestTimeout) {
    return IdentSphereClient.newBuilder(server.base()).clientId("web").clientSecret(SECRET).audience("api")
        .redirectUri(URI.create("http://127.0.0.1:9/cb")).timeouts(Duration.ofSeconds(2), requestTimeout).build();
  }

  private String validToken() {
    Map<String, Object> c = new HashMap<>();
    c.put("iss", server.base());
    c.put("aud", "api");
    c.put("sub", "alice");
    c.put("exp", Instant.now().plusSeconds(3600).getEpochSecond());
    return TestTokens.rs256(Map.of("alg", "RS256", "kid", "k1"), c, TestTokens.RSA.getPrivate());
  }

  /** What a call needs from the server before its own request: nothing, discovery, or also the keys. */
  enum Warm { NONE, METADATA, KEYS }

  /** One call of the client, in its blocking and its async form, and the path it waits on. */
  static final class Call {
    final String name;
    final String path;
    final String what;
    final Warm warm;
    final BiFunction<SlowBodyTest, IdentSphereClient, Runnable> blocking;
    final BiFunction<SlowBodyTest, IdentSphereClient, Supplier<CompletableFuture<?>>> async;

    Call(String name, String path, String what, Warm warm, BiFunction<SlowBodyTest, IdentSphereClient, Runnable> blocking,
        BiFunction<SlowBodyTest, IdentSphereClient, Supplier<CompletableFuture<?>>> async) {
      this.name = name;
      this.path = path;
      this.what = what;
      this.warm = warm;
      this.blocking = blocking;
      this.async = async;
    }

    /** A client for this call, with what it needs fetched while the server is still fast. */
    IdentSphereClient client(SlowBodyTest t) {
      IdentSphereClient c = t.client(TIMEOUT);
      if (warm == Warm.METADATA) c.metadata();
      if (warm == Warm.KEYS) c.warmUp();
      return c;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Call> calls() {
    URI cb = URI.create("http://127.0.0.1:9/cb");
    return Stream.of(
        new Call("discovery", "/.well-known/openid-configuration", "discovery", Warm.NONE,
            (t, c) -> c::metadata, (t, c) -> c.async()::metadata),
        new Call("JWK Set through RemoteJwkSet", "/jwks", "JWK Set", Warm.NONE,
            (t, c) -> t.remoteJwks()::warmUp, (t, c) -> t.remoteJwks()::refreshAsync),
        new Call("JWK Set through the client's validator", "/jwks", "JWK Set", Warm.METADATA,
            (t, c) -> {
              String token = t.validToken();
              return () -> c.accessTokenValidator().validate(token);
            },
            (t, c) -> c.keySource()::refreshAsync),
        new Call("token: code exchange", "/token", "token endpoint", Warm.METADATA,
            (t, c) -> () -> c.exchangeCode("code", "verifier", cb), (t, c) -> () -> c.async().exchangeCode("code", "verifier", cb)),
        new Call("token: refresh", "/token", "token endpoint", Warm.METADATA,
            (t, c) -> () -> c.refresh("rt"), (t, c) -> () -> c.async().refresh("rt")),
        new Call("token: client credentials", "/token", "token endpoint", Warm.METADATA,
            (t, c) -> c::clientCredentials, (t, c) -> c.async()::clientCredentials),
        new Call("userinfo", "/userinfo", "userinfo", Warm.METADATA,
            (t, c) -> () -> c.userInfo(ACCESS_TOKEN), (t, c) -> () -> c.async().userInfo(ACCESS_TOKEN, null)),
        new Call("introspection", "/introspect", "introspection", Warm.METADATA,
            (t, c) -> () -> c.introspect(ACCESS_TOKEN), (t, c) -> () -> c.async().introspect(ACCESS_TOKEN)),
        new Call("revocation", "/revoke", "revocation", Warm.METADATA,
            (t, c) -> () -> c.revoke(ACCESS_TOKEN, null), (t, c) -> () -> c.async().revoke(ACCESS_TOKEN, null)),
        new Call("IdentSphere API login", "/v1/auth/login", "IdentSphere login", Warm.NONE,
            (t, c) -> () -> c.api().login("{}"), (t, c) -> () -> c.api().loginAsync("{}")),
        new Call("IdentSphere API profile", "/v1/users/me", "IdentSphere profile", Warm.NONE,
            (t, c) -> () -> c.api().me(null, ACCESS_TOKEN), (t, c) -> () -> c.api().meAsync(null, ACCESS_TOKEN)),
        new Call("session check", "/introspect", "introspection", Warm.KEYS,
            (t, c) -> {
              String token = t.validToken();
              return () -> c.sessionCheckingVerifier(Duration.ofMinutes(1)).verify(token);
            },
            (t, c) -> {
              String token = t.validToken();
              return () -> CompletableFuture.runAsync(() -> c.sessionCheckingVerifier(Duration.ofMinutes(1)).verify(token));
            }));
  }

  private RemoteJwkSet remoteJwks() {
    return RemoteJwkSet.newBuilder(URI.create(server.base() + "/jwks")).timeouts(Duration.ofSeconds(2), TIMEOUT).build();
  }

  private static void assertTimedOut(Throwable thrown, Call call) {
    Throwable e = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
    assertThat(e).isInstanceOfSatisfying(IdentityServerException.class, ise -> {
      assertThat(ise.kind()).isEqualTo(Kind.TIMEOUT);
      assertThat(ise.getMessage()).startsWith(call.what + ": ").contains(call.path, "400 ms")
          .doesNotContain(SECRET, ACCESS_TOKEN);
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void blockingCall_bodyDripsForever_failsWithTimeoutAtTheDeadline(Call call) {
    Runnable r = call.blocking.apply(this, call.client(this));
    server.slow(call.path, Mode.DRIP);
    long start = System.nanoTime();
    Throwable thrown = assertTimeoutPreemptively(BOUND, () -> {
      try {
        r.run();
        return null;
      } catch (RuntimeException e) {
        return e;
      }
    }, () -> call.name + " still waiting for the dripping body after " + BOUND.toMillis() + " ms");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTimedOut(thrown, call);
    assertThat(took).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(50)); // it was the deadline, not another failure
    assertConnectionsReleased();
  }

  @Test
  void asyncCalls_bodiesDripForever_allFailWithTimeoutAtTheDeadline_andTheConnectionsAreClosed() {
    List<Call> all = calls().collect(Collectors.toList());
    List<Supplier<CompletableFuture<?>>> forms = new ArrayList<>();
    for (Call call : all) forms.add(call.async.apply(this, call.client(this)));
    for (Call call : all) server.slow(call.path, Mode.DRIP);
    long start = System.nanoTime();
    List<CompletableFuture<Throwable>> outcomes = new ArrayList<>();
    for (Supplier<CompletableFuture<?>> f : forms) outcomes.add(f.get().handle((v, t) -> t));
    for (int i = 0; i < all.size(); i++) {
      Call call = all.get(i);
      CompletableFuture<Throwable> outcome = outcomes.get(i);
      Throwable thrown = assertTimeoutPreemptively(BOUND.minusNanos(System.nanoTime() - start), () -> outcome.join(),
          () -> call.name + " (async) still waiting for the dripping body after " + BOUND.toMillis() + " ms");
      assertTimedOut(thrown, call);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(50));
    assertConnectionsReleased();
    assertHungUp(all.size());
  }

  /**
   * Waits until the server has seen {@code n} dripping connections closed by the client. On a loaded
   * machine the server's thread may not have reached the drip yet when the client's deadline passes,
   * so the count is awaited (bounded), not read once.
   */
  private void assertHungUp(int n) {
    assertTimeoutPreemptively(Duration.ofSeconds(3), () -> {
      while (server.hungUp.get() < n) Thread.sleep(20);
    }, () -> server.hungUp.get() + " of " + n + " dripping connections seen closed");
    assertThat(server.hungUp.get()).isEqualTo(n);
  }

  private void assertConnectionsReleased() {
    // The client closed every dripping connection: none is still held by the server.
    assertTimeoutPreemptively(Duration.ofSeconds(3), () -> {
      while (server.held.get() > 0) Thread.sleep(20);
    }, () -> server.held.get() + " dripping connections still open");
  }

  @Test
  void chunkedBodyThatDripsForever_failsWithTimeout() {
    server.slow("/.well-known/openid-configuration", Mode.DRIP_CHUNKED);
    IdentSphereClient c = client(TIMEOUT);
    assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(c::metadata)
        .isInstanceOfSatisfying(IdentityServerException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
          assertThat(e).hasMessage("discovery: no complete answer from " + server.base()
              + "/.well-known/openid-configuration within 400 ms (the request timeout covers the whole exchange,"
              + " body included)");
        }));
    assertConnectionsReleased();
    assertHungUp(1);
  }

  @Test
  void serverThatNeverSendsHeaders_stillTimesOut() {
    server.slow("/token", Mode.SILENT);
    IdentSphereClient c = client(TIMEOUT);
    c.metadata();
    assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> c.clientCredentials())
        .isInstanceOfSatisfying(IdentityServerException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
          assertThat(e).hasMessage("token endpoint: no complete answer from " + server.base()
              + "/token within 400 ms (the request timeout covers the whole exchange, body included)");
        }));
    assertConnectionsReleased();
  }

  @Test
  void slowBodiesThatFinishWithinTheTimeout_areAccepted() {
    // Each body arrives in 6 pieces 60 ms apart (~360 ms in all), well within a 2 s timeout.
    IdentSphereClient c = client(Duration.ofSeconds(2));
    server.slow("/.well-known/openid-configuration", Mode.SLOW_COMPLETE);
    ProviderMetadata md = c.metadata();
    assertThat(md.issuer()).isEqualTo(server.base());
    assertThat(md.tokenEndpoint()).isEqualTo(URI.create(server.base() + "/token"));

    server.slow("/jwks", Mode.SLOW_COMPLETE);
    assertThat(c.accessTokenValidator().validate(validToken()).subject()).isEqualTo("alice");

    server.slow("/token", Mode.SLOW_COMPLETE);
    TokenResponse tokens = c.async().clientCredentials().join();
    assertThat(tokens.accessToken()).isEqualTo(ACCESS_TOKEN);
    assertThat(tokens.expiresAt()).isPresent();
  }

  /** A frame of the library's HTTP path (not of a test's helper server in the same package). */
  private static boolean libraryFrame(StackTraceElement f) {
    String c = f.getClassName();
    int nested = c.indexOf('$');
    String top = nested < 0 ? c : c.substring(0, nested);
    return top.startsWith("io.identsphere.internal.http.") || Stream.of(IdentSphereClient.class, RemoteJwkSet.class,
        JwkSetFetch.class, SharedFetch.class, Discovery.class, Calls.class, SessionCheck.class).anyMatch(k -> k.getName().equals(top));
  }

  @Test
  void timedOutCalls_leaveNoThreadBlockedInTheLibrary_andNoConnectionHeld() throws Exception {
    server.slow("/userinfo", Mode.DRIP);
    IdentSphereClient c = client(TIMEOUT);
    c.metadata();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Thread t = new Thread(() -> {
        try {
          c.userInfo(ACCESS_TOKEN);
        } catch (IdentityServerException expected) {
          // TIMEOUT, asserted elsewhere
        }
      }, "slow-body-caller-" + i);
      t.setDaemon(true);
      t.start();
      callers.add(t);
    }
    for (Thread t : callers) t.join(BOUND.toMillis());
    assertThat(callers).noneMatch(Thread::isAlive);
    assertConnectionsReleased();
    assertHungUp(4);
    // Fast exchanges after the slow ones work, and once they all returned no thread is still in the library.
    for (int i = 0; i < 50; i++) assertThat(c.introspect(ACCESS_TOKEN).active()).isTrue();
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
      while (Thread.getAllStackTraces().entrySet().stream().anyMatch(e -> e.getKey() != Thread.currentThread()
          && Stream.of(e.getValue()).anyMatch(SlowBodyTest::libraryFrame))) {
        Thread.sleep(20);
      }
    }, "a thread is still inside the library after every call returned");
  }
}
