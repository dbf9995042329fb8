package io.identsphere.demo;

import java.io.File;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds Chromium and chromedriver for {@link BrowserLoginTest}, and decides what their absence means.
 *
 * <p>System property {@code identsphere.browserTest}: {@code auto} (the default) runs the test
 * where both programs are found and skips it, with a message naming the packages to install,
 * where they are not; {@code required} (what {@code .ci/run} passes) fails instead of skipping.
 * {@code identsphere.chromium} and {@code identsphere.chromedriver} name the programs explicitly;
 * otherwise they are looked up on the {@code PATH}.
 */
final class BrowserRequirement {
  static final String MODE = "identsphere.browserTest";

  private BrowserRequirement() {}

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

  /** Returns when both programs can run; otherwise skips (mode auto) or fails (mode required). */
  static void check(File chromium, File driver) {
    String mode = System.getProperty(MODE, "auto").trim().toLowerCase(Locale.ROOT);
    if (!mode.equals("auto") && !mode.equals("required")) {
      throw new IllegalArgumentException("-D" + MODE + " must be auto or required, not " + mode);
    }
    if (chromium.canExecute() && driver.canExecute()) return;
    String missing = (chromium.canExecute() ? "" : chromium + " ") + (driver.canExecute() ? "" : driver + " ");
    String advice = "the browser test needs Chromium and chromedriver; not found: " + missing.trim()
        + ". Install them (Debian/Ubuntu: apt-get install chromium chromium-driver), or point"
        + " -Didentsphere.chromium=... and -Didentsphere.chromedriver=... at them.";
    if (mode.equals("required")) {
      throw new IllegalStateException(advice + " (-D" + MODE + "=required: failing instead of skipping)");
    }
    System.err.println("[WARNING] BrowserLoginTest SKIPPED: " + advice
        + " Pass -D" + MODE + "=required to make this a failure (bash .ci/run does).");
    Assumptions.abort("BrowserLoginTest did not run: " + advice);
  }
}
