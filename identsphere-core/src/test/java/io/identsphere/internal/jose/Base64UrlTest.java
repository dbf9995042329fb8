package io.identsphere.internal.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Base64UrlTest {
  @Test
  void roundTrip_everyLength() {
    Random r = new Random(7);
    for (int n = 0; n < 70; n++) {
      byte[] b = new byte[n];
      r.nextBytes(b);
      assertThat(Base64Url.decode(Base64Url.encode(b))).isEqualTo(b);
    }
  }

  @Test
  void decode_rejectsPadding() {
    assertThatThrownBy(() -> Base64Url.decode("QQ==")).hasMessageContaining("invalid character at index 2");
  }

  @Test
  void decode_rejectsStandardAlphabetAndWhitespace() {
    assertThatThrownBy(() -> Base64Url.decode("a+b/")).hasMessageContaining("invalid character at index 1");
    assertThatThrownBy(() -> Base64Url.decode("ab cdA")).hasMessageContaining("invalid character");
  }

  @Test
  void decode_rejectsNonCanonicalTrailingBits() {
    assertThat(Base64Url.decode("AA")).containsExactly(0);
    assertThatThrownBy(() -> Base64Url.decode("AB")).hasMessageContaining("non-zero trailing bits");
    assertThatThrownBy(() -> Base64Url.decode("AAB")).hasMessageContaining("non-zero trailing bits");
  }

  @Test
  void decode_rejectsImpossibleLength() {
    assertThatThrownBy(() -> Base64Url.decode("AAAAA")).hasMessageContaining("impossible length 5");
  }

  @Test
  void bytePath_agreesWithStrictDecoder_onRandomNearMisses() {
    // The byte path decodes with the JDK and adds the strictness checks; it must accept and reject
    // exactly what the strict decoder does, including padding, '=' mid-text and trailing bits.
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ .\u00e9";
    Random r = new Random(11);
    int accepted = 0;
    for (int i = 0; i < 50_000; i++) {
      int n = r.nextInt(14);
      StringBuilder sb = new StringBuilder("xx");
      for (int k = 0; k < n; k++) {
        sb.append(r.nextInt(8) == 0 ? alphabet.charAt(64 + r.nextInt(alphabet.length() - 64)) : alphabet.charAt(r.nextInt(64)));
      }
      sb.append("yy");
      String text = sb.toString();
      byte[] ascii = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      byte[] strict = null;
      String strictError = null;
      try {
        strict = Base64Url.decode(text, 2, text.length() - 2);
      } catch (IllegalArgumentException e) {
        strictError = e.getMessage();
      }
      byte[] fast = null;
      String fastError = null;
      try {
        fast = Base64Url.decode(ascii, 2, ascii.length - 2);
      } catch (IllegalArgumentException e) {
        fastError = e.getMessage();
      }
      assertThat(fastError).as("error for %s", text).isEqualTo(strictError);
      assertThat(fast).as("bytes for %s", text).isEqualTo(strict);
      if (strict != null) accepted++;
    }
    assertThat(accepted).as("the sample must contain valid texts too").isGreaterThan(5_000);
  }
}
