package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class B64TokenTest {
  /** RFC 6750 §2.1, written as the grammar reads: the reference the loop must agree with. */
  private static final Pattern GRAMMAR = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

  @Test
  void matches_tokensOfTheGrammar() {
    for (String ok : new String[] {"a", "abc.def.ghi", "A-Z_0~9+/.", "x=", "x==", "mF_9.B5f-4.1JqM", "/+~"}) {
      assertThat(B64Token.matches(ok)).as(ok).isTrue();
    }
  }

  @Test
  void rejects_emptyPaddingOnlyInnerPaddingAndForeignCharacters() {
    for (String bad : new String[] {"", "=", "==", "a=b", "a b", "a\tb", "a,b", "a\"b", "a\\b", "a\u00e9", "a\u0000",
        " a", "a ", "a=\n", "\u0130"}) {
      assertThat(B64Token.matches(bad)).as(bad).isFalse();
    }
  }

  @Test
  void agreesWithTheGrammar_onEveryCharacterInEveryPosition() {
    for (char c = 0; c < 0x250; c++) {
      for (String s : new String[] {String.valueOf(c), c + "a", "a" + c, "a" + c + "=", "a=" + c, c + "="}) {
        assertThat(B64Token.matches(s)).as("U+%04X in %s", (int) c, s).isEqualTo(GRAMMAR.matcher(s).matches());
      }
    }
  }

  @Test
  void aLongToken_isAcceptedWhole_andOneBadCharacterAtTheEndIsSeen() {
    String token = "eyJhbGciOiJSUzI1NiJ9." + "a".repeat(4000) + ".sig-_";
    assertThat(B64Token.matches(token)).isTrue();
    assertThat(B64Token.matches(token + "!")).isFalse();
    assertThat(B64Token.matches(token + "==")).isTrue();
  }
}
