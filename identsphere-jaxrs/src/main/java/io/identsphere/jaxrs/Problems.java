package io.identsphere.jaxrs;

import io.identsphere.internal.json.JsonWriter;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 9457 problem responses with RFC 6750 challenges. Never echo a token. */
final class Problems {
  static final String PROBLEM_JSON = "application/problem+json";

  private Problems() {}

  static Response challenge(int status, String title, String realm, String error, String description, String scope) {
    return problem(status, title, description).header("WWW-Authenticate", bearerChallenge(realm, error, description, scope))
        .build();
  }

  static String bearerChallenge(String realm, String error, String description, String scope) {
    StringBuilder c = new StringBuilder("Bearer realm=\"").append(quote(realm)).append('"');
    if (error != null) c.append(", error=\"").append(error).append('"');
    // RFC 6750 §3: a request without credentials gets no error attributes, only the realm.
    if (error != null && description != null) c.append(", error_description=\"").append(quote(ascii(description))).append('"');
    if (scope != null) c.append(", scope=\"").append(quote(scope)).append('"');
    return c.toString();
  }

  static Response.ResponseBuilder problem(int status, String title, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    if (detail != null) body.put("detail", detail);
    return Response.status(status).type(PROBLEM_JSON).entity(JsonWriter.write(body));
  }

  static String quote(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** RFC 6750 §3: error_description is limited to printable ASCII without '"' and '\'. */
  static String ascii(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      sb.append(ch >= 0x20 && ch < 0x7F && ch != '"' && ch != '\\' ? ch : '\'');
    }
    return sb.toString();
  }
}
