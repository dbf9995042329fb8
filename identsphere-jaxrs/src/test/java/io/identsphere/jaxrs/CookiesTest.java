package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which server-sent token values may become a cookie value as they are. */
class CookiesTest {
  @Test
  void isCookieOctets_acceptsJwsAndOpaqueTokens_refusesWhatCouldAddAttributesOrBreakTheHeader() {
    assertThat(Cookies.isCookieOctets("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln")).isTrue();
    assertThat(Cookies.isCookieOctets("rt-0123_abc~!#$%&'()*+-./:<=>?@[]^`{|}")).isTrue();
    for (String bad : new String[] {"", "a;Domain=evil.example", "a b", "a,b", "a\"b", "a\\b", "a\r\nSet-Cookie: x=1",
        "a\u0000", "caf\u00e9", "a\u007f"}) {
      assertThat(Cookies.isCookieOctets(bad)).as(bad).isFalse();
    }
  }
}
