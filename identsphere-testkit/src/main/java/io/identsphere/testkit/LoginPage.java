package io.identsphere.testkit;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTML login form of the fake server's authorize endpoint, shown when no user is signed in
 * automatically.
 *
 * <p>The form carries all the authorization request's parameters (state, nonce, PKCE, audience,
 * ...) in hidden fields, so that a failed attempt can be followed by a successful one. After a failed attempt it keeps the e-mail, never the
 * password. It lists the server's test users, because this is a test server. Every value that comes
 * from a request or a test (e-mail, parameters, names, roles) is HTML-escaped.
 *
 * <p>Stateless and thread-safe.
 */
final class LoginPage {
  /** The form's own fields: never carried over from a request into a hidden field. */
  static final Set<String> CREDENTIALS = Set.of("email", "password");

  /** The default password of {@link TestUser}, documented on {@link FakeIdentSphere} and in the README. */
  private static final String DOCUMENTED_PASSWORD = "password";

  private LoginPage() {}

  /**
   * Renders the login form.
   *
   * <p>The password column shows a user's password only when it is the documented default; a
   * password that a test set is never shown.
   *
   * @param action the URL the form posts to
   * @param carried the authorization request parameters to post back, by name, without {@link #CREDENTIALS}; a
   *     list value for a parameter that repeats
   * @param email the e-mail to pre-fill, or null for an empty field
   * @param error the error line to show, or null for none
   * @param users the test users to list
   * @return the complete HTML document
   */
  static String html(String action, Map<String, ?> carried, String email, String error, Collection<TestUser> users) {
    StringBuilder sb = new StringBuilder(2048)
        .append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign in - Fake IdentSphere (test server)</title>")
        .append("<style>body{font-family:sans-serif;max-width:32em;margin:3em auto}")
        .append("input{display:block;width:100%;margin:.4em 0 1em;padding:.4em}button{padding:.5em 1.5em}")
        .append(".error{color:#b00}.test-server{background:#fff3cd;padding:.5em}table{border-collapse:collapse;margin-top:1em}")
        .append("th,td{text-align:left;padding:.2em .6em;border-bottom:1px solid #ddd}</style></head><body>")
        .append("<h1>Sign in</h1><p class=\"test-server\" id=\"test-server\"><strong>Test server.</strong> ")
        .append("This is the fake IdentSphere of the testkit, for testing only: never enter a real password here.</p>");
    if (error != null) sb.append("<p class=\"error\" id=\"error\">").append(escape(error)).append("</p>");
    sb.append("<form method=\"post\" action=\"").append(escape(action)).append("\">");
    carried.forEach((name, value) -> {
      for (Object one : value instanceof List ? (List<?>) value : List.of(value)) { // a repeated resource: one field each
        sb.append("<input type=\"hidden\" name=\"").append(escape(name)).append("\" value=\"").append(escape(String.valueOf(one)))
            .append("\">");
      }
    });
    sb.append("<label>Email<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\"");
    if (email != null && !email.isEmpty()) sb.append(" value=\"").append(escape(email)).append('"');
    sb.append("></label>")
        .append("<label>Password<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\"></label>")
        .append("<button id=\"login\" type=\"submit\">Sign in</button></form>");
    appendUsers(sb, users);
    return sb.append("</body></html>").toString();
  }

  private static void appendUsers(StringBuilder sb, Collection<TestUser> users) {
    sb.append("<section id=\"test-users\"><h2>Test users</h2>");
    if (users.isEmpty()) {
      sb.append("<p>This test server has no users.</p></section>");
      return;
    }
    sb.append("<table><tr><th>E-mail</th><th>Name</th><th>Roles</th><th>Password</th></tr>");
    users.stream().sorted(Comparator.comparing(TestUser::email)).forEach(u -> {
      Map<String, Object> claims = u.claims();
      Object name = claims.get("name");
      Object custom = claims.get("custom_roles");
      String roles = String.join(", ", u.roles())
          + (custom instanceof List<?> && !((List<?>) custom).isEmpty() ? " (custom: " + join((List<?>) custom) + ")" : "");
      sb.append("<tr class=\"test-user\"><td class=\"email\">").append(escape(u.email()))
          .append("</td><td class=\"name\">").append(name == null ? "" : escape(String.valueOf(name)))
          .append("</td><td class=\"roles\">").append(escape(roles))
          .append("</td><td class=\"password\">")
          .append(DOCUMENTED_PASSWORD.equals(u.password()) ? DOCUMENTED_PASSWORD : "<em>set by the test</em>")
          .append("</td></tr>");
    });
    sb.append("</table></section>");
  }

  private static String join(List<?> values) {
    StringBuilder sb = new StringBuilder();
    for (Object v : values) sb.append(sb.length() == 0 ? "" : ", ").append(v);
    return sb.toString();
  }

  /**
   * Escapes text for an HTML element or a double- or single-quoted attribute value.
   *
   * @param text any text
   * @return the text with {@code & < > " '} replaced by character references
   */
  static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '&': sb.append("&amp;"); break;
        case '<': sb.append("&lt;"); break;
        case '>': sb.append("&gt;"); break;
        case '"': sb.append("&quot;"); break;
        case '\'': sb.append("&#39;"); break;
        default: sb.append(ch);
      }
    }
    return sb.toString();
  }
}
