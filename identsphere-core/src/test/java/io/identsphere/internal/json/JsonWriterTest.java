package io.identsphere.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compact writer: exact text for every value type and escape, and refusals for what JSON cannot hold. */
class JsonWriterTest {
  @Test
  void write_escapesEveryCharacterThatMustOrShouldBeEscaped() {
    assertThat(JsonWriter.write("q\" b\\ n\n r\r t\t b\b f\f")).isEqualTo("\"q\\\" b\\\\ n\\n r\\r t\\t b\\b f\\f\"");
    assertThat(JsonWriter.write("\u0000\u0001\u001f")).isEqualTo("\"\\u0000\\u0001\\u001f\"");
    assertThat(JsonWriter.write("a\u2028b\u2029c")).isEqualTo("\"a\\u2028b\\u2029c\"");
    assertThat(JsonWriter.write(" ~/\u007f\u00e9\u20ac")).isEqualTo("\" ~/\u007f\u00e9\u20ac\"");
    assertThat(JsonWriter.write("")).isEqualTo("\"\"");
  }

  @Test
  void write_numbersAsTheyAre_andWholeDoublesWithoutAFraction() {
    assertThat(JsonWriter.write(42L)).isEqualTo("42");
    assertThat(JsonWriter.write(7)).isEqualTo("7");
    assertThat(JsonWriter.write((short) -3)).isEqualTo("-3");
    assertThat(JsonWriter.write((byte) 5)).isEqualTo("5");
    assertThat(JsonWriter.write(new BigInteger("123456789012345678901234567890"))).isEqualTo("123456789012345678901234567890");
    assertThat(JsonWriter.write(new BigDecimal("1.50"))).isEqualTo("1.50");
    assertThat(JsonWriter.write(3.0)).isEqualTo("3");
    assertThat(JsonWriter.write(-2.0f)).isEqualTo("-2");
    assertThat(JsonWriter.write(2.5)).isEqualTo("2.5");
    assertThat(JsonWriter.write(1e15)).as("at the bound: no longer written as a long").isEqualTo("1.0E15");
    assertThat(JsonWriter.write(999_999_999_999_999.0)).isEqualTo("999999999999999");
    assertThat(JsonWriter.write(-1e15)).isEqualTo("-1.0E15");
  }

  @Test
  void write_refusesNonFiniteNumbers_nonStringKeys_andUnknownTypes() {
    assertThatThrownBy(() -> JsonWriter.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    assertThatThrownBy(() -> JsonWriter.write(Double.NEGATIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonWriter.write(Float.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonWriter.write(Map.of(1, "x"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JSON object keys must be strings");
    assertThatThrownBy(() -> JsonWriter.write(new Object())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object");
  }

  @Test
  void write_containersInOrder_withCommasOnlyBetween() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", List.of(1L, true, "x"));
    m.put("a", null);
    m.put("c", Map.of());
    m.put("d", new LinkedHashSet<>(Arrays.asList("s", "t")));
    assertThat(JsonWriter.write(m)).isEqualTo("{\"b\":[1,true,\"x\"],\"a\":null,\"c\":{},\"d\":[\"s\",\"t\"]}");
    assertThat(JsonWriter.write(List.of())).isEqualTo("[]");
    assertThat(JsonWriter.write(List.of(List.of()))).isEqualTo("[[]]");
    assertThat(JsonWriter.write(false)).isEqualTo("false");
    assertThat(JsonWriter.write(null)).isEqualTo("null");
  }
}
