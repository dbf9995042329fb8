package io.identsphere.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.identsphere.internal.json.Json;
import io.identsphere.internal.json.JsonException;
import io.identsphere.internal.json.JsonLimits;
import io.identsphere.internal.json.JsonWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The strict JSON parser on arbitrary bytes: it either returns a value that survives a write and
 * re-parse unchanged, or throws {@link JsonException}; any other exception, error or hang fails.
 */
class JsonFuzzTest {
  private static final JsonLimits SHALLOW = new JsonLimits(4096, 3, 64);

  @FuzzTest(maxDuration = "5m")
  void parse(byte[] input) {
    Object value;
    try {
      value = Json.parse(input);
    } catch (JsonException e) {
      assertThat(e.offset()).isBetween(0, input.length);
      assertThat(e.line()).isPositive();
      assertThat(e.column()).isPositive();
      // Tighter limits and the grammar-only mode must refuse too, with the same exception type.
      tryParse(input, SHALLOW);
      tryParse(input, JsonLimits.DEFAULT.grammarOnly());
      return;
    }
    String written = JsonWriter.write(value);
    Object again = Json.parse(written.getBytes(StandardCharsets.UTF_8));
    assertThat(same(again, value)).as("re-parsed %s", written).isTrue();
    assertThat(Json.parse(input, JsonLimits.DEFAULT.grammarOnly())).isEqualTo(value);
    tryParse(input, SHALLOW);
  }

  /**
   * Equal JSON values; numbers by value, since writing a {@code BigDecimal} such as {@code 0e+0}
   * gives {@code 0}, which parses back as a {@code Long}.
   */
  private static boolean same(Object a, Object b) {
    if (a instanceof Number && b instanceof Number) {
      return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
    }
    if (a instanceof Map && b instanceof Map) {
      Map<?, ?> x = (Map<?, ?>) a;
      Map<?, ?> y = (Map<?, ?>) b;
      if (!x.keySet().equals(y.keySet())) return false;
      for (Object k : x.keySet()) if (!same(x.get(k), y.get(k))) return false;
      return true;
    }
    if (a instanceof List && b instanceof List) {
      List<?> x = (List<?>) a;
      List<?> y = (List<?>) b;
      if (x.size() != y.size()) return false;
      for (int i = 0; i < x.size(); i++) if (!same(x.get(i), y.get(i))) return false;
      return true;
    }
    return java.util.Objects.equals(a, b);
  }

  private static void tryParse(byte[] input, JsonLimits limits) {
    try {
      Json.parse(input, limits);
    } catch (JsonException expected) {
      // documented: the only exception the parser throws
    }
  }
}
