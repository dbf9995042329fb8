package io.identsphere.testkit;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * Switches Nagle's algorithm off for the JDK HTTP server the fake runs on, so that its answers do
 * not wait for the client's delayed ACK.
 *
 * <p>Why: up to JDK 22, {@code com.sun.net.httpserver} writes a response's headers and its body in
 * two TCP segments. With Nagle on (the JDK server's default), the body waits until the client
 * acknowledges the headers, and clients delay that ACK: about 40 ms per response on Linux loopback
 * (measured: ~46 ms per discovery request on JDK 17, ~2 ms with {@code TCP_NODELAY}). The only
 * switch is the system property {@value #PROPERTY}, which the JDK server reads once, when its first
 * server in the JVM is created.
 *
 * <p>So, once per JVM, before the fake creates its first server: if the property is unset, it is
 * set to {@code true} (an explicit value, {@code true} or {@code false}, is left as the user set
 * it). This also applies to any other JDK server created later in the same JVM, which is what a
 * test suite wants.
 *
 * <p>If a JDK server was created earlier in this JVM, the setting comes too late. This is detected
 * (the JDK server's implementation package is already defined) and handled: on the JDKs that need
 * it, the fake answers with {@code Connection: close} ({@link #filter()}), so that each answer
 * travels on a fresh connection, whose first segments clients acknowledge at once (measured on JDK
 * 17: ~4 ms per request instead of ~47 ms, at the cost of one loopback connection per request).
 * This is logged once, with how to get keep-alive back.
 */
final class NoDelay {
  static final String PROPERTY = "sun.net.httpserver.nodelay";
  /** The first JDK whose server sends a small fixed-length response in one segment. */
  static final int FIXED_IN = 23;
  private static final String IMPLEMENTATION_PACKAGE = "sun.net.httpserver";
  private static final System.Logger LOG = System.getLogger(FakeIdentSphere.class.getName());

  /** What {@link #ensure()} found and did. */
  enum Outcome {
    /** The property was set by the user; left alone. */
    USER_CHOICE,
    /** The property was unset and no JDK server existed yet: set to true, and effective. */
    SWITCHED_ON,
    /** A JDK server was created before the property could be set: Nagle stays on in this JVM. */
    TOO_LATE
  }

  private static Outcome outcome;

  private NoDelay() {}

  /**
   * Sets {@value #PROPERTY} to {@code true} unless the user chose a value; idempotent.
   *
   * @return what was found and done (the first call's answer, every time)
   */
  static synchronized Outcome ensure() {
    if (outcome != null) return outcome;
    String value;
    try {
      value = System.getProperty(PROPERTY);
      outcome = decide(value, implementationLoaded());
      if (outcome != Outcome.USER_CHOICE) System.setProperty(PROPERTY, "true");
    } catch (SecurityException e) {
      outcome = Outcome.USER_CHOICE; // not ours to change
    }
    if (closeEachConnection()) {
      LOG.log(Level.INFO, "a com.sun.net.httpserver server was created in this JVM before the fake IdentSphere, so"
          + " TCP_NODELAY could not be switched on; the fake server closes the connection after each answer instead,"
          + " to avoid a ~40 ms delayed-ACK wait per answer. For keep-alive, create the fake server first or run the"
          + " JVM with -D" + PROPERTY + "=true");
    }
    return outcome;
  }

  /** True when the fake must close each connection after its answer (see the class comment). */
  static synchronized boolean closeEachConnection() {
    return ensure() == Outcome.TOO_LATE && Runtime.version().feature() < FIXED_IN;
  }

  /** A filter that asks the JDK server to close the connection after the answer. */
  static Filter filter() {
    return new Filter() {
      @Override
      public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        exchange.getResponseHeaders().set("Connection", "close");
        chain.doFilter(exchange);
      }

      @Override
      public String description() {
        return "Connection: close (TCP_NODELAY could not be switched on)";
      }
    };
  }

  static Outcome decide(String propertyValue, boolean implementationLoaded) {
    if (propertyValue != null) return Outcome.USER_CHOICE;
    return implementationLoaded ? Outcome.TOO_LATE : Outcome.SWITCHED_ON;
  }

  /** True once any class of the JDK server's implementation (hence its configuration) was loaded. */
  static boolean implementationLoaded() {
    ClassLoader loader = HttpServer.class.getClassLoader();
    if (loader == null) return false; // defined to the boot loader: cannot tell, assume not
    return loader.getDefinedPackage(IMPLEMENTATION_PACKAGE) != null;
  }
}
