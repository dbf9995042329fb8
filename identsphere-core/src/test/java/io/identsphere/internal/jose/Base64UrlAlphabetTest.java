package io.identsphere.internal.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Characters at and beyond the edges of the ASCII table are refused by index, on both paths. */
class Base64UrlAlphabetTest {
  @Test
  void decode_charactersFromU007FUp_areInvalidCharactersNamedByIndex() {
    for (char c : new char[] {'\u007f', '\u0080', '\u00ff', '\u0100', '\uffff'}) {
      String text = "AA" + c + "A";
      assertThatThrownBy(() -> Base64Url.decode(text)).as("U+%04X", (int) c).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("base64url text has an invalid character at index 2");
    }
    byte[] ascii = "AA\u0080A".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> Base64Url.decode(ascii, 0, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("base64url text has an invalid character at index 2");
    byte[] last = "AAA\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> Base64Url.decode(last, 0, 4)).hasMessage("base64url text has an invalid character at index 3");
  }

  @Test
  void decode_everyAlphabetCharacter_decodesToItsValue() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < 64; i++) {
      String text = "A" + alphabet.charAt(i) + "AA";
      byte[] b = Base64Url.decode(text);
      assertThat(b).hasSize(3);
      assertThat(b[0] & 0xFF).as("%s", text).isEqualTo(i >> 4);
      assertThat(b[1] & 0xFF).isEqualTo((i & 0x0F) << 4);
      assertThat(Base64Url.decode(text.getBytes(StandardCharsets.US_ASCII), 0, 4)).isEqualTo(b);
    }
    assertThat(Base64Url.decode(new byte[0], 0, 0)).isEmpty();
    assertThat(Base64Url.decode("")).isEmpty();
  }
}
