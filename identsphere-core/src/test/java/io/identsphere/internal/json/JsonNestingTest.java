package io.identsphere.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The nesting bound counts objects as well as arrays, and every container that closes, empty or
 * not, gives its level back, so siblings never add up to a false "too deep".
 */
class JsonNestingTest {
  private static final JsonLimits DEPTH_2 = new JsonLimits(64 * 1024, 2, 100);

  private static Object parse(String json, JsonLimits limits) {
    return Json.parse(json.getBytes(StandardCharsets.UTF_8), limits);
  }

  @Test
  void parse_objectsNestedToTheLimit_areAccepted_andOneDeeperIsRejectedAtItsBrace() {
    Map<?, ?> doc = (Map<?, ?>) parse("{\"a\":{\"b\":1}}", DEPTH_2);
    assertThat(((Map<?, ?>) doc.get("a")).get("b")).isEqualTo(1L);
    assertThatThrownBy(() -> parse("{\"a\":{\"b\":{\"c\":1}}}", DEPTH_2)).isInstanceOf(JsonException.class)
        .hasMessageStartingWith("nesting deeper than 2 levels at offset 10");
    assertThatThrownBy(() -> parse("{\"a\":{\"b\":{}}}", DEPTH_2)).isInstanceOf(JsonException.class)
        .hasMessageStartingWith("nesting deeper than 2 levels at offset 10");
    assertThatThrownBy(() -> parse("[{\"a\":[]}]", DEPTH_2)).isInstanceOf(JsonException.class)
        .hasMessageStartingWith("nesting deeper than 2 levels at offset 6");
  }

  @Test
  void parse_manySiblingContainers_eachReturnsItsLevel() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < 50; i++) sb.append(i == 0 ? "" : ",").append("{}").append(",[]").append(",{\"k\":").append(i).append('}')
        .append(",[").append(i).append(']');
    String json = sb.append(']').toString();
    List<?> doc = (List<?>) parse(json, DEPTH_2);
    assertThat(doc).hasSize(200);
    assertThat(doc.get(0)).isEqualTo(Map.of());
    assertThat(doc.get(1)).isEqualTo(List.of());
    assertThat(doc.get(198)).isEqualTo(Map.of("k", 49L));
    assertThat(doc.get(199)).isEqualTo(List.of(49L));
  }

  @Test
  void parse_siblingMembersHoldingObjects_doNotAccumulateDepth() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < 40; i++) sb.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":{\"v\":").append(i).append('}');
    Map<?, ?> doc = (Map<?, ?>) parse(sb.append('}').toString(), DEPTH_2);
    assertThat(doc).hasSize(40); // more than JsonObject.MAX_MEMBERS: the hash-table form too
    assertThat(doc.get("m39")).isEqualTo(Map.of("v", 39L));
  }

  @Test
  void parse_depthOne_acceptsAFlatObjectAndAFlatArray_only() {
    JsonLimits flat = new JsonLimits(1024, 1, 100);
    assertThat(parse("{\"a\":1,\"b\":[]}".replace(",\"b\":[]", ""), flat)).isEqualTo(Map.of("a", 1L));
    assertThat(parse("[1,2]", flat)).isEqualTo(List.of(1L, 2L));
    assertThatThrownBy(() -> parse("{\"a\":{}}", flat)).hasMessageStartingWith("nesting deeper than 1 levels");
    assertThatThrownBy(() -> parse("[[]]", flat)).hasMessageStartingWith("nesting deeper than 1 levels");
  }

  @Test
  void parse_theDepthCap_isReachableButNotExceeded() {
    JsonLimits cap = new JsonLimits(1 << 20, JsonLimits.DEPTH_CAP, 100);
    String deepest = "{\"a\":".repeat(JsonLimits.DEPTH_CAP - 1) + "{}" + "}".repeat(JsonLimits.DEPTH_CAP - 1);
    assertThat(parse(deepest, cap)).isInstanceOf(Map.class);
    String deeper = "[" + deepest + "]";
    assertThatThrownBy(() -> parse(deeper, cap)).hasMessageStartingWith("nesting deeper than 512 levels");
    assertThatThrownBy(() -> new JsonLimits(1024, JsonLimits.DEPTH_CAP + 1, 100)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JsonLimits(1024, 0, 100)).isInstanceOf(IllegalArgumentException.class);
  }
}
