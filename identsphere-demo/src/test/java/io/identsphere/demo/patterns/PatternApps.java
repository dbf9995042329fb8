package io.identsphere.demo.patterns;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/** Serves a pattern app on loopback, and a tiny browser with a cookie jar for it. */
final class PatternApps implements AutoCloseable {
  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  final URI base;
  private final HttpServer server;
  final Map<String, String> jar = new LinkedHashMap<>();

  PatternApps(URI base, ResourceConfig app) {
    this.base = base;
    this.server = JdkHttpServerFactory.createHttpServer(base, app.property(ServerProperties.WADL_FEATURE_DISABLE, true), true);
  }

  static URI freeBase() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + s.getLocalPort() + "/");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A request from the app's own pages: cookies from the jar, {@code Origin} of the app. */
  HttpResponse<String> send(String method, String path, String json, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) b.header("Content-Type", "application/json");
    if (!jar.isEmpty()) {
      b.header("Cookie", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
    }
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    for (String c : r.headers().allValues("Set-Cookie")) {
      String pair = c.substring(0, c.indexOf(';'));
      String name = pair.substring(0, pair.indexOf('='));
      if (c.contains("Max-Age=0")) jar.remove(name); else jar.put(name, pair.substring(name.length() + 1));
    }
    return r;
  }

  String origin() {
    return "http://127.0.0.1:" + base.getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
