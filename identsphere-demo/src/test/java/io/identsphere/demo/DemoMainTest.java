package io.identsphere.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The demo's command line as a person runs it: a taken port is a one-line error and a quick exit. */
class DemoMainTest {
  /** Runs the demo in its own JVM, as the README's command does, and waits at most 20 s. */
  private static Result run(String... args) throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path err = Files.createTempFile("demo-err", ".txt");
    List<String> cmd = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp, DemoMain.class.getName()));
    cmd.addAll(List.of(args));
    long start = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    boolean exited = p.waitFor(20, TimeUnit.SECONDS);
    if (!exited) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    Files.delete(err);
    return new Result(exited ? p.exitValue() : -1, stderr, millis);
  }

  private static final class Result {
    final int exit;
    final String stderr;
    final long millis;

    Result(int exit, String stderr, long millis) {
      this.exit = exit;
      this.stderr = stderr;
      this.millis = millis;
    }
  }

  @Test
  void takenAppPort_isAOneLineError_namingThePortAndTheOption_andExitsNonZeroQuickly() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Result r = run("--port", String.valueOf(taken.getLocalPort()), "--idp-port", "0");
      assertThat(r.exit).as(r.stderr).isEqualTo(1);
      assertThat(r.stderr.strip()).isEqualTo("IdentSphere demo: port " + taken.getLocalPort()
          + " is already in use; choose another with --port N");
      assertThat(r.millis).isLessThan(10_000);
    }
  }

  @Test
  void takenIdentityServerPort_namesTheIdpPortOption() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Result r = run("--port", "0", "--idp-port", String.valueOf(taken.getLocalPort()));
      assertThat(r.exit).as(r.stderr).isEqualTo(1);
      assertThat(r.stderr.strip()).isEqualTo("IdentSphere demo: port " + taken.getLocalPort()
          + " is already in use; choose another with --idp-port N");
    }
  }

  @Test
  void badArguments_printTheUsage_andExit2() throws Exception {
    Result r = run("--port", "eighty");
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.stderr.strip()).isEqualTo("usage: DemoMain [--port N] [--idp-port N] [--walkthrough-only]");
  }
}
