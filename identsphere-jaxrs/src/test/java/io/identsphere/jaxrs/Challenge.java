package io.identsphere.jaxrs;

import java.net.http.HttpResponse;
import java.util.List;

/**
 * Reads challenges from {@code WWW-Authenticate}, whether a runtime sends one header line per
 * challenge (Jersey, RESTEasy) or joins them into one comma-separated line (CXF).
 */
final class Challenge {
  private Challenge() {}

  /**
   * The {@code Bearer} challenge.
   *
   * @param r the response
   * @return the Bearer challenge without any challenge that follows it
   */
  static String bearer(HttpResponse<String> r) {
    List<String> all = r.headers().allValues("WWW-Authenticate");
    String joined = String.join(", ", all);
    int bearer = joined.indexOf("Bearer ");
    if (bearer < 0) throw new AssertionError("no Bearer challenge in " + all);
    java.util.regex.Matcher dpop = java.util.regex.Pattern.compile(",\\s*DPoP ").matcher(joined);
    return dpop.find(bearer) ? joined.substring(bearer, dpop.start()) : joined.substring(bearer);
  }
}
