package io.identsphere.testkit;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the fake IdentSphere for local development until interrupted:
 * {@code java -cp ... io.identsphere.testkit.Standalone [--port 9400] [--login-form]}.
 * <b>For testing only.</b>
 */
public final class Standalone {
  private Standalone() {}

  /**
   * Starts the fake server and serves until the process is stopped.
   *
   * @param args {@code --port N} (default 9400), {@code --login-form} (show the form instead of
   *     signing alice in at once)
   * @throws InterruptedException when interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    int port = 9400;
    boolean form = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port") && i + 1 < args.length) port = Integer.parseInt(args[++i]);
      else if (args[i].equals("--login-form")) form = true;
      else {
        System.err.println("usage: Standalone [--port N] [--login-form]");
        System.exit(2);
      }
    }
    FakeIdentSphere idp = FakeIdentSphere.newBuilder().port(port).autoLogin(form ? null : "alice").build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(idp::close));
    System.out.println(describe(idp));
    new CountDownLatch(1).await();
  }

  static String describe(FakeIdentSphere idp) {
    StringBuilder sb = new StringBuilder();
    sb.append("Fake IdentSphere (testing only) running\n");
    sb.append("  issuer:    ").append(idp.issuer()).append('\n');
    sb.append("  discovery: ").append(idp.discoveryUri()).append('\n');
    sb.append("  clients:\n");
    for (TestClient c : idp.clients()) {
      sb.append("    ").append(c.clientId()).append(" (").append(c.authentication().name().toLowerCase())
          .append(c.secret() == null ? "" : ", secret " + c.secret()).append(")\n");
    }
    sb.append("  users (password \"password\"):\n");
    for (TestUser u : idp.users()) sb.append("    ").append(u).append('\n');
    return sb.toString();
  }
}
