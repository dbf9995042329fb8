package io.identsphere.testkit;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the fake IdentSphere for local development until interrupted:
 * {@code java -cp ... io.identsphere.testkit.Standalone [--port 9400] [--login-form]}. Its clock
 * follows real time, so the tokens it issues are valid however long it runs. <b>For testing only.</b>
 */
public final class Standalone {
  private Standalone() {}

  /**
   * Starts the server and serves until interrupted.
   *
   * @param args {@code --port N} (default 9400), {@code --login-form} (show the form instead of
   *     signing alice in at once)
   * @throws InterruptedException when interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    FakeIdentSphere idp;
    try {
      idp = start(args, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      System.err.println("cannot start the fake IdentSphere: " + e.getMessage() + "; choose another port with --port N");
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(idp::close));
    System.out.println(describe(idp));
    new CountDownLatch(1).await();
  }

  /**
   * Starts the server as {@link #main} does, with a clock that follows {@code wall}.
   *
   * @param args the command line
   * @param wall the time to follow (the system clock; a test's own clock in tests)
   * @return the running server
   * @throws IllegalArgumentException for a bad command line (the message is the usage)
   */
  static FakeIdentSphere start(String[] args, Clock wall) {
    int port = 9400;
    boolean form = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port") && i + 1 < args.length && args[i + 1].matches("[0-9]{1,5}")) port = Integer.parseInt(args[++i]);
      else if (args[i].equals("--login-form")) form = true;
      else throw new IllegalArgumentException("usage: Standalone [--port N] [--login-form]");
    }
    return FakeIdentSphere.newBuilder().port(port).autoLogin(form ? null : "alice").clock(TestClock.ticking(wall)).build().start();
  }

  static String describe(FakeIdentSphere idp) {
    StringBuilder sb = new StringBuilder();
    sb.append("Fake IdentSphere (testing only) running\n");
    sb.append("  issuer:    ").append(idp.issuer()).append('\n');
    sb.append("  discovery: ").append(idp.discoveryUri()).append('\n');
    sb.append("  clients:\n");
    for (TestClient c : idp.clients()) {
      sb.append("    ").append(c.clientId()).append(" (").append(c.authenticationMethod())
          .append(c.secret() == null ? "" : ", secret " + c.secret()).append(")\n");
    }
    sb.append("  users (password \"password\"):\n");
    for (TestUser u : idp.users()) sb.append("    ").append(u).append('\n');
    return sb.toString();
  }
}
