package io.identsphere.demo;

import java.io.File;
import java.util.Locale;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Finds Chromium and chromedriver for {@link BrowserLoginTest}, and decides what their absence means.
 *
 * <p>System property {@code identsphere.browserTest}: {@code auto} (the default) runs the test
 * where both programs are found and skips it, with a message naming the packages to install,
 * where they are not; {@code required} (what {@code .ci/run} passes) fails instead of skipping.
 * {@code identsphere.chromium} and {@code identsphere.chromedriver} name the programs explicitly;
 * otherwise they are looked up on the {@code PATH}. As a JUnit condition on the test class, it
 * disables each test with that message (reported as skipped); {@link #check} then fails in
 * {@code required} mode.
 */
final class BrowserRequirement implements ExecutionCondition {
  static final String MODE = "identsphere.browserTest";

  BrowserRequirement() {}

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    File chromium = find("identsphere.chromium", "chromium");
    File driver = find("identsphere.chromedriver", "chromedriver");
    if (mode().equals("required") || missing(chromium, driver).isEmpty()) {
      return ConditionEvaluationResult.enabled("browser test enabled");
    }
    String advice = advice(chromium, driver);
    System.err.println("[WARNING] " + context.getDisplayName() + " SKIPPED: " + advice
        + " Pass -D" + MODE + "=required to make this a failure (bash .ci/run does).");
    return ConditionEvaluationResult.disabled("BrowserLoginTest did not run: " + advice);
  }

  /** The program named by {@code property}, else the first executable {@code name} on the PATH. */
  static File find(String property, String name) {
    String explicit = System.getProperty(property);
    if (explicit != null && !explicit.isBlank()) return new File(explicit);
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        File candidate = new File(dir.isEmpty() ? "." : dir, name);
        if (candidate.isFile() && candidate.canExecute()) return candidate;
      }
    }
    return new File("/usr/bin", name);   // named in the message below when it is missing
  }

  /** Returns when both programs can run; otherwise fails (the condition above has already skipped in auto mode). */
  static void check(File chromium, File driver) {
    String mode = mode();
    if (missing(chromium, driver).isEmpty()) return;
    throw new IllegalStateException(advice(chromium, driver) + " (-D" + MODE + "=" + mode + ")");
  }

  private static String mode() {
    String mode = System.getProperty(MODE, "auto").trim().toLowerCase(Locale.ROOT);
    if (!mode.equals("auto") && !mode.equals("required")) {
      throw new IllegalArgumentException("-D" + MODE + " must be auto or required, not " + mode);
    }
    return mode;
  }

  private static String missing(File chromium, File driver) {
    return ((chromium.canExecute() ? "" : chromium + " ") + (driver.canExecute() ? "" : driver)).trim();
  }

  private static String advice(File chromium, File driver) {
    return "the browser test needs Chromium and chromedriver; not found: " + missing(chromium, driver)
        + ". Install them (Debian/Ubuntu: apt-get install chromium chromium-driver), or point"
        + " -Didentsphere.chromium=... and -Didentsphere.chromedriver=... at them.";
  }
}
