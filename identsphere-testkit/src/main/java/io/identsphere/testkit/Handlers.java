package io.identsphere.testkit;

import static io.identsphere.testkit.Exchanges.json;
import static io.identsphere.testkit.Exchanges.parse;
import static io.identsphere.testkit.Exchanges.send;


import com.sun.net.httpserver.HttpExchange;
import io.identsphere.testkit.Exchanges.BadRequest;
import io.identsphere.testkit.Exchanges.Call;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The fake server's front door: routes a request to its endpoint, records it, applies a scheduled fault. */
final class Handlers {
  private static final int MAX_BODY = 64 * 1024;
  private static final Map<String, Endpoint> SUFFIXES = Map.ofEntries(
      Map.entry("/.well-known/openid-configuration", Endpoint.DISCOVERY), Map.entry("/jwks", Endpoint.JWKS),
      Map.entry("/authorize", Endpoint.AUTHORIZE), Map.entry("/token", Endpoint.TOKEN),
      Map.entry("/userinfo", Endpoint.USERINFO), Map.entry("/introspect", Endpoint.INTROSPECTION),
      Map.entry("/revoke", Endpoint.REVOCATION), Map.entry("/par", Endpoint.PUSHED_AUTHORIZATION), Map.entry("/logout", Endpoint.END_SESSION),
      Map.entry("/v1/auth/login", Endpoint.API_LOGIN), Map.entry("/v1/users/me", Endpoint.API_ME),
      Map.entry("/v1/auth/logout", Endpoint.API_LOGOUT), Map.entry("/v1/auth/refresh", Endpoint.API_REFRESH),
      Map.entry("/v1/users/me/sessions", Endpoint.API_SESSIONS),
      Map.entry("/.well-known/jwks.json", Endpoint.WELL_KNOWN_JWKS));

  private final FakeIdentSphere s;
  private final DiscoveryEndpoints discovery;
  private final AuthorizeEndpoint authorize;
  private final PushedAuthorizationEndpoint pushed;
  private final TokenEndpoint token;
  private final UserInfoEndpoint userInfo;
  private final TokenStatusEndpoints status;
  private final EndSessionEndpoint endSession;
  private final ApiEndpoints api;

  Handlers(FakeIdentSphere s) {
    this.s = s;
    FakeTokens tokens = new FakeTokens(s);
    this.discovery = new DiscoveryEndpoints(s);
    this.authorize = new AuthorizeEndpoint(s);
    this.pushed = new PushedAuthorizationEndpoint(s);
    this.token = new TokenEndpoint(s, tokens);
    this.userInfo = new UserInfoEndpoint(s, tokens);
    this.status = new TokenStatusEndpoints(s, tokens);
    this.endSession = new EndSessionEndpoint(s);
    this.api = new ApiEndpoints(s, tokens);
  }

  void handle(HttpExchange ex) throws IOException {
    try {
      Call call = route(ex);
      if (call == null) {
        json(ex, 404, Map.of("error", "not_found"), Map.of());
        return;
      }
      Fault f = s.takeFault(call.endpoint);
      if (f != null && apply(f, call)) return;
      dispatch(call);
    } catch (BadRequest e) {
      json(ex, e.status, e.body, e.headers);
    } catch (RuntimeException e) {
      json(ex, 500, Map.of("error", "server_error", "error_description", String.valueOf(e)), Map.of());
    } finally {
      ex.close();
    }
  }

  private Call route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    List<String> issuers = new ArrayList<>(s.issuers());
    issuers.sort(Comparator.comparingInt(String::length).reversed());
    for (String issuer : issuers) {
      String basePath = URI.create(issuer).getRawPath();
      if (basePath.endsWith("/")) basePath = basePath.substring(0, basePath.length() - 1);
      Endpoint e = s.discoveryForm.served(path, basePath) ? Endpoint.DISCOVERY : null;
      if (e == null && path.startsWith(basePath + "/")) e = SUFFIXES.get(path.substring(basePath.length()));
      if (e == Endpoint.DISCOVERY && !s.discoveryForm.served(path, basePath)) e = null;
      if (e == null) continue;
      byte[] raw = readBody(ex.getRequestBody());
      String body = new String(raw, StandardCharsets.UTF_8);
      Map<String, String> query = parse(ex.getRequestURI().getRawQuery());
      String type = ex.getRequestHeaders().getFirst("Content-Type");
      Map<String, String> form = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
          ? parse(body) : Map.of();
      Map<String, List<String>> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      s.record(new RecordedRequest(e, issuer, ex.getRequestMethod(), path, query, headers, form, body, s.clock.instant()));
      List<String> resources = form.isEmpty() ? Exchanges.all(ex.getRequestURI().getRawQuery(), "resource")
          : Exchanges.all(body, "resource");
      return new Call(ex, issuer, e, query, form, body, resources);
    }
    return null;
  }

  private static byte[] readBody(InputStream in) throws IOException {
    byte[] b = in.readNBytes(MAX_BODY + 1);
    if (b.length > MAX_BODY) throw new BadRequest(413, "invalid_request", "request body too large");
    return b;
  }

  private boolean apply(Fault f, Call call) throws IOException {
    switch (f.kind) {
      case DELAY:
        try {
          Thread.sleep(f.delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return false;
      case MALFORMED_JSON:
        send(call.ex, 200, "application/json", "{\"issuer\": \"truncated", Map.of());
        return true;
      case CLOSE_CONNECTION:
        call.ex.getResponseBody().close();
        return true;
      case ID_TOKEN_CLAIMS:
        call.idTokenClaims = f.claims;
        return false;
      default:
        Map<String, String> headers = f.retryAfterSeconds >= 0 ? Map.of("Retry-After", String.valueOf(f.retryAfterSeconds)) : Map.of();
        if (f.error == null) {
          send(call.ex, f.status, null, "", headers);
        } else {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("error", f.error);
          if (f.description != null) body.put("error_description", f.description);
          json(call.ex, f.status, body, headers);
        }
        return true;
    }
  }

  private void dispatch(Call c) throws IOException {
    switch (c.endpoint) {
      case DISCOVERY: discovery.discovery(c); break;
      case JWKS: case WELL_KNOWN_JWKS: discovery.jwks(c); break;
      case AUTHORIZE: authorize.authorize(c); break;
      case PUSHED_AUTHORIZATION: pushed.push(c); break;
      case TOKEN: token.token(c); break;
      case USERINFO: userInfo.userinfo(c); break;
      case INTROSPECTION: status.introspect(c); break;
      case REVOCATION: status.revoke(c); break;
      case END_SESSION: endSession.endSession(c); break;
      case API_LOGIN: api.apiLogin(c); break;
      case API_ME: api.apiMe(c); break;
      case API_LOGOUT: api.apiLogout(c); break;
      case API_REFRESH: api.apiRefresh(c); break;
      case API_SESSIONS: api.apiSessions(c); break;
      default: throw new IllegalStateException();
    }
  }
}
