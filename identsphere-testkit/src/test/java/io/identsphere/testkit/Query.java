package io.identsphere.testkit;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Query-string helpers for tests that play the browser. */
final class Query {
  private Query() {}

  static Map<String, String> parse(String q) {
    Map<String, String> out = new LinkedHashMap<>();
    if (q == null) return out;
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  static String form(Map<String, String> params) {
    StringBuilder sb = new StringBuilder();
    params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return sb.toString();
  }
}
