package io.identsphere.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The parser reads plain strings, small integers and {@code true} inline in objects and plain
 * strings inline in arrays, and hands everything else to the general methods. These tests pin the
 * seams: values on either side of each fast path's limits parse to the same values and fail with
 * the same errors, and random documents survive a write-and-parse round trip.
 */
@SuppressWarnings("unchecked")
class JsonFastPathTest {
  private static Object parse(String json, int maxString) {
    return Json.parse(json.getBytes(StandardCharsets.UTF_8), new JsonLimits(64 * 1024, 16, maxString));
  }

  @Test
  void integers_atTheInlineLimit_andPastIt() {
    assertThat(Json.parseObject("{\"a\":999999999999999999}").get("a")).isEqualTo(999_999_999_999_999_999L); // 18 digits
    assertThat(Json.parseObject("{\"a\":1000000000000000000}").get("a")).isEqualTo(1_000_000_000_000_000_000L); // 19
    assertThat(Json.parseObject("{\"a\":9223372036854775808}").get("a")).isEqualTo(new BigInteger("9223372036854775808"));
    assertThat(Json.parseObject("{\"a\":0,\"b\":-7,\"c\":12.5,\"d\":3e2}").values()).extracting(Object::toString)
        .containsExactly("0", "-7", "12.5", "3E+2");
    assertThat(Json.parseObject("{\"a\":7}").get("a")).isEqualTo(7L);
  }

  @Test
  void integers_thatAreNotIntegers_failAsBefore() {
    assertThatThrownBy(() -> Json.parse("{\"a\":01}")).isInstanceOf(JsonException.class)
        .hasMessageStartingWith("expected ',' or '}' but found '1' at offset 6");
    assertThatThrownBy(() -> Json.parse("{\"a\":1.}")).isInstanceOf(JsonException.class)
        .hasMessageStartingWith("expected a digit after '.' at offset 7");
    assertThatThrownBy(() -> Json.parse("{\"a\":1")).isInstanceOf(JsonException.class)
        .hasMessageStartingWith("expected ',' or '}' but found end of input at offset 6");
  }

  @Test
  void strings_atTheLengthLimit_andPastIt_inObjectsAndArrays() {
    String eight = "abcdefgh";
    assertThat(((Map<?, ?>) parse("{\"a\":\"" + eight + "\"}", 8)).get("a")).isEqualTo(eight);
    assertThat((List<Object>) parse("[\"" + eight + "\",\"" + eight + "\"]", 8)).containsExactly(eight, eight);
    assertThatThrownBy(() -> parse("{\"a\":\"" + eight + "i\"}", 8)).isInstanceOf(JsonException.class)
        .hasMessageStartingWith("string longer than 8 characters at offset 5");
    assertThatThrownBy(() -> parse("[\"x\",\"" + eight + "i\"]", 8)).isInstanceOf(JsonException.class)
        .hasMessageStartingWith("string longer than 8 characters at offset 5");
  }

  @Test
  void strings_thatAreNotPlain_takeTheGeneralPath() {
    Map<String, Object> m = Json.parseObject("{\"e\":\"a\\\"b\",\"u\":\"caf\u00e9 na\u00efve\",\"s\":\"x\\u00e9\",\"z\":\"\"}");
    assertThat(m).containsEntry("e", "a\"b").containsEntry("u", "caf\u00e9 na\u00efve").containsEntry("s", "x\u00e9")
        .containsEntry("z", "");
    assertThat((List<Object>) Json.parse("[\"a\\nb\",\"\u00fc\",\"\",\"plain\"]")).containsExactly("a\nb", "\u00fc", "", "plain");
    assertThatThrownBy(() -> Json.parse("{\"a\":\"tab\there\"}")).isInstanceOf(JsonException.class)
        .hasMessageStartingWith("unescaped control character U+0009 in string at offset 9");
    assertThatThrownBy(() -> Json.parse("[\"open")).isInstanceOf(JsonException.class)
        .hasMessageStartingWith("unterminated string at offset 1");
    assertThatThrownBy(() -> Json.parse("{\"a\":\"0123456789abcdef")).isInstanceOf(JsonException.class)
        .hasMessageStartingWith("unterminated string at offset 5");
  }

  @Test
  void literals_inline_andTruncated() {
    assertThat(Json.parseObject("{\"t\":true,\"f\":false,\"n\":null}")).containsEntry("t", true)
        .containsEntry("f", false).containsEntry("n", null);
    assertThat(Json.mayHoldNull(Json.parseObject("{\"t\":true}"))).isFalse();
    assertThat(Json.mayHoldNull(Json.parseObject("{\"n\":null}"))).isTrue();
    assertThatThrownBy(() -> Json.parse("{\"t\":tru}")).isInstanceOf(JsonException.class)
        .hasMessageStartingWith("expected 'true' at offset 5");
    assertThatThrownBy(() -> Json.parse("{\"t\":tr")).isInstanceOf(JsonException.class)
        .hasMessageStartingWith("expected 'true' but reached end of input at offset 5");
    assertThatThrownBy(() -> Json.parse("{\"t\":truex}")).isInstanceOf(JsonException.class)
        .hasMessageStartingWith("expected ',' or '}' but found 'x' at offset 9");
  }

  @Test
  void duplicates_areFound_whicheverPathReadTheValues() {
    assertThatThrownBy(() -> Json.parse("{\"a\":\"x\",\"a\":1}")).hasMessageStartingWith("duplicate member name \"a\" at offset 9");
    assertThatThrownBy(() -> Json.parse("{\"a\":true,\"b\":[1],\"a\":{}}")).hasMessageStartingWith("duplicate member name \"a\" at offset 18");
  }

  @Test
  void randomDocuments_surviveAWriteAndParseRoundTrip() {
    Random r = new Random(20261202);
    for (int i = 0; i < 3000; i++) {
      Object v = randomValue(r, 0);
      String text = JsonWriter.write(v);
      assertThat(Json.parse(text)).as(text).isEqualTo(v);
      assertThat(Json.parse(text.getBytes(StandardCharsets.UTF_8))).as(text).isEqualTo(v);
    }
  }

  private static Object randomValue(Random r, int depth) {
    int kind = depth >= 4 ? r.nextInt(5) : r.nextInt(7);
    switch (kind) {
      case 0: return randomString(r);
      case 1: return (long) r.nextInt(1000);
      case 2: return r.nextBoolean() ? r.nextLong() : (long) (r.nextInt(2000000) - 1000000);
      case 3: return r.nextBoolean();
      case 4: return r.nextInt(4) == 0 ? null : randomString(r);
      case 5: {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = r.nextInt(40); // past 32 members the parser keeps a hash table
        for (int k = 0; k < n; k++) m.put(randomName(r, k), randomValue(r, depth + 1));
        return m;
      }
      default: {
        List<Object> l = new ArrayList<>();
        int n = r.nextInt(8);
        for (int k = 0; k < n; k++) l.add(randomValue(r, depth + 1));
        return l;
      }
    }
  }

  private static final String[] NAMES = {"iss", "sub", "aud", "exp", "roles", "email_verified", "realm_access"};

  private static String randomName(Random r, int k) {
    if (r.nextInt(3) == 0) return NAMES[r.nextInt(NAMES.length)] + "_" + k; // near the known names
    if (r.nextInt(3) == 0 && k < NAMES.length) return NAMES[k]; // known names, each once
    return randomString(r) + "#" + k; // unique, any length, any characters
  }

  private static String randomString(Random r) {
    int len = r.nextInt(3) == 0 ? r.nextInt(40) : r.nextInt(9); // short ones straddle the 8-byte steps
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      int c = r.nextInt(20);
      if (c == 0) sb.append('"');
      else if (c == 1) sb.append('\\');
      else if (c == 2) sb.append((char) r.nextInt(0x20));
      else if (c == 3) sb.append((char) (0x80 + r.nextInt(0x700)));
      else if (c == 4) sb.appendCodePoint(0x1F600 + r.nextInt(50));
      else sb.append((char) (0x20 + r.nextInt(0x5F)));
    }
    return sb.toString();
  }
}
