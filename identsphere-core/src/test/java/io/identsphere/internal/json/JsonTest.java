package io.identsphere.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  private static JsonException error(String json) {
    try {
      Json.parse(json.getBytes(StandardCharsets.UTF_8));
    } catch (JsonException e) {
      return e;
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  @SuppressWarnings("unchecked")
  void parse_object_keepsOrderAndJdkTypes() {
    Object v = Json.parse("{\"b\":1,\"a\":[true,null,\"x\"],\"c\":{\"d\":-2.5}}");
    assertThat(v).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    assertThat(m.keySet()).containsExactly("b", "a", "c");
    assertThat(m.get("b")).isEqualTo(1L);
    assertThat((List<Object>) m.get("a")).containsExactly(true, null, "x");
    assertThat(((Map<?, ?>) m.get("c")).get("d")).isEqualTo(new BigDecimal("-2.5"));
  }

  @Test
  void parse_numbers_areLongWhenTheyFitAndExactOtherwise() {
    assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    assertThat(Json.parse("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
    assertThat(Json.parse("1700000000.25")).isEqualTo(new BigDecimal("1700000000.25"));
    assertThat(Json.parse("1e3")).isEqualTo(new BigDecimal("1e3"));
    assertThat(Json.parse("-0")).isEqualTo(0L);
  }

  @Test
  @SuppressWarnings("unchecked")
  void parse_result_isUnmodifiable() {
    Map<?, ?> m = (Map<?, ?>) Json.parse("{\"a\":[1]}");
    assertThatThrownBy(() -> ((Map<Object, Object>) m).put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<Object>) m.get("a")).add(2)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void error_namesOffsetLineColumnAndExpectation() {
    JsonException e = error("{\"a\":1,\n \"b\" 2}");
    assertThat(e.offset()).isEqualTo(13);
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(6);
    assertThat(e).hasMessage("expected ':' but found '2' at offset 13 (line 2, column 6)");
  }

  @Test
  void error_trailingComma() {
    assertThat(error("[1,]")).hasMessage("expected a value but found ']' at offset 3 (line 1, column 4)");
  }

  @Test
  void error_duplicateMemberName_isRejected() {
    JsonException e = error("{\"sub\":\"alice\",\"sub\":\"admin\"}");
    assertThat(e).hasMessage("duplicate member name \"sub\" at offset 15 (line 1, column 16)");
  }

  @Test
  void duplicates_areFoundWhateverTheValues_andKnownNamesParseLikeOthers() {
    assertThat(error("{\"a\":null,\"a\":1}")).hasMessageContaining("duplicate member name \"a\"");
    assertThat(error("{\"exp\":1,\"exp\":null}")).hasMessageContaining("duplicate member name \"exp\"");
    // "exp" is a shared constant; "ex\u0070" is the same name written with an escape.
    assertThat(error("{\"exp\":1,\"ex\\u0070\":2}")).hasMessageContaining("duplicate member name \"exp\"");
    assertThat(Json.parseObject("{\"exp\":1,\"expx\":2,\"ex\":3}")).containsOnlyKeys("exp", "expx", "ex");
  }

  @Test
  void objects_smallAndLarge_behaveAsUnmodifiableOrderedMaps() {
    for (int members : new int[] {1, 8, 9, JsonObject.MAX_MEMBERS, JsonObject.MAX_MEMBERS + 1, 500}) {
      StringBuilder json = new StringBuilder("{");
      java.util.LinkedHashMap<String, Object> expected = new java.util.LinkedHashMap<>();
      for (int i = 0; i < members; i++) {
        String name = "m" + (members - i); // not sorted, so order is checked
        json.append(i == 0 ? "" : ",").append('"').append(name).append("\":").append(i);
        expected.put(name, (long) i);
      }
      Map<String, Object> m = Json.parseObject(json.append('}').toString());
      assertThat(m).as("%d members", members).isEqualTo(expected).hasSameHashCodeAs(expected);
      assertThat(expected).isEqualTo(m);
      assertThat(m.keySet()).containsExactlyElementsOf(expected.keySet());
      assertThat(m.get("m1")).isEqualTo((long) members - 1);
      assertThat(m.get("absent")).isNull();
      assertThat(m.containsKey("m1")).isTrue();
      assertThat(m.get(1)).isNull();
      assertThatThrownBy(() -> m.remove("absent")).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(m::clear).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> m.entrySet().iterator().next().setValue(1))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> m.keySet().remove("m1")).isInstanceOf(UnsupportedOperationException.class);
      // a duplicate of the first member, found in either representation
      String dup = json.substring(0, json.length() - 1) + ",\"m" + members + "\":true}";
      assertThat(error(dup)).hasMessageContaining("duplicate member name \"m" + members + "\"");
    }
  }

  @Test
  void objects_namesWithEqualHashCodes_areDistinctMembers() {
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    Map<String, Object> m = Json.parseObject("{\"Aa\":1,\"BB\":2}");
    assertThat(m).containsEntry("Aa", 1L).containsEntry("BB", 2L).hasSize(2);
    assertThat(error("{\"Aa\":1,\"BB\":2,\"Aa\":3}")).hasMessageContaining("duplicate member name \"Aa\"");
  }

  @Test
  @SuppressWarnings("unchecked")
  void grammarOnlyMode_keepsTheLaterDuplicate_inBothRepresentations() {
    JsonLimits grammar = JsonLimits.DEFAULT.grammarOnly();
    assertThat(Json.parse("{\"a\":1,\"b\":2,\"a\":3}".getBytes(StandardCharsets.UTF_8), grammar))
        .isEqualTo(Map.of("a", 3L, "b", 2L));
    StringBuilder big = new StringBuilder("{");
    for (int i = 0; i < 40; i++) big.append('"').append("k").append(i).append("\":").append(i).append(',');
    big.append("\"k0\":\"last\"}");
    Map<Object, Object> m = (Map<Object, Object>) Json.parse(big.toString().getBytes(StandardCharsets.UTF_8), grammar);
    assertThat(m).hasSize(40).containsEntry("k0", "last");
  }

  @Test
  @SuppressWarnings("unchecked")
  void arrays_behaveAsUnmodifiableLists() {
    List<Object> l = (List<Object>) Json.parse("[1,\"two\",null,[],{},5,6,7,8]");
    assertThat(l).isEqualTo(java.util.Arrays.asList(1L, "two", null, List.of(), Map.of(), 5L, 6L, 7L, 8L));
    assertThat(l.hashCode()).isEqualTo(java.util.Arrays.asList(1L, "two", null, List.of(), Map.of(), 5L, 6L, 7L, 8L).hashCode());
    assertThat(l).hasSize(9);
    assertThatThrownBy(() -> l.get(9)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> l.set(0, 2)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> l.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<Object>) l.get(3)).add(1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((Map<String, Object>) l.get(4)).put("a", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void special_findsExactlyTheBytesThatEndAPlainStringRun() {
    java.util.Random random = new java.util.Random(7);
    for (int round = 0; round < 200_000; round++) {
      long x = 0;
      boolean expected = false;
      for (int k = 0; k < 8; k++) {
        // mostly printable ASCII, sometimes anything, so every byte class meets every neighbour
        int b = random.nextInt(4) == 0 ? random.nextInt(256) : 0x20 + random.nextInt(0x5F);
        expected |= b == '"' || b == '\\' || b < 0x20 || b >= 0x80;
        x |= (long) b << (8 * k);
      }
      assertThat(Json.special(x) != 0).as("word %016x", x).isEqualTo(expected);
    }
    for (int b = 0; b < 256; b++) {
      for (int k = 0; k < 8; k++) {
        long x = 0x6161616161616161L & ~(0xFFL << (8 * k)) | (long) b << (8 * k);
        assertThat(Json.special(x) != 0).as("byte %02x at %d", b, k).isEqualTo(b == '"' || b == '\\' || b < 0x20 || b >= 0x80);
      }
    }
  }

  @Test
  void strings_everyLengthAndPositionOfTheSpecialByte_parseAlike() {
    for (int len = 0; len < 40; len++) {
      String plain = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH".substring(0, len);
      assertThat(Json.parse("\"" + plain + "\"")).isEqualTo(plain);
      for (int at = 0; at < len; at++) {
        String escaped = plain.substring(0, at) + "\\n" + plain.substring(at);
        assertThat(Json.parse("\"" + escaped + "\"")).isEqualTo(plain.substring(0, at) + "\n" + plain.substring(at));
        String utf8 = plain.substring(0, at) + "\u00e9" + plain.substring(at);
        assertThat(Json.parse("\"" + utf8 + "\"")).isEqualTo(utf8);
        assertThat(error("\"" + plain.substring(0, at) + "\t" + plain.substring(at) + "\""))
            .hasMessageContaining("unescaped control character U+0009").extracting(JsonException::offset).isEqualTo(at + 1);
      }
      assertThat(error("\"" + plain)).hasMessageContaining("unterminated string");
    }
  }

  @Test
  void memberNames_everyLength_knownOrNot_escapedOrNot_nearTheEndOrNot() {
    String letters = "abcdefghijklmnopqrstuvwxyz";
    List<String> names = new java.util.ArrayList<>(List.of("iss", "issuer", "is", "issu", "email", "email_verified",
        "email_verifie", "email_verified_", "realm_access", "resource_access", "preferred_username", "x", "y", "k", "n"));
    for (int len = 0; len <= 20; len++) names.add(letters.substring(0, len));
    for (String name : names) {
      for (String padding : new String[] {"", "                    "}) {
        Map<String, Object> m = Json.parseObject("{\"" + name + "\":1" + padding + "}");
        assertThat(m.keySet()).containsExactly(name);
        assertThat(m.get(name)).isEqualTo(1L);
        Map<String, Object> two = Json.parseObject("{\"" + name + "\":1," + padding + "\"" + name + "!\":2}");
        assertThat(two).containsEntry(name, 1L).containsEntry(name + "!", 2L).hasSize(2);
      }
      for (int at = 0; at < name.length(); at++) {
        String escaped = name.substring(0, at) + "\\u00" + Integer.toHexString(name.charAt(at)) + name.substring(at + 1);
        assertThat(Json.parseObject("{\"" + escaped + "\":1,\"zzzzzzzzzzzzzzzzz\":2}")).containsKey(name);
        String accented = name.substring(0, at) + "\u00e9" + name.substring(at + 1);
        assertThat(Json.parseObject("{\"" + accented + "\":1,\"zzzzzzzzzzzzzzzzz\":2}")).containsKey(accented);
        String control = name.substring(0, at) + "\u0001" + name.substring(at + 1);
        assertThat(error("{\"" + control + "\":1,\"zzzzzzzzzzzzzzzzz\":2}")).hasMessageContaining("unescaped control character");
      }
    }
    assertThat(error("{\"iss\":1,\"iss\":2,\"zzzzzzzzzzzzzzzzz\":3}")).hasMessageContaining("duplicate member name \"iss\"");
  }

  @Test
  void integers_fastPathAndFullGrammarAgree() {
    assertThat(Json.parse("[0,-0,7,-12,123456789012345678,1234567890123456789,12345678901234567890]"))
        .isEqualTo(List.of(0L, 0L, 7L, -12L, 123456789012345678L, 1234567890123456789L,
            new java.math.BigInteger("12345678901234567890")));
    assertThat(error("[01]")).hasMessageContaining("offset 2");
    assertThat(error("[-]")).hasMessageContaining("expected a digit");
    assertThat(Json.parse("[1.5,2e3]")).isEqualTo(List.of(new java.math.BigDecimal("1.5"), new java.math.BigDecimal("2e3")));
  }

  @Test
  void error_trailingGarbage() {
    assertThat(error("{} x")).hasMessage("expected end of input but found 'x' at offset 3 (line 1, column 4)");
  }

  @Test
  void error_controlCharacterInString() {
    assertThat(error("\"a\tb\"")).hasMessageStartingWith("unescaped control character U+0009 in string at offset 2");
  }

  @Test
  void error_loneSurrogateEscape() {
    assertThat(error("\"\\ud800\"")).hasMessageStartingWith("high surrogate escape not followed by a low surrogate");
    assertThat(error("\"\\udc00\"")).hasMessageStartingWith("lone low surrogate escape");
  }

  @Test
  void error_overlongUtf8() {
    byte[] overlong = {'"', (byte) 0xC0, (byte) 0xAF, '"'};
    assertThatThrownBy(() -> Json.parse(overlong)).isInstanceOf(JsonException.class)
        .hasMessageStartingWith("invalid UTF-8 lead byte 0xc0 at offset 1");
  }

  @Test
  void parse_validMultibyteUtf8_andSurrogatePairEscape() {
    assertThat(Json.parse("\"h\u00e9llo \u20ac \\ud834\\udd1e\"")).isEqualTo("h\u00e9llo \u20ac \uD834\uDD1E");
  }

  @Test
  void limits_depth() {
    JsonLimits limits = new JsonLimits(1024, 3, 100);
    assertThat(Json.parse("[[[1]]]".getBytes(StandardCharsets.UTF_8), limits)).isNotNull();
    assertThatThrownBy(() -> Json.parse("[[[[1]]]]".getBytes(StandardCharsets.UTF_8), limits))
        .isInstanceOf(JsonException.class).hasMessageStartingWith("nesting deeper than 3 levels at offset 3");
  }

  @Test
  void limits_size() {
    JsonLimits limits = new JsonLimits(10, 3, 100);
    assertThatThrownBy(() -> Json.parse("[1,2,3,4,5,6]".getBytes(StandardCharsets.UTF_8), limits))
        .isInstanceOf(JsonException.class).hasMessageStartingWith("document longer than 10 bytes");
  }

  @Test
  void limits_stringLength_fastAndSlowPath() {
    JsonLimits limits = new JsonLimits(1024, 3, 4);
    assertThat(Json.parse("\"abcd\"".getBytes(StandardCharsets.UTF_8), limits)).isEqualTo("abcd");
    assertThatThrownBy(() -> Json.parse("\"abcde\"".getBytes(StandardCharsets.UTF_8), limits))
        .isInstanceOf(JsonException.class).hasMessageStartingWith("string longer than 4 characters");
    assertThatThrownBy(() -> Json.parse("\"\\u0041bcde\"".getBytes(StandardCharsets.UTF_8), limits))
        .isInstanceOf(JsonException.class).hasMessageStartingWith("string longer than 4 characters");
  }

  @Test
  void limits_depthCapIsEnforcedAtConstruction() {
    assertThatThrownBy(() -> new JsonLimits(10, 100_000, 10)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void number_exponentBeyondAThousand_isAParseError_evenWithLeadingZerosOrHugeDigits() {
    for (String n : new String[] {"1e1001", "1e-1001", "1E+2147483648", "1e9999999999", "-1e400000", "1e-99999999",
        "0.4e0066999999999999999999999999999999999999999999999999999999999999999999999999999"}) {
      assertThat(error(n)).as(n).hasMessageStartingWith("number exponent larger than 1000 in magnitude at offset 0");
    }
    assertThat(error("[1,2e-1001]")).hasMessageStartingWith("number exponent larger than 1000 in magnitude at offset 3");
  }

  @Test
  @SuppressWarnings("unchecked")
  void object_lookups_findEveryMember_andNoOther_whateverTheirHashBits() {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < 32; i++) json.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":").append(i);
    Map<String, Object> m = (Map<String, Object>) Json.parse(json.append('}').toString());
    for (int i = 0; i < 32; i++) {
      assertThat(m.get("m" + i)).isEqualTo((long) i);
      assertThat(m.containsKey("m" + i)).isTrue();
    }
    for (int i = 32; i < 2000; i++) {
      assertThat(m.get("m" + i)).isNull();
      assertThat(m.containsKey("m" + i)).isFalse();
    }
    assertThat(m.get(7)).isNull();
  }

  @Test
  void mayHoldNull_isFalseOnlyForParsedObjectsWithoutNullMembers() {
    assertThat(Json.mayHoldNull((Map<?, ?>) Json.parse("{\"a\":1,\"b\":[null],\"c\":{\"d\":null}}"))).isFalse();
    assertThat(Json.mayHoldNull((Map<?, ?>) Json.parse("{\"a\":1,\"b\":null}"))).isTrue();
    assertThat(Json.mayHoldNull((Map<?, ?>) Json.parse("{\"b\":null,\"a\":\"x\"}"))).isTrue();
    assertThat(Json.mayHoldNull(Map.of("a", 1))).isTrue(); // not ours: assume it may
  }

  @Test
  void number_exponentUpToAThousand_isKeptExactly() {
    assertThat(Json.parse("1e1000")).isEqualTo(new BigDecimal("1e1000"));
    assertThat(Json.parse("-1E-1000")).isEqualTo(new BigDecimal("-1e-1000"));
    assertThat(Json.parse("2e0000000000000000000000000001000")).isEqualTo(new BigDecimal("2e1000")); // leading zeros
    assertThat(Json.parse("123.456e-789")).isEqualTo(new BigDecimal("123.456e-789"));
    assertThat(Json.parse("-1e400")).isEqualTo(new BigDecimal("-1e400")); // within the bound: cheap to convert
  }

  @Test
  void number_everyHostileShape_isAnsweredInLinearTime() {
    // Each of these used to be cheap to parse and ruinous to convert; now each is refused while
    // parsing, in time linear in its length (a 100,000-digit fraction is scanned once).
    String[] hostile = {"1e-99999999", "1e99999999", "-1e4000", "1" + "0".repeat(10_000), "0." + "1".repeat(100_000),
        "1E+2147483648", "-" + "9".repeat(100_000) + "e-5"};
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(2), () -> {
      for (String n : hostile) {
        assertThatThrownBy(() -> Json.parse(n, new JsonLimits(1 << 20, 8, 1024))).as(n.substring(0, Math.min(8, n.length())))
            .isInstanceOf(JsonException.class);
      }
    });
  }

  @Test
  void number_tooLong_isRejected() {
    assertThat(error("1" + "0".repeat(1000))).hasMessageStartingWith("number longer than 1000 characters");
  }

  @Test
  void parseString_rejectsUnpairedSurrogate() {
    assertThatThrownBy(() -> Json.parse("\"\uD800\"")).isInstanceOf(JsonException.class)
        .hasMessageStartingWith("unpaired surrogate");
  }

  @Test
  void writer_roundTrips() {
    Map<String, Object> in = new java.util.LinkedHashMap<>();
    in.put("s", "q\"\\\n\u0001\u2028");
    in.put("n", 42L);
    in.put("d", new BigDecimal("1.5"));
    in.put("b", false);
    in.put("z", null);
    in.put("l", List.of(1L, "two"));
    String text = JsonWriter.write(in);
    assertThat(text).isEqualTo("{\"s\":\"q\\\"\\\\\\n\\u0001\\u2028\",\"n\":42,\"d\":1.5,\"b\":false,\"z\":null,\"l\":[1,\"two\"]}");
    assertThat(Json.parse(text)).isEqualTo(in);
  }

  @Test
  void writer_refusesNonFinite() {
    assertThatThrownBy(() -> JsonWriter.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
