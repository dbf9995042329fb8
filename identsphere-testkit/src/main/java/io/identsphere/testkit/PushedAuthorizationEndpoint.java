package io.identsphere.testkit;

import static io.identsphere.testkit.Exchanges.json;

import io.identsphere.testkit.Exchanges.BadRequest;
import io.identsphere.testkit.Exchanges.Call;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The fake server's pushed authorization request endpoint (RFC 9126 §2): the client authenticates
 * as at the token endpoint, the parameters are checked as {@code /authorize} would check them, and
 * the answer is a one-time {@code request_uri} that expires after the server's PAR lifetime.
 */
final class PushedAuthorizationEndpoint {
  static final String URN = "urn:ietf:params:oauth:request_uri:";
  /** Parameters that authenticate the client; not part of the pushed request. */
  private static final Set<String> CREDENTIALS = Set.of("client_secret", "client_assertion", "client_assertion_type");

  private final FakeIdentSphere s;

  PushedAuthorizationEndpoint(FakeIdentSphere s) {
    this.s = s;
  }

  void push(Call c) throws IOException {
    if (!"POST".equals(c.ex.getRequestMethod())) throw new BadRequest(405, "invalid_request", "use POST");
    TestClient client = ClientAuthChecks.authenticate(s, c);
    if (c.form.containsKey("request_uri")) throw invalid("request_uri must not be pushed (RFC 9126 2.1)");
    String named = c.form.get("client_id");
    if (named != null && !named.equals(client.clientId())) throw invalid("client_id is not the authenticated client");
    URI redirect;
    try {
      redirect = URI.create(String.valueOf(c.form.get("redirect_uri")));
    } catch (IllegalArgumentException e) {
      throw invalid("redirect_uri is malformed");
    }
    if (!AuthorizeEndpoint.redirectAllowed(client, redirect)) throw invalid("redirect_uri is not registered for this client");
    if (!"code".equals(c.form.get("response_type"))) throw invalid("only response_type=code is supported");
    if (c.form.get("code_challenge") == null || !"S256".equals(c.form.get("code_challenge_method"))) {
      throw invalid("PKCE with code_challenge_method=S256 is required");
    }
    ResourceRules.check(s, c.resources);
    Map<String, String> params = new LinkedHashMap<>(c.form);
    params.keySet().removeAll(CREDENTIALS);
    params.remove("resource");
    params.put("client_id", client.clientId());
    // Forget requests long expired (an expired one is still recognised for a while, to answer invalid_request_uri).
    s.grants.pushed.values().removeIf(p -> s.clock.instant().isAfter(p.expiresAt.plus(java.time.Duration.ofMinutes(10))));
    String requestUri = URN + Exchanges.random();
    s.grants.pushed.put(requestUri, new Grants.Pushed(client.clientId(), params, c.resources,
        s.clock.instant().plus(s.pushedRequestTtl)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("request_uri", requestUri);
    body.put("expires_in", s.pushedRequestTtl.getSeconds());
    json(c.ex, 201, body, Map.of("Cache-Control", "no-store"));
  }

  private static BadRequest invalid(String why) {
    return new BadRequest(400, "invalid_request", why);
  }
}
