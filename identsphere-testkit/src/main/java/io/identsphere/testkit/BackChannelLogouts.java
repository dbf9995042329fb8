package io.identsphere.testkit;

import static io.identsphere.testkit.Exchanges.random;

import io.identsphere.token.LogoutTokenValidator;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fake server's side of OpenID Connect Back-Channel Logout 1.0: when a session ends, a signed
 * logout token is POSTed to every registered client that has a back-channel logout URI, one after
 * the other, before the logout is answered. A client that fails or does not answer within 2 s is
 * skipped (the spec lets an OP give up); nothing is retried.
 *
 * <p>Thread-safe (stateless apart from its HTTP client).
 */
final class BackChannelLogouts {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT)
      .followRedirects(HttpClient.Redirect.NEVER).build();

  private BackChannelLogouts() {}

  /**
   * Announces the end of a session to every client with a back-channel logout URI.
   *
   * @param s the fake server
   * @param issuer the issuer the session belongs to
   * @param sid the session, or null
   * @param sub the subject, or null
   */
  static void send(FakeIdentSphere s, String issuer, String sid, String sub) {
    if (sid == null && sub == null) return;
    FakeTokens tokens = new FakeTokens(s);
    for (TestClient c : s.clients()) {
      URI to = c.backChannelLogoutUri();
      if (to == null) continue;
      String token = tokens.sign(claims(issuer, c.clientId(), sid, sub, s.clock.instant()), "logout+jwt");
      HttpRequest post = HttpRequest.newBuilder(to).timeout(TIMEOUT)
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + URLEncoder.encode(token, StandardCharsets.US_ASCII)))
          .build();
      try {
        HTTP.send(post, HttpResponse.BodyHandlers.discarding());
      } catch (java.io.IOException e) {
        // the client is down or slow: an OP may give up (Back-Channel Logout 1.0 §2.8)
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The claims of a logout token (Back-Channel Logout 1.0 §2.4), expiring after two minutes (§4). */
  static Map<String, Object> claims(String issuer, String clientId, String sid, String sub, Instant now) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer);
    claims.put("aud", clientId);
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plus(Duration.ofMinutes(2)).getEpochSecond());
    claims.put("jti", random());
    if (sub != null) claims.put("sub", sub);
    if (sid != null) claims.put("sid", sid);
    claims.put("events", Map.of(LogoutTokenValidator.BACKCHANNEL_LOGOUT_EVENT, Map.of()));
    return claims;
  }
}
