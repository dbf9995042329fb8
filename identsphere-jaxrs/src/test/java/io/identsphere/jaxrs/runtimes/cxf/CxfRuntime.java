package io.identsphere.jaxrs.runtimes.cxf;

import io.identsphere.jaxrs.TestRuntime;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.ext.RuntimeDelegate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;

/** Apache CXF on Undertow (CXF's Undertow transport); one bus per server. */
public final class CxfRuntime implements TestRuntime {
  /** The one instance. */
  public static final TestRuntime INSTANCE = new CxfRuntime();
  /** Held strongly (java.util.logging forgets the level of a collected logger): start-up notes are noise. */
  private static final java.util.logging.Logger[] QUIET = {
      java.util.logging.Logger.getLogger("org.apache.cxf"), java.util.logging.Logger.getLogger("io.undertow"),
      java.util.logging.Logger.getLogger("org.xnio")};

  static {
    for (java.util.logging.Logger l : QUIET) l.setLevel(java.util.logging.Level.WARNING);
  }

  private CxfRuntime() {}

  @Override
  public String name() {
    return "Apache CXF (Undertow)";
  }

  @Override
  public String implementationPackage() {
    return "org.apache.cxf.";
  }

  @Override
  public Served serve(Application app, int port) {
    int p = port != 0 ? port : freePort();
    Bus bus = BusFactory.newInstance().createBus();
    JAXRSServerFactoryBean bean = RuntimeDelegate.getInstance().createEndpoint(app, JAXRSServerFactoryBean.class);
    bean.setBus(bus);
    bean.setAddress("http://127.0.0.1:" + p + "/");
    Server server = bean.create();
    URI base = URI.create("http://127.0.0.1:" + p + "/");
    return new Served() {
      @Override
      public URI base() {
        return base;
      }

      @Override
      public void close() {
        server.destroy();
        bus.shutdown(true);
      }
    };
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
