package io.identsphere.jaxrs.runtimes.resteasy;

import io.identsphere.jaxrs.TestRuntime;
import io.undertow.Undertow;
import jakarta.ws.rs.core.Application;
import java.net.InetSocketAddress;
import java.net.URI;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;
import org.jboss.resteasy.spi.ResteasyDeployment;

/** RESTEasy on Undertow. */
public final class ResteasyRuntime implements TestRuntime {
  /** The one instance. */
  public static final TestRuntime INSTANCE = new ResteasyRuntime();
  /** Held strongly (java.util.logging forgets the level of a collected logger): start-up notes are noise. */
  private static final java.util.logging.Logger[] QUIET = {
      java.util.logging.Logger.getLogger("org.jboss.resteasy"), java.util.logging.Logger.getLogger("io.undertow"),
      java.util.logging.Logger.getLogger("org.xnio")};

  static {
    for (java.util.logging.Logger l : QUIET) l.setLevel(java.util.logging.Level.WARNING);
  }

  private ResteasyRuntime() {}

  @Override
  public String name() {
    return "RESTEasy (Undertow)";
  }

  /** Exposes the port Undertow bound (the test asks for port 0). */
  private static final class Server extends UndertowJaxrsServer {
    int boundPort() {
      return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }
  }

  @Override
  public String implementationPackage() {
    return "org.jboss.resteasy.";
  }

  @Override
  public Served serve(Application app, int port) {
    Server server = new Server();
    server.start(Undertow.builder().addHttpListener(port, "127.0.0.1"));
    ResteasyDeployment deployment = new ResteasyDeploymentImpl();
    deployment.setApplication(app);
    server.deploy(server.undertowDeployment(deployment, "/").setContextPath("/").setDeploymentName("app")
        .setClassLoader(ResteasyRuntime.class.getClassLoader()));
    URI base = URI.create("http://127.0.0.1:" + server.boundPort() + "/");
    return new Served() {
      @Override
      public URI base() {
        return base;
      }

      @Override
      public void close() {
        server.stop();
      }
    };
  }
}
