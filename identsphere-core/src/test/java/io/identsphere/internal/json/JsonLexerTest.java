package io.identsphere.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Token-level edges of the parser: values that end exactly at the end of the input (no byte to
 * peek at), whitespace inside empty containers, literal prefixes, exact string and size bounds,
 * every UTF-8 lead-byte range limit, and printable messages for unprintable bytes.
 */
class JsonLexerTest {
  private static Object parse(String json) {
    return Json.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static Object parse(byte[] json) {
    return Json.parse(json);
  }

  private static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
    return out;
  }

  private static String error(String json) {
    return error(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String error(byte[] json) {
    try {
      Json.parse(json);
    } catch (JsonException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + new String(json, StandardCharsets.ISO_8859_1));
  }

  @Test
  void numbers_thatEndTheInput_parseOrFailWithAParseError() {
    assertThat(parse("1.5")).isEqualTo(new BigDecimal("1.5"));
    assertThat(parse("-1.5")).isEqualTo(new BigDecimal("-1.5"));
    assertThat(parse("1e5")).isEqualTo(new BigDecimal("1e5"));
    assertThat(parse("1E+5")).isEqualTo(new BigDecimal("1e5"));
    assertThat(parse("2e-3")).isEqualTo(new BigDecimal("0.002"));
    assertThat(parse("0.25")).isEqualTo(new BigDecimal("0.25"));
    assertThat(parse("1234567890123456789")).isEqualTo(1234567890123456789L);
    assertThat(parse("-1234567890123456789")).isEqualTo(-1234567890123456789L);
    assertThat(parse("12345678901234567890")).isEqualTo(new BigInteger("12345678901234567890"));
    assertThat(parse("-9223372036854775809")).isEqualTo(new BigInteger("-9223372036854775809"));
    assertThat(error("-")).startsWith("expected a digit but reached end of input at offset 1");
    assertThat(error("-a")).startsWith("expected a digit but found 'a' at offset 1");
    assertThat(error("1.")).startsWith("expected a digit after '.' at offset 2");
    assertThat(error("1.e5")).startsWith("expected a digit after '.' at offset 2");
    assertThat(error("1e")).startsWith("expected a digit in the exponent at offset 2");
    assertThat(error("1e+")).startsWith("expected a digit in the exponent at offset 3");
    assertThat(error("1e-x")).startsWith("expected a digit in the exponent at offset 3");
    assertThat(error("01")).startsWith("expected end of input but found '1' at offset 1");
    assertThat(error("-01")).startsWith("expected end of input but found '1' at offset 2");
    assertThat(error("[1.5x]")).startsWith("expected ',' or ']' but found 'x' at offset 4");
  }

  @Test
  void whitespace_isAllowedAroundEveryToken_includingInsideEmptyContainers() {
    assertThat(parse("{ }")).isEqualTo(Map.of());
    assertThat(parse("[ ]")).isEqualTo(List.of());
    assertThat(parse("\t\n\r {\r\n \"a\" :\t1 , \"b\" : [ 1 , { } ] }\n"))
        .isEqualTo(Map.of("a", 1L, "b", List.of(1L, Map.of())));
    assertThat(error("[1 2]")).startsWith("expected ',' or ']' but found '2' at offset 3");
    assertThat(error("{\"a\" 1}")).startsWith("expected ':' but found '1' at offset 5");
    assertThat(error("{\"a\":1 \"b\":2}")).startsWith("expected ',' or '}' but found '\"' at offset 7");
    assertThat(error("{1:2}")).startsWith("expected a member name ('\"') but found '1' at offset 1");
    assertThat(error("[\u000b1]")).startsWith("expected a value but found byte 0xb at offset 1");
  }

  @Test
  void literals_mustBeComplete() {
    assertThat(parse("[true,false,null]")).isEqualTo(java.util.Arrays.asList(true, false, null));
    assertThat(parse("true")).isEqualTo(true);
    assertThat(parse("null")).isNull();
    assertThat(error("tru")).startsWith("expected 'true' but reached end of input at offset 0");
    assertThat(error("trux")).startsWith("expected 'true' at offset 0");
    assertThat(error("nul")).startsWith("expected 'null' but reached end of input");
    assertThat(error("fals")).startsWith("expected 'false' but reached end of input");
    assertThat(error("falsy")).startsWith("expected 'false' at offset 0");
    assertThat(error("nulll")).startsWith("expected end of input but found 'l' at offset 4");
  }

  @Test
  void strings_atExactlyTheLengthBound_areAccepted_andOneCharLongerRefused_onEveryPath() {
    JsonLimits ten = new JsonLimits(1024, 4, 10);
    String plain = "abcdefghij";
    assertThat(Json.parse(("\"" + plain + "\"").getBytes(StandardCharsets.UTF_8), ten)).isEqualTo(plain);
    assertThatThrownBy(() -> Json.parse(("\"" + plain + "k\"").getBytes(StandardCharsets.UTF_8), ten))
        .hasMessageStartingWith("string longer than 10 characters at offset 0");
    String escaped = "abcdefghi\\n"; // ten chars once decoded
    assertThat(Json.parse(("\"" + escaped + "\"").getBytes(StandardCharsets.UTF_8), ten)).isEqualTo("abcdefghi\n");
    assertThatThrownBy(() -> Json.parse(("\"" + escaped + "x\"").getBytes(StandardCharsets.UTF_8), ten))
        .hasMessageStartingWith("string longer than 10 characters");
    String accented = "\u00e9bcdefghij";
    assertThat(Json.parse(("\"" + accented + "\"").getBytes(StandardCharsets.UTF_8), ten)).isEqualTo(accented);
    assertThatThrownBy(() -> Json.parse(("\"" + accented + "k\"").getBytes(StandardCharsets.UTF_8), ten))
        .hasMessageStartingWith("string longer than 10 characters");
    // Member names: the fast path reads 16 bytes at once.
    JsonLimits sixteen = new JsonLimits(1024, 4, 16);
    String name16 = "abcdefghijklmnop";
    assertThat(Json.parse(("{\"" + name16 + "\":1}").getBytes(StandardCharsets.UTF_8), sixteen)).isEqualTo(Map.of(name16, 1L));
    assertThatThrownBy(() -> Json.parse(("{\"" + name16 + "q\":1}").getBytes(StandardCharsets.UTF_8), sixteen))
        .hasMessageStartingWith("string longer than 16 characters at offset 1");
    String name7 = "abcdefg";
    assertThat(Json.parse(("{\"" + name7 + "\":\"" + "x".repeat(16) + "\"}").getBytes(StandardCharsets.UTF_8), sixteen))
        .isEqualTo(Map.of(name7, "x".repeat(16)));
    assertThatThrownBy(() -> Json.parse(("{\"" + name7 + "\":1}").getBytes(StandardCharsets.UTF_8), new JsonLimits(1024, 4, 6)))
        .hasMessageStartingWith("string longer than 6 characters at offset 1");
  }

  @Test
  void memberNames_ofEveryLengthUpTo24_withAndWithoutRoomAfterThem_parseToThemselves() {
    for (int len = 0; len <= 24; len++) {
      String name = "n".repeat(len);
      for (String tail : new String[] {"}", ",\"zz\":2}", "        }"}) {
        String json = "{\"" + name + "\":1" + tail;
        Map<?, ?> m = (Map<?, ?>) parse(json);
        assertThat(m.get(name)).as(json).isEqualTo(1L);
      }
      assertThat(parse("{\"" + name + "\\u0041\":1}")).isEqualTo(Map.of(name + "A", 1L));
    }
    assertThat(parse("{\"iss\":\"a\",\"sub\":\"b\",\"exp\":3}")).isEqualTo(Map.of("iss", "a", "sub", "b", "exp", 3L));
    assertThat(error("{\"abcdefghijklmnopq")).startsWith("unterminated string at offset 1");
  }

  @Test
  void escapes_hexDigitsInEitherCase_andIncompleteOnesAtTheEnd() {
    assertThat(parse("\"\\u00e9\\u00E9\\u20AC\\/\"")).isEqualTo("\u00e9\u00e9\u20ac/");
    assertThat(parse("\"\\ud83d\\ude00\"")).isEqualTo("\ud83d\ude00");
    assertThat(error("\"\\u00e\"")).startsWith("invalid hex digit in \\u escape at offset 6");
    assertThat(error("\"\\u00")).startsWith("incomplete \\u escape at offset 1");
    assertThat(error("\"\\u00e")).startsWith("incomplete \\u escape at offset 1");
    assertThat(parse("\"\\u00e9\"".getBytes(StandardCharsets.UTF_8))).isEqualTo("\u00e9");
    assertThat(error("\"\\ud83d\\u0041\"")).startsWith("high surrogate escape not followed by a low surrogate at offset 1");
    assertThat(error("\"\\ud83d\\u004\"")).startsWith("invalid hex digit in \\u escape");
    assertThat(error("\"\\ud83dxxxxxx\"")).startsWith("high surrogate escape not followed by a low surrogate");
    assertThat(error("\"\\ude00\"")).startsWith("lone low surrogate escape at offset 1");
    assertThat(error("\"\\")).startsWith("unterminated escape sequence at offset 1");
    assertThat(error("\"\\x\"")).startsWith("invalid escape sequence '\\x' at offset 1");
    assertThat(error(bytes('"', '\\', 1, '"'))).startsWith("invalid escape sequence '\\0x1' at offset 1");
    assertThat(error(bytes('"', '\\', 0x7f, '"'))).startsWith("invalid escape sequence '\\0x7f'");
    assertThat(error(bytes('"', '\\', ' ', '"'))).startsWith("invalid escape sequence '\\ '");
    assertThat(error(bytes('"', '\\', '~', '"'))).startsWith("invalid escape sequence '\\~'");
    assertThat(error(bytes('"', 'a', 0x1f, '"'))).startsWith("unescaped control character U+001F in string at offset 2");
  }

  @Test
  void utf8_everyLeadAndContinuationRangeLimit() {
    assertThat(parse(bytes('"', 0xC2, 0x80, '"'))).isEqualTo("\u0080");
    assertThat(parse(bytes('"', 0xDF, 0xBF, '"'))).isEqualTo("\u07ff");
    assertThat(parse(bytes('"', 0xE0, 0xA0, 0x80, '"'))).isEqualTo("\u0800");
    assertThat(parse(bytes('"', 0xED, 0x9F, 0xBF, '"'))).isEqualTo("\ud7ff");
    assertThat(parse(bytes('"', 0xEE, 0x80, 0x80, '"'))).isEqualTo("\ue000");
    assertThat(parse(bytes('"', 0xEF, 0xBF, 0xBF, '"'))).isEqualTo("\uffff");
    assertThat(parse(bytes('"', 0xF0, 0x90, 0x80, 0x80, '"'))).isEqualTo(new String(Character.toChars(0x10000)));
    assertThat(parse(bytes('"', 0xF4, 0x8F, 0xBF, 0xBF, '"'))).isEqualTo(new String(Character.toChars(0x10FFFF)));
    assertThat(parse(bytes('"', 0xF1, 0x80, 0x80, 0x80, '"'))).isEqualTo(new String(Character.toChars(0x40000)));
    assertThat(error(bytes('"', 0xC1, 0xBF, '"'))).startsWith("invalid UTF-8 lead byte 0xc1 at offset 1");
    assertThat(error(bytes('"', 0x80, '"'))).startsWith("invalid UTF-8 lead byte 0x80");
    assertThat(error(bytes('"', 0xF5, 0x80, 0x80, 0x80, '"'))).startsWith("invalid UTF-8 lead byte 0xf5");
    assertThat(error(bytes('"', 0xE0, 0x9F, 0x80, '"'))).startsWith("invalid UTF-8 sequence at offset 1");
    assertThat(error(bytes('"', 0xED, 0xA0, 0x80, '"'))).startsWith("invalid UTF-8 sequence at offset 1");
    assertThat(error(bytes('"', 0xF0, 0x8F, 0xBF, 0xBF, '"'))).startsWith("invalid UTF-8 sequence");
    assertThat(error(bytes('"', 0xF4, 0x90, 0x80, 0x80, '"'))).startsWith("invalid UTF-8 sequence");
    assertThat(error(bytes('"', 0xC2, 0xC0, '"'))).startsWith("invalid UTF-8 sequence");
    assertThat(error(bytes('"', 0xC2, 0x7F, '"'))).startsWith("invalid UTF-8 sequence");
    assertThat(error(bytes('"', 0xE2, 0x82, 0xC0, '"'))).startsWith("invalid UTF-8 sequence");
    assertThat(error(bytes('"', 0xE2, 0x82))).startsWith("truncated UTF-8 sequence at offset 1");
    assertThat(error(bytes('"', 0xE2))).startsWith("truncated UTF-8 sequence at offset 1");
  }

  @Test
  void objects_aroundTheSmallFormsCapacity_keepEveryMemberAndFindDuplicates() {
    for (int size : new int[] {7, 8, 9, 15, 16, 17, 31, 32, 33, 34, 70}) {
      StringBuilder sb = new StringBuilder("{");
      Map<String, Object> expected = new LinkedHashMap<>();
      for (int i = 0; i < size; i++) {
        sb.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":").append(i);
        expected.put("m" + i, (long) i);
      }
      String json = sb.append('}').toString();
      Map<?, ?> m = (Map<?, ?>) parse(json);
      assertThat(m).as("size %d", size).isEqualTo(expected);
      assertThat(List.copyOf(m.keySet())).isEqualTo(List.copyOf(expected.keySet()));
      String dup = json.substring(0, json.length() - 1) + ",\"m" + (size - 1) + "\":0}";
      assertThat(error(dup)).as("size %d", size).startsWith("duplicate member name \"m" + (size - 1) + "\"");
      String dupFirst = json.substring(0, json.length() - 1) + ",\"m0\":9}";
      assertThat(error(dupFirst)).startsWith("duplicate member name \"m0\"");
      Map<?, ?> later = (Map<?, ?>) Json.parse(dupFirst.getBytes(StandardCharsets.UTF_8), JsonLimits.DEFAULT.grammarOnly());
      assertThat(later.get("m0")).isEqualTo(9L);
      assertThat(later).hasSize(size);
    }
    String longName = "x".repeat(60);
    assertThat(error("{\"" + longName + "\":1,\"" + longName + "\":2}"))
        .startsWith("duplicate member name \"" + "x".repeat(40) + "...\"");
  }

  @Test
  void arrays_growPastTheirInitialCapacity_inOrder() {
    for (int size : new int[] {3, 4, 5, 8, 9, 100}) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < size; i++) sb.append(i == 0 ? "" : ",").append(i);
      List<?> a = (List<?>) parse(sb.append(']').toString());
      assertThat(a).hasSize(size);
      for (int i = 0; i < size; i++) assertThat(a.get(i)).isEqualTo((long) i);
    }
  }

  @Test
  void documentSize_exactlyAtTheBound_isAccepted() {
    JsonLimits five = new JsonLimits(5, 4, 10);
    assertThat(Json.parse("[1,2]".getBytes(StandardCharsets.UTF_8), five)).isEqualTo(List.of(1L, 2L));
    assertThat(Json.parse("[1,2]", five)).isEqualTo(List.of(1L, 2L));
    assertThatThrownBy(() -> Json.parse("[1,23]".getBytes(StandardCharsets.UTF_8), five))
        .hasMessage("document longer than 5 bytes at offset 0 (line 1, column 1)");
    byte[] slice = "..[1,2]..".getBytes(StandardCharsets.UTF_8);
    assertThat(Json.parse(slice, 2, 7, five)).isEqualTo(List.of(1L, 2L));
    assertThat(error("")).startsWith("expected a value but reached end of input at offset 0");
    assertThat(error(" ")).startsWith("expected a value but reached end of input at offset 1");
  }

  @Test
  void messages_describeUnprintableBytesByValue() {
    assertThat(error("[1]\u007f")).startsWith("expected end of input but found byte 0x7f at offset 3");
    assertThat(error("[1] ~")).startsWith("expected end of input but found '~' at offset 4");
    assertThat(error(bytes('[', 0x1f, ']'))).startsWith("expected a value but found byte 0x1f");
    assertThat(error("[1,")).startsWith("expected a value but reached end of input at offset 3");
    assertThat(error("{\"a\":1")).startsWith("expected ',' or '}' but found end of input at offset 6");
    assertThat(error("{\"a\"")).startsWith("expected ':' but found end of input at offset 4");
  }
}
