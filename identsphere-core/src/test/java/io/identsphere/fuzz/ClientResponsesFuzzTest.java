package io.identsphere.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.sun.net.httpserver.HttpServer;
import io.identsphere.IdentSphereUser;
import io.identsphere.internal.json.Json;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.IdentityServerException;
import io.identsphere.oidc.IntrospectionResult;
import io.identsphere.oidc.ProviderMetadata;
import io.identsphere.oidc.TokenResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;

/**
 * The client's handling of discovery, token, introspection and userinfo answers, each fuzzed
 * through a loopback server that returns the input as the answer body, with a status and content
 * type that the input picks. The parsing lives inside the client's call chains, so this is the
 * entry point; a request takes well under a millisecond on loopback.
 *
 * <p>The only exception allowed out is {@link IdentityServerException}. {@code http://fuzz.test}
 * in an input stands for the server's own address, so a corpus entry can name real endpoints.
 */
class ClientResponsesFuzzTest {
  private static final String PLACEHOLDER = "http://fuzz.test";
  private static final int[] STATUSES = {200, 200, 200, 201, 302, 400, 401, 404, 500, 503};
  private static final String[] TYPES = {"application/json", "application/json; charset=utf-8", "application/jwk-set+json",
      "text/html", null};
  private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "fuzz-server");
    t.setDaemon(true);
    return t;
  });
  private static final HttpServer SERVER = start();
  private static final String BASE = "http://127.0.0.1:" + SERVER.getAddress().getPort();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private static final String DISCOVERY = ("{\"issuer\":\"B\",\"authorization_endpoint\":\"B/authorize\","
      + "\"token_endpoint\":\"B/token\",\"jwks_uri\":\"B/jwks\",\"userinfo_endpoint\":\"B/userinfo\","
      + "\"introspection_endpoint\":\"B/introspect\"}").replace("B", BASE);

  /** What the server answers next: for discovery (when {@code discovery} is set) or for the endpoint. */
  private static volatile Answer answer = new Answer(false, 200, "application/json", new byte[0]);
  private static IdentSphereClient shared;

  private static final class Answer {
    final boolean discovery;
    final int status;
    final String type;
    final byte[] body;

    Answer(boolean discovery, int status, String type, byte[] body) {
      this.discovery = discovery;
      this.status = status;
      this.type = type;
      this.body = body;
    }
  }

  private static HttpServer start() {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      s.setExecutor(EXECUTOR);
      s.createContext("/", ex -> {
        try {
          ex.getRequestBody().readAllBytes();
          Answer a = answer;
          boolean isDiscovery = ex.getRequestURI().getPath().equals("/.well-known/openid-configuration");
          int status = 200;
          String type = "application/json";
          byte[] body = DISCOVERY.getBytes(StandardCharsets.UTF_8);
          if (isDiscovery == a.discovery) {
            status = a.status;
            type = a.type;
            body = a.body;
          }
          if (type != null) ex.getResponseHeaders().set("Content-Type", type);
          ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
          if (body.length > 0) ex.getResponseBody().write(body);
        } finally {
          ex.close();
        }
      });
      s.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stop() {
    SERVER.stop(0);
  }

  private static IdentSphereClient newClient() {
    return IdentSphereClient.newBuilder(BASE).clientId("fuzz").clientSecret("fuzz-client-secret-fuzz-client-secret")
        .httpClient(HTTP).timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)).build();
  }

  private static synchronized IdentSphereClient sharedClient() {
    if (shared == null) shared = newClient();
    return shared;
  }

  /** Sets the next answer from the input; returns its body. */
  private static byte[] answer(FuzzedDataProvider data, boolean discovery) {
    int status = data.pickValue(STATUSES);
    String type = data.pickValue(TYPES);
    String text = new String(data.consumeRemainingAsBytes(), StandardCharsets.ISO_8859_1).replace(PLACEHOLDER, BASE);
    byte[] body = text.getBytes(StandardCharsets.ISO_8859_1);
    answer = new Answer(discovery, status, type, body);
    return body;
  }

  @FuzzTest(maxDuration = "5m")
  void discovery(FuzzedDataProvider data) {
    byte[] body = answer(data, true);
    ProviderMetadata md;
    try {
      md = newClient().metadata();
    } catch (IdentityServerException e) {
      return; // documented
    }
    assertThat(md.issuer()).isEqualTo(BASE);
    assertThat(md.raw()).isEqualTo(Json.parseObject(body, io.identsphere.internal.json.JsonLimits.DEFAULT));
    for (URI u : new URI[] {md.authorizationEndpoint(), md.tokenEndpoint(), md.jwksUri()}) {
      assertThat(u.isAbsolute()).isTrue();
    }
    optionalEndpoint(md::userinfoEndpoint);
    optionalEndpoint(md::introspectionEndpoint);
    optionalEndpoint(md::revocationEndpoint);
    optionalEndpoint(md::endSessionEndpoint);
  }

  /** An optional endpoint is absolute, or absent, or refused with the documented exception. */
  private static void optionalEndpoint(java.util.function.Supplier<java.util.Optional<URI>> endpoint) {
    java.util.Optional<URI> u;
    try {
      u = endpoint.get();
    } catch (IdentityServerException e) {
      return; // documented: a bad optional endpoint fails only its own accessor
    }
    u.ifPresent(v -> assertThat(v.isAbsolute()).isTrue());
  }

  @FuzzTest(maxDuration = "5m")
  void tokenResponse(FuzzedDataProvider data) {
    answer(data, false);
    TokenResponse t;
    try {
      t = sharedClient().clientCredentials("orders:read");
    } catch (IdentityServerException e) {
      return; // documented
    }
    assertThat(t.accessToken()).isEqualTo(t.raw().get("access_token"));
    Object expiresIn = t.raw().get("expires_in");
    assertThat(t.expiresAt().isPresent()).isEqualTo(expiresIn instanceof Long && (Long) expiresIn > 0);
    assertThat(t.scopes()).doesNotContain("");
    String shown = t.toString();
    String secret = t.accessToken();
    if (secret.length() >= 12 && !t.tokenType().contains(secret) && !t.raw().getOrDefault("scope", "").toString().contains(secret)) {
      assertThat(shown).as("toString never prints the access token").doesNotContain(secret);
    }
  }

  @FuzzTest(maxDuration = "5m")
  void introspection(FuzzedDataProvider data) {
    answer(data, false);
    IntrospectionResult r;
    try {
      r = sharedClient().introspect("opaque-token");
    } catch (IdentityServerException e) {
      return; // documented
    }
    assertThat(r.active()).isEqualTo(Boolean.TRUE.equals(r.claims().get("active")));
    if (r.user().isPresent()) {
      assertThat(r.active()).isTrue();
      assertThat(r.user().get().subject()).isEqualTo(r.claims().get("sub"));
    }
  }

  @FuzzTest(maxDuration = "5m")
  void userInfo(FuzzedDataProvider data) {
    byte[] body = answer(data, false);
    IdentSphereUser u;
    try {
      u = sharedClient().userInfo("access-token", "user-1");
    } catch (IdentityServerException e) {
      return; // documented
    }
    Map<String, Object> claims = Json.parseObject(body, io.identsphere.internal.json.JsonLimits.DEFAULT);
    assertThat(u.subject()).isEqualTo("user-1").isEqualTo(claims.get("sub"));
    assertThat(u.roles()).isNotNull();
    assertThat(u.email()).isEqualTo(claims.get("email") instanceof String
        ? java.util.Optional.of(claims.get("email")) : java.util.Optional.empty());
  }
}
