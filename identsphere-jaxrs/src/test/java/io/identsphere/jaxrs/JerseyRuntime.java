package io.identsphere.jaxrs;

import com.sun.net.httpserver.HttpServer;
import jakarta.ws.rs.core.Application;
import java.net.URI;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/** Jersey on the JDK's HTTP server. */
public final class JerseyRuntime implements TestRuntime {
  /** The one instance. */
  public static final TestRuntime INSTANCE = new JerseyRuntime();

  private JerseyRuntime() {}

  @Override
  public String name() {
    return "Jersey (JDK HTTP server)";
  }

  @Override
  public String implementationPackage() {
    return "org.glassfish.jersey.";
  }

  @Override
  public Served serve(Application app, int port) {
    ResourceConfig rc = ResourceConfig.forApplication(app).property(ServerProperties.WADL_FEATURE_DISABLE, true);
    HttpServer server = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:" + port + "/"), rc, true);
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    return new Served() {
      @Override
      public URI base() {
        return base;
      }

      @Override
      public void close() {
        server.stop(0);
      }
    };
  }
}
