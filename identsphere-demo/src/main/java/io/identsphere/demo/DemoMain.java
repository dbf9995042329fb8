package io.identsphere.demo;

import io.identsphere.testkit.FakeIdentSphere;

/**
 * Runs the demo: starts the embedded fake IdentSphere (or uses {@code IDENTSPHERE_URL}), serves a
 * Jersey API protected by IdentSphere tokens, walks through the flows, then keeps serving.
 *
 * <p>Arguments: {@code --port N} (app, default 8080), {@code --idp-port N} (embedded identity
 * server, default 9400), {@code --walkthrough-only} (exit 0 when every step behaves, 1 otherwise).
 */
public final class DemoMain {
  /** Held strongly: java.util.logging forgets the level of a logger that is collected. */
  private static final java.util.logging.Logger JERSEY_LOG = java.util.logging.Logger.getLogger("org.glassfish");

  private DemoMain() {}

  /**
   * Starts the demo.
   *
   * @param args see the class comment
   * @throws Exception on failure to start
   */
  public static void main(String[] args) throws Exception {
    int port = 8080;
    int idpPort = 9400;
    boolean walkthroughOnly = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port": port = portArgument(args, ++i); break;
        case "--idp-port": idpPort = portArgument(args, ++i); break;
        case "--walkthrough-only": walkthroughOnly = true; break;
        default: port = usage();
      }
    }
    // Jersey logs start-up notes (optional providers absent) that are noise for a demo.
    JERSEY_LOG.setLevel(java.util.logging.Level.SEVERE);
    DemoServer demo;
    try {
      demo = DemoServer.start(port, idpPort);
    } catch (DemoServer.PortInUseException e) {
      System.err.println("IdentSphere demo: " + e.getMessage());
      System.exit(1);
      return;
    }
    System.out.println("IdentSphere demo");
    System.out.println("  app:             " + demo.app);
    System.out.println("  identity server: " + demo.client.authority() + (demo.idp != null ? " (embedded fake IdentSphere, testing only)" : ""));
    System.out.println("  browser login:   " + demo.app.resolve("/auth/login") + "  (alice@example.test / password)");
    System.out.println();
    int failures = 0;
    if (demo.idp != null) {
      failures = new Walkthrough(demo, System.out).run();
    } else {
      System.out.println("A real identity server is configured: sign in with a browser at the URL above.");
    }
    if (walkthroughOnly) {
      demo.close();
      System.exit(failures == 0 ? 0 : 1);
    }
    if (demo.idp != null) {
      FakeIdentSphere idp = demo.idp;
      String token = idp.minter().accessToken("alice").expiresIn(java.time.Duration.ofHours(1)).sign();
      String bob = idp.minter().accessToken("bob").expiresIn(java.time.Duration.ofHours(1)).sign();
      System.out.println();
      System.out.println("Try it (tokens valid for one hour):");
      System.out.println("  curl -i " + demo.app.resolve("/api/me") + " -H 'Authorization: Bearer " + token + "'");
      System.out.println("  curl -i " + demo.app.resolve("/api/admin") + " -H 'Authorization: Bearer " + bob + "'");
      System.out.println("  curl -i " + demo.app.resolve("/api/admin"));
    }
    System.out.println();
    System.out.println("Serving until interrupted (Ctrl-C).");
    Runtime.getRuntime().addShutdownHook(new Thread(demo::close));
    Thread.currentThread().join();
  }

  private static int portArgument(String[] args, int i) {
    if (i >= args.length || !args[i].matches("[0-9]{1,5}") || Integer.parseInt(args[i]) > 65535) return usage();
    return Integer.parseInt(args[i]);
  }

  private static int usage() {
    System.err.println("usage: DemoMain [--port N] [--idp-port N] [--walkthrough-only]");
    System.exit(2);
    return 0;
  }
}
