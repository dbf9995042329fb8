package io.identsphere.demo;

import com.sun.net.httpserver.HttpServer;
import io.identsphere.jaxrs.IdentSphereFeature;
import io.identsphere.jaxrs.WebLogin;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.FakeIdentSphere;
import io.identsphere.testkit.TestClock;
import java.net.URI;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The demo: a Jersey app on the JDK HTTP server, protected by the IdentSphere feature, with the
 * fake IdentSphere embedded as identity server unless {@code IDENTSPHERE_URL} is set.
 */
public final class DemoServer implements AutoCloseable {
  final FakeIdentSphere idp; // null when a real identity server is used
  final IdentSphereClient client;
  final URI app;
  private final HttpServer http;

  private DemoServer(FakeIdentSphere idp, IdentSphereClient client, URI app, HttpServer http) {
    this.idp = idp;
    this.client = client;
    this.app = app;
    this.http = http;
  }

  /** A port the demo needs is taken: the message names it and the option that changes it. */
  public static final class PortInUseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortInUseException(int port, String option, Throwable cause) {
      super("port " + port + " is already in use; choose another with " + option + " N", cause);
    }
  }

  /**
   * Starts the demo's identity server (unless {@code IDENTSPHERE_URL} is set) and app. The
   * embedded identity server's clock follows real time, so the demo keeps working however long it
   * runs (tests can still advance it).
   *
   * @param appPort the app's port (0: any)
   * @param idpPort the embedded identity server's port (0: any); ignored with IDENTSPHERE_URL
   * @return the running demo
   * @throws PortInUseException when a port is taken
   */
  public static DemoServer start(int appPort, int idpPort) {
    int port = appPort != 0 ? appPort : freePort();
    URI app = URI.create("http://127.0.0.1:" + port + "/");
    if (appPort != 0) checkFree(appPort, "--port"); // before anything starts: fail fast, leave nothing running
    FakeIdentSphere idp = null;
    IdentSphereClient client;
    if (System.getenv("IDENTSPHERE_URL") != null) {
      client = IdentSphereClient.fromEnvironment().redirectUri(app.resolve("/auth/callback")).build();
    } else {
      if (idpPort != 0) checkFree(idpPort, "--idp-port");
      idp = FakeIdentSphere.newBuilder().port(idpPort).autoLogin(null).clock(TestClock.ticking()).build().start();
      client = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").clientSecret(FakeIdentSphere.DEMO_SECRET)
          .audience("api").redirectUri(app.resolve("/auth/callback")).clock(idp.clock()).build();
    }
    WebLogin login = WebLogin.newBuilder(client, app.resolve("/auth/callback")).afterLogin(app.resolve("/profile"))
        .afterLogout(app.resolve("/")).insecureCookiesOnLoopback().build();
    ResourceConfig rc = new ResourceConfig(DemoResources.Api.class)
        .register(new DemoResources.Pages(login))
        .property(org.glassfish.jersey.server.ServerProperties.WADL_FEATURE_DISABLE, true)
        .register(IdentSphereFeature.newBuilder(client).refreshExpiredCookies().insecureCookiesOnLoopback().build())
        .register(login);
    HttpServer http;
    try {
      http = JdkHttpServerFactory.createHttpServer(app, rc, true);
    } catch (RuntimeException e) {
      if (idp != null) idp.close();
      throw new PortInUseException(port, "--port", e); // taken between the check and now
    }
    return new DemoServer(idp, client, app, http);
  }

  /** Binds the port once, as the servers will, to report a taken one by its option. */
  private static void checkFree(int port, String option) {
    try (java.net.ServerSocket s = new java.net.ServerSocket()) {
      s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
    } catch (java.io.IOException e) {
      throw new PortInUseException(port, option, e);
    }
  }

  private static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Returns the app's base URL.
   *
   * @return the app's base URL
   */
  public URI app() {
    return app;
  }

  @Override
  public void close() {
    http.stop(0);
    if (idp != null) idp.close();
  }
}
