package io.identsphere.jaxrs;

import jakarta.ws.rs.core.Application;
import java.net.URI;

/**
 * A Jakarta REST runtime that the shared test bodies run on: it serves an {@link Application} over
 * real HTTP on loopback. Jersey's is {@link JerseyRuntime}; RESTEasy's and CXF's live in
 * {@code io.identsphere.jaxrs.runtimes}, each tested in a surefire run of its own.
 */
public interface TestRuntime {
  /**
   * Returns the runtime's name as it appears in test names and reports.
   *
   * @return e.g. {@code "Jersey 3.1 (JDK HTTP server)"}
   */
  String name();

  /**
   * Returns the package prefix of the runtime's classes, to check that the run uses this runtime.
   *
   * @return e.g. {@code "org.glassfish.jersey."}
   */
  String implementationPackage();

  /**
   * Serves an application on {@code 127.0.0.1}.
   *
   * @param app the resources and providers (classes and instances)
   * @param port the port, or 0 for any free one
   * @return the running server
   */
  Served serve(Application app, int port);

  /** A running server. */
  interface Served extends AutoCloseable {
    /**
     * Returns the server's base URL.
     *
     * @return {@code http://127.0.0.1:PORT/}
     */
    URI base();

    /**
     * Resolves a path against the base URL.
     *
     * @param path a relative path, e.g. {@code "me"}
     * @return the absolute URL
     */
    default URI uri(String path) {
      return base().resolve(path);
    }

    @Override
    void close();
  }
}
