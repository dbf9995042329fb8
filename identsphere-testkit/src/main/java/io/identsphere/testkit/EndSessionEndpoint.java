package io.identsphere.testkit;

import static io.identsphere.testkit.Exchanges.html;
import static io.identsphere.testkit.Exchanges.redirect;
import static io.identsphere.testkit.Exchanges.withQuery;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.json.Json;
import io.identsphere.testkit.Exchanges.BadRequest;
import io.identsphere.testkit.Exchanges.Call;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fake server's end-session endpoint (RP-initiated logout). */
final class EndSessionEndpoint {
  private final FakeIdentSphere s;

  EndSessionEndpoint(FakeIdentSphere s) {
    this.s = s;
  }

  void endSession(Call c) throws IOException {
    String hint = c.param("id_token_hint");
    if (hint != null) {
      String[] parts = hint.split("\\.");
      try {
        Object claims = Json.parse(Base64Url.decode(parts[1]));
        Object sid = ((Map<?, ?>) claims).get("sid");
        Object sub = ((Map<?, ?>) claims).get("sub");
        if (sid instanceof String) s.grants.revokeFamily((String) sid);
        if (sub instanceof String) s.grants.revokeSubject((String) sub);
        BackChannelLogouts.send(s, c.issuer, sid instanceof String ? (String) sid : null,
            sub instanceof String ? (String) sub : null); // back-channel logout
      } catch (RuntimeException e) {
        throw new BadRequest(400, "invalid_request", "id_token_hint is not a JWT");
      }
    }
    String post = c.param("post_logout_redirect_uri");
    if (post != null) {
      URI u = URI.create(post);
      if (!"http".equals(u.getScheme()) || !("127.0.0.1".equals(u.getHost()) || "localhost".equals(u.getHost()))) {
        throw new BadRequest(400, "invalid_request", "post_logout_redirect_uri must be a loopback URL");
      }
      Map<String, String> p = new LinkedHashMap<>();
      if (c.param("state") != null) p.put("state", c.param("state"));
      redirect(c.ex, withQuery(u, p));
      return;
    }
    html(c.ex, 200, "<!doctype html><html><body><h1 id=\"signed-out\">You are signed out</h1></body></html>");
  }
}
