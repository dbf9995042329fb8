package io.identsphere.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The exponent bound holds for the value, not only for its spelling, so whatever the parser accepts
 * the writer prints in a form the parser accepts again (a fuzzing finding: {@code 0.0000000001e-995}
 * was accepted, written as {@code 1E-1005} and then refused).
 */
class JsonNumberMagnitudeTest {
  @Test
  void parse_valueBeyondTheBound_isRefused_evenWhenTheWrittenExponentIsWithinIt() {
    for (String n : new String[] {"0.0000000001e-995", "-0.01e-999", "12345e998", "0.000e-999"}) {
      assertThatThrownBy(() -> Json.parse("[" + n + "]")).as(n).isInstanceOf(JsonException.class)
          .hasMessageContaining("number magnitude beyond 1e1000 or below 1e-1000");
    }
  }

  @Test
  void parse_valuesAtTheBound_areAccepted_andSurviveWritingAndParsingAgain() {
    for (String n : new String[] {"1e-1000", "9.99e1000", "0.001e-997", "123.456e-789", "-1.5E+1000", "0e-999"}) {
      Object v = ((java.util.List<?>) Json.parse("[" + n + "]")).get(0);
      assertThat(v).as(n).isEqualTo(new BigDecimal(n));
      String written = JsonWriter.write(v);
      assertThat(Json.parse(written)).as(written).isEqualTo(v);
    }
  }
}
