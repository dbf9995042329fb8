package io.identsphere.internal.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Writes JDK values (maps with string keys, collections, strings, numbers, booleans, null) as
 * compact JSON. Non-finite doubles and other types are refused with an
 * {@link IllegalArgumentException}. Stateless and thread-safe.
 */
public final class JsonWriter {
  private JsonWriter() {}

  /**
   * Writes a value as compact JSON text.
   *
   * @param value the value to write
   * @return its compact JSON text
   * @throws IllegalArgumentException if the value, or a value inside it, is a non-finite double or
   *     of a type that has no JSON form
   */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder(128);
    write(sb, value);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String) {
      quote(sb, (String) v);
    } else if (v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger) {
      sb.append(v);
    } else if (v instanceof BigDecimal) {
      sb.append(((BigDecimal) v).toString());
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("JSON has no representation for " + d);
      }
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        sb.append((long) d);
      } else {
        sb.append(d);
      }
    } else if (v instanceof Map) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new IllegalArgumentException("JSON object keys must be strings");
        }
        if (!first) sb.append(',');
        first = false;
        quote(sb, (String) e.getKey());
        sb.append(':');
        write(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof Collection) {
      sb.append('[');
      boolean first = true;
      for (Object item : (Collection<?>) v) {
        if (!first) sb.append(',');
        first = false;
        write(sb, item);
      }
      sb.append(']');
    } else {
      throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
    }
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        case '\n': sb.append("\\n"); break;
        case '\r': sb.append("\\r"); break;
        case '\t': sb.append("\\t"); break;
        case '\b': sb.append("\\b"); break;
        case '\f': sb.append("\\f"); break;
        default:
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }
}
