package io.identsphere.jaxrs;

import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Bounded reading of request bodies. Stateless. */
final class Bodies {
  private Bodies() {}

  /**
   * Reads a body of at most {@code max} bytes.
   *
   * @param in the body, or null for none
   * @param max the most bytes accepted
   * @return the bytes, or null when the body is longer than {@code max}
   */
  static byte[] readAtMost(InputStream in, int max) {
    if (in == null) return new byte[0];
    try {
      byte[] b = in.readNBytes(max + 1);
      return b.length > max ? null : b;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the type is {@code type/subtype}, with no charset or a UTF-8 one. */
  static boolean is(MediaType mt, String type, String subtype) {
    if (mt == null || !mt.getType().equalsIgnoreCase(type) || !mt.getSubtype().equalsIgnoreCase(subtype)) return false;
    String charset = mt.getParameters().get(MediaType.CHARSET_PARAMETER);
    return charset == null || charset.equalsIgnoreCase("utf-8");
  }

  /**
   * Returns the first value of a field of an {@code application/x-www-form-urlencoded} body.
   *
   * @param body the body
   * @param field the field's name
   * @return the decoded value, or null when absent or malformed
   */
  static String formField(byte[] body, String field) {
    for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
      int eq = pair.indexOf('=');
      if (eq < 0) continue;
      try {
        if (URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(field)) {
          return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }
}
