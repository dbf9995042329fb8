package io.identsphere.oidc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A scriptable loopback HTTP server for failure tests: one handler per path, request counts. */
final class LocalServer implements AutoCloseable {
  interface Handler {
    void handle(HttpExchange ex) throws IOException;
  }

  final HttpServer server;
  final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  final Map<String, Handler> handlers = new ConcurrentHashMap<>();

  LocalServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
      Handler h = handlers.get(path);
      try {
        if (h == null) {
          send(ex, 404, "text/plain", "no handler", Map.of());
        } else {
          h.handle(ex);
        }
      } finally {
        ex.close();
      }
    });
    server.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  static void send(HttpExchange ex, int status, String type, String body, Map<String, String> headers) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    if (type != null) ex.getResponseHeaders().set("Content-Type", type);
    headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) ex.getResponseBody().write(b);
  }

  void json(String path, String body) {
    handlers.put(path, ex -> send(ex, 200, "application/json", body, Map.of()));
  }

  void discovery(String issuer) {
    json("/.well-known/openid-configuration", "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + base()
        + "/authorize\",\"token_endpoint\":\"" + base() + "/token\",\"jwks_uri\":\"" + base()
        + "/jwks\",\"userinfo_endpoint\":\"" + base() + "/userinfo\",\"end_session_endpoint\":\"" + base() + "/logout\"}");
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
