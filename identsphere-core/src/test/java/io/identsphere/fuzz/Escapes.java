package io.identsphere.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks shared by the fuzz targets. */
final class Escapes {
  private Escapes() {}

  /**
   * An exception message that a caller may log: printable ASCII only, so that input bytes (a
   * newline, an escape sequence, a surrogate) cannot forge log lines or terminal output.
   */
  static void assertLoggable(Throwable e) {
    String m = e.getMessage();
    if (m == null) return;
    for (int i = 0; i < m.length(); i++) {
      char c = m.charAt(i);
      assertThat(c >= 0x20 && c < 0x7F)
          .as("%s message has char U+%04X at %d: %s", e.getClass().getSimpleName(), (int) c, i, m)
          .isTrue();
    }
  }
}
