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
}
