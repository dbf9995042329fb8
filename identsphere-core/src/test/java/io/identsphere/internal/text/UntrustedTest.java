package io.identsphere.internal.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UntrustedTest {
  @Test
  void escape_plainAscii_isReturnedUnchanged() {
    assertThat(Untrusted.escape("invalid_grant: code expired")).isEqualTo("invalid_grant: code expired");
  }

  @Test
  void escape_lineBreaksAndControls_areWrittenAsEscapes() {
    assertThat(Untrusted.escape("a\nINFO forged\r\tb\u0000\u001b[31m"))
        .isEqualTo("a\\nINFO forged\\r\\tb\\u0000\\u001b[31m");
  }

  @Test
  void escape_nonAscii_isEscaped_soTheOutputIsPrintableAscii() {
    String out = Untrusted.escape("x \u2028\u202e\u00e9\ud83d\ude00");
    assertThat(out).isEqualTo("x \\u2028\\u202e\\u00e9\\ud83d\\ude00");
    assertThat(out.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  @Test
  void escape_isIdempotent_aBackslashIsKept_soEscapingTwiceChangesNothing() {
    String once = Untrusted.escape("c:\\x a\nb\u0007\u202e");
    assertThat(once).isEqualTo("c:\\x a\\nb\\u0007\\u202e");
    assertThat(Untrusted.escape(once)).isEqualTo(once);
  }

  @Test
  void escape_longText_isCutAndMarkedWithItsLength() {
    String out = Untrusted.escape("x".repeat(10_000), 5);
    assertThat(out).isEqualTo("xxxxx...(10000 chars)");
    assertThat(Untrusted.escape("y".repeat(1_000_000))).hasSize(Untrusted.DEFAULT_MAX + "...(1000000 chars)".length());
  }

  @Test
  void escape_null_andBadBound() {
    assertThat(Untrusted.escape(null)).isEqualTo("null");
    assertThatThrownBy(() -> Untrusted.escape("a", 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void quote_wrapsInQuotes_andEscapesQuotes() {
    assertThat(Untrusted.quote("say \"hi\"\n")).isEqualTo("\"say \\\"hi\\\"\\n\"");
    assertThat(Untrusted.quote(null)).isEqualTo("null");
  }
}
