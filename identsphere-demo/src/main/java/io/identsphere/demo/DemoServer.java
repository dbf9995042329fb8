package io.identsphere.demo;

import com.sun.net.httpserver.HttpServer;
import io.identsphere.jaxrs.IdentSphereFeature;
import io.identsphere.jaxrs.WebLogin;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.FakeIdentSphere;
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

  /**
   * Starts the demo's identity server (unless {@code IDENTSPHERE_URL} is set) and app.
   *
   * @param appPort the app's port (0: any)
   * @param idpPort the embedded identity server's port (0: any); ignored with IDENTSPHERE_URL
   * @return the running demo
   */
  public static DemoServer start(int appPort, int idpPort) {
    int port = appPort != 0 ? appPort : freePort();
    URI app = URI.create("http://127.0.0.1:" + port + "/");
    FakeIdentSphere idp = null;
    IdentSphereClient client;
    if (System.getenv("IDENTSPHERE_URL") != null) {
      client = IdentSphereClient.fromEnvironment().redirectUri(app.resolve("/auth/callback")).build();
    } else {
      idp = FakeIdentSphere.newBuilder().port(idpPort).autoLogin(null).build().start();
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
    HttpServer http = JdkHttpServerFactory.createHttpServer(app, rc, true);
    return new DemoServer(idp, client, app, http);
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
