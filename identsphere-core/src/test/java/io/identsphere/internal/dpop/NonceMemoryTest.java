package io.identsphere.internal.dpop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NonceMemoryTest {
  @Test
  void remember_wellFormedNonce_isServedForAnyUriOfTheSameServer() {
    NonceMemory m = new NonceMemory(4);
    assertThat(m.remember(URI.create("https://AS.example/token"), Optional.of("n-1"))).isEqualTo("n-1");
    assertThat(m.get(URI.create("https://as.example:443/par"))).isEqualTo("n-1");
    assertThat(m.get(URI.create("http://as.example/token"))).isNull();
    assertThat(m.get(URI.create("https://as.example:8443/token"))).isNull();
  }

  @Test
  void origin_fillsInTheDefaultPort_andLowerCasesSchemeAndHost() {
    assertThat(NonceMemory.origin(URI.create("HTTPS://Rs.Example/a?b"))).isEqualTo("https://rs.example:443");
    assertThat(NonceMemory.origin(URI.create("http://rs.example/"))).isEqualTo("http://rs.example:80");
    assertThat(NonceMemory.origin(URI.create("http://127.0.0.1:9000/x"))).isEqualTo("http://127.0.0.1:9000");
  }

  @Test
  void remember_malformedOrMissingNonce_keepsNothing_andLeavesTheOldOne() {
    NonceMemory m = new NonceMemory(4);
    URI uri = URI.create("https://as.example/token");
    m.remember(uri, Optional.of("old"));
    for (String bad : new String[] {"", "with space", "quo\"te", "back\\slash", "t\u00e9",
        "x".repeat(NonceMemory.MAX_NONCE_LENGTH + 1)}) {
      assertThat(m.remember(uri, Optional.of(bad))).as(bad).isNull();
    }
    assertThat(m.remember(uri, Optional.empty())).isNull();
    assertThat(m.get(uri)).isEqualTo("old");
    assertThat(m.remember(uri, Optional.of("x".repeat(NonceMemory.MAX_NONCE_LENGTH)))).hasSize(NonceMemory.MAX_NONCE_LENGTH);
  }

  @Test
  void remember_pastMaxOrigins_startsOver_soTheMemoryStaysBounded() {
    NonceMemory m = new NonceMemory(2);
    m.remember(URI.create("https://a.example/"), Optional.of("a"));
    m.remember(URI.create("https://b.example/"), Optional.of("b"));
    m.remember(URI.create("https://b.example/"), Optional.of("b2"));
    assertThat(m.get(URI.create("https://a.example/"))).isEqualTo("a");
    m.remember(URI.create("https://c.example/"), Optional.of("c"));
    assertThat(m.get(URI.create("https://a.example/"))).isNull();
    assertThat(m.get(URI.create("https://b.example/"))).isNull();
    assertThat(m.get(URI.create("https://c.example/"))).isEqualTo("c");
  }

  @Test
  void constructor_rejectsANonPositiveBound() {
    assertThatThrownBy(() -> new NonceMemory(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
