package io.identsphere.jaxrs;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/** A real Jersey application served over HTTP on loopback. */
final class JerseyServer implements AutoCloseable {
  final HttpServer server;
  final URI base;

  JerseyServer(ResourceConfig config) {
    this(config, 0);
  }

  JerseyServer(ResourceConfig config, int port) {
    server = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:" + port + "/"), config, true);
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
