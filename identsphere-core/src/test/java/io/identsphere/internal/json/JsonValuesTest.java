package io.identsphere.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** Parsed objects and arrays keep the Map and List contracts; entry points and type names. */
class JsonValuesTest {
  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(String json) {
    return (Map<String, Object>) Json.parse(json);
  }

  @Test
  void object_lookups_answerForStringKeysOnly_andEqualAnyMapWithTheSameMembers() {
    Map<String, Object> o = object("{\"a\":1,\"b\":null,\"c\":\"x\"}");
    assertThat(o.get("a")).isEqualTo(1L);
    assertThat(o.get("zz")).isNull();
    assertThat(o.get(1)).isNull();
    assertThat(o.containsKey("b")).isTrue();
    assertThat(o.containsKey("zz")).isFalse();
    assertThat(o.containsKey(null)).isFalse();
    assertThat(o.size()).isEqualTo(3);
    assertThat(o.isEmpty()).isFalse();
    Map<String, Object> same = new HashMap<>();
    same.put("c", "x");
    same.put("a", 1L);
    same.put("b", null);
    assertThat(o).isEqualTo(same);
    assertThat(o.hashCode()).isEqualTo(same.hashCode());
    assertThat(object("{\"a\":1}").isEmpty()).isFalse();
    assertThat(object("{}").isEmpty()).isTrue();
  }

  @Test
  void object_isUnmodifiable_andItsIteratorEndsCleanly() {
    Map<String, Object> o = object("{\"a\":1,\"b\":2}");
    assertThatThrownBy(() -> o.put("c", 3)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> o.remove("a")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> o.putAll(Map.of("c", 3))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(o::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThat(o.entrySet()).hasSize(2);
    Iterator<Map.Entry<String, Object>> it = o.entrySet().iterator();
    assertThat(it.next().getKey()).isEqualTo("a");
    Map.Entry<String, Object> second = it.next();
    assertThat(second.getKey()).isEqualTo("b");
    assertThat(second.getValue()).isEqualTo(2L);
    assertThatThrownBy(() -> second.setValue(5)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(it.hasNext()).isFalse();
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    assertThat(o.get("a")).isEqualTo(1L);
  }

  @Test
  void array_boundsAreItsOwnSize_notItsBackingArray() {
    @SuppressWarnings("unchecked")
    List<Object> a = (List<Object>) Json.parse("[1,2,3]"); // backed by a larger array
    assertThat(a).containsExactly(1L, 2L, 3L);
    assertThat(a.get(2)).isEqualTo(3L);
    assertThatThrownBy(() -> a.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> a.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(a).isEqualTo(List.of(1L, 2L, 3L));
    assertThat(a.hashCode()).isEqualTo(List.of(1L, 2L, 3L).hashCode());
    @SuppressWarnings("unchecked")
    List<Object> five = (List<Object>) Json.parse("[1,2,3,4,5]");
    assertThat(five).hasSize(5).endsWith(5L);
  }

  @Test
  void typeName_namesEachJsonType() {
    assertThat(Json.typeName(null)).isEqualTo("null");
    assertThat(Json.typeName(Map.of())).isEqualTo("an object");
    assertThat(Json.typeName(List.of())).isEqualTo("an array");
    assertThat(Json.typeName("s")).isEqualTo("a string");
    assertThat(Json.typeName(true)).isEqualTo("a boolean");
    assertThat(Json.typeName(1L)).isEqualTo("a number");
    assertThat(Json.typeName(BigDecimal.ONE)).isEqualTo("a number");
  }

  @Test
  void parseObject_refusesOtherTypes_namingWhatItFound() {
    assertThatThrownBy(() -> Json.parseObject("[1]")).isInstanceOf(JsonException.class)
        .hasMessageStartingWith("expected a JSON object but found an array");
    assertThatThrownBy(() -> Json.parseObject("\"s\"")).hasMessageStartingWith("expected a JSON object but found a string");
    assertThat(Json.parseObject("{\"k\":[]}")).containsEntry("k", List.of());
  }

  @Test
  void parse_slice_readsOnlyItsRange_andReportsOffsetsWithinIt() {
    byte[] b = "xx{\"a\":[1,2]}yy".getBytes(StandardCharsets.UTF_8);
    assertThat(Json.parse(b, 2, b.length - 2, JsonLimits.DEFAULT)).isEqualTo(Map.of("a", List.of(1L, 2L)));
    byte[] bad = "xx\n[1,]".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Json.parse(bad, 3, bad.length, JsonLimits.DEFAULT)).isInstanceOfSatisfying(JsonException.class, e -> {
      assertThat(e.offset()).isEqualTo(3);
      assertThat(e.line()).isEqualTo(1);
      assertThat(e.column()).isEqualTo(4);
    });
  }

  @Test
  void error_lineAndColumn_countNewlinesBeforeTheError() {
    assertThatThrownBy(() -> Json.parse("[1,\n2,\n  x]")).isInstanceOfSatisfying(JsonException.class, e -> {
      assertThat(e.offset()).isEqualTo(9);
      assertThat(e.line()).isEqualTo(3);
      assertThat(e.column()).isEqualTo(3);
      assertThat(e.getMessage()).isEqualTo("expected a value but found 'x' at offset 9 (line 3, column 3)");
    });
  }

  @Test
  void parseString_longerThanTheLimit_isRefusedBeforeEncoding() {
    JsonLimits tiny = new JsonLimits(4, 4, 4);
    assertThatThrownBy(() -> Json.parse("[1,2]", tiny)).isInstanceOf(JsonException.class)
        .hasMessageStartingWith("document longer than 4 bytes");
    assertThat(Json.parse("[12]", tiny)).isEqualTo(List.of(12L));
    // Four chars but six UTF-8 bytes: the byte bound still holds after encoding.
    assertThatThrownBy(() -> Json.parse("\"\u00e9\u00e9\"", tiny)).hasMessageStartingWith("document longer than 4 bytes");
  }

  @Test
  void numbers_atTheLongBoundary_switchToBigInteger() {
    assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    assertThat(Json.parse("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
    assertThat(Json.parse("999999999999999999")).isEqualTo(999_999_999_999_999_999L);
    assertThat(Json.parse("-0")).isEqualTo(0L);
    assertThat(Json.parse("1.5e2")).isEqualTo(new BigDecimal("1.5e2"));
    assertThat(Json.parse("[0,-1,10]")).isEqualTo(List.of(0L, -1L, 10L));
  }
}
