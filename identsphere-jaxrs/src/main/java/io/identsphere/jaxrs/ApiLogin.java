package io.identsphere.jaxrs;

import io.identsphere.IdentSphereException;
import io.identsphere.internal.json.Json;
import io.identsphere.internal.json.JsonLimits;
import io.identsphere.internal.text.Untrusted;
import io.identsphere.oidc.ApiResponse;
import io.identsphere.oidc.IdentSphereClient;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /auth/api-login} and {@link ApiRelay}: relays a JSON login to IdentSphere's
 * {@code /v1/auth/login} (and logout, and any other {@code /v1} call) and relays back only what the
 * browser needs: the status (2xx or 4xx; anything else becomes 502), a JSON body, and IdentSphere's
 * own cookies as {@link CookieRelay} rewrites them. What is dropped is logged in one line per
 * answer (INFO at most once a minute, DEBUG otherwise). Thread-safe.
 */
final class ApiLogin {
  /** The largest login body accepted, in bytes. */
  static final int MAX_BODY = 16 * 1024;
  private static final JsonLimits BODY_LIMITS = new JsonLimits(MAX_BODY, 8, 4096);
  private static final JsonLimits ANSWER_LIMITS = new JsonLimits(256 * 1024, 32, 64 * 1024);
  private static final int LOGGED_DROPS = 10;
  private static final System.Logger LOG = System.getLogger(WebLogin.class.getName());

  private final IdentSphereClient client;
  private final CrossSiteGuard guard;
  private final CookieRelay relay;
  private final Cookies cookies;
  private final RateLimitedLog dropLog = new RateLimitedLog(LOG, Level.INFO, Duration.ofSeconds(60));

  ApiLogin(IdentSphereClient client, CrossSiteGuard guard, CookieRelay relay, Cookies cookies) {
    this.client = client;
    this.guard = guard;
    this.relay = relay;
    this.cookies = cookies;
  }

  Response handle(UriInfo uri, HttpHeaders headers, InputStream body) {
    StringBuilder why = new StringBuilder();
    if (guard.judge(headers, uri, why) == CrossSiteGuard.Verdict.CROSS_SITE) {
      LOG.log(Level.DEBUG, "api-login refused: " + why);
      return noStore(Problems.problem(403, "Forbidden", "cross-site login requests are refused")).build();
    }
    if (!Bodies.is(headers.getMediaType(), "application", "json")) {
      return noStore(Problems.problem(415, "Unsupported Media Type", "the login body must be application/json")).build();
    }
    byte[] bytes = Bodies.readAtMost(body, MAX_BODY);
    if (bytes == null) {
      return noStore(Problems.problem(413, "Content Too Large", "the login body is larger than " + MAX_BODY + " bytes")).build();
    }
    try {
      if (!(Json.parse(bytes, BODY_LIMITS) instanceof Map)) throw new IllegalArgumentException();
    } catch (RuntimeException e) {
      return noStore(Problems.problem(400, "Bad Request", "the login body must be a JSON object")).build();
    }
    ApiResponse answer;
    try {
      answer = client.api().login(new String(bytes, StandardCharsets.UTF_8));
    } catch (IdentSphereException e) {
      dropLog.log(() -> "api-login: the identity server failed: " + Untrusted.escape(e.getMessage()));
      return badGateway("login").build();
    }
    return relayAnswer(answer, uri.getRequestUri(), "login");
  }

  /** Same-origin only: POSTs to a session endpoint ({@code /v1/auth/logout}, {@code /v1/auth/refresh}) with the caller's cookies. */
  Response sessionCall(String path, String what, UriInfo uri, HttpHeaders headers) {
    StringBuilder why = new StringBuilder();
    if (guard.judge(headers, uri, why) == CrossSiteGuard.Verdict.CROSS_SITE) {
      LOG.log(Level.DEBUG, "api " + what + " refused: " + why);
      return noStore(Problems.problem(403, "Forbidden", "cross-site " + what + " requests are refused")).build();
    }
    List<String> cookieHeaders = headers.getRequestHeader(HttpHeaders.COOKIE);
    String cookieHeader = cookieHeaders == null || cookieHeaders.isEmpty() ? null : String.join("; ", cookieHeaders);
    io.identsphere.oidc.ApiRequest request;
    try {
      request = io.identsphere.oidc.ApiRequest.post(path, null).cookies(cookieHeader);
    } catch (IllegalArgumentException e) {
      return noStore(Problems.problem(400, "Bad Request", "the Cookie header contains a control character")).build();
    }
    return call(request, uri);
  }

  /** Makes any /v1 call and relays its answer; a transport failure is a 502. */
  Response call(io.identsphere.oidc.ApiRequest request, UriInfo uri) {
    ApiResponse answer;
    try {
      answer = client.api().call(request);
    } catch (IdentSphereException e) {
      dropLog.log(() -> "IdentSphere API call failed: " + Untrusted.escape(e.getMessage()));
      return badGateway("request").build();
    }
    return relayAnswer(answer, uri.getRequestUri(), "request");
  }

  /** Relays an answer; {@code what} ("login", "request") names it in problem bodies. */
  Response relayAnswer(ApiResponse answer, java.net.URI requestUri, String what) {
    int status = answer.status();
    List<String> dropped = new ArrayList<>();
    if (status / 100 != 2 && status / 100 != 4) {
      if (!answer.setCookies().isEmpty()) dropped.add(answer.setCookies().size() + " Set-Cookie headers");
      logDrops("status " + status + " answered 502", dropped);
      return badGateway(what).build();
    }
    CookieRelay.Result kept = relay.relay(answer.setCookies(), cookies.secure(requestUri));
    dropped.addAll(kept.dropped);
    Response.ResponseBuilder r;
    if (isJson(answer)) {
      r = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8")).entity(answer.body());
    } else {
      dropped.add("a body of type " + Untrusted.quote(answer.contentType()) + " (not JSON)");
      r = status / 100 == 2 ? Response.status(status)
          : Problems.problem(status, what.equals("login") ? "Login failed" : "Refused", "the identity server refused the " + what);
    }
    for (String c : kept.setCookies) r.header(HttpHeaders.SET_COOKIE, c);
    logDrops("status " + status + ", " + kept.setCookies.size() + " cookies relayed", dropped);
    return noStore(r).header("X-Content-Type-Options", "nosniff").build();
  }

  private static boolean isJson(ApiResponse answer) {
    MediaType mt;
    try {
      mt = answer.contentType().isEmpty() ? null : MediaType.valueOf(answer.contentType());
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (mt == null || !mt.getType().equalsIgnoreCase("application")
        || !(mt.getSubtype().equalsIgnoreCase("json") || mt.getSubtype().toLowerCase(java.util.Locale.ROOT).endsWith("+json"))) {
      return false;
    }
    try {
      Json.parse(answer.body(), ANSWER_LIMITS);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void logDrops(String outcome, List<String> dropped) {
    if (dropped.isEmpty()) return;
    dropLog.log(() -> {
      StringBuilder sb = new StringBuilder("api-login (").append(outcome).append(") dropped from the identity server's answer: ");
      for (int i = 0; i < Math.min(LOGGED_DROPS, dropped.size()); i++) sb.append(i == 0 ? "" : "; ").append(dropped.get(i));
      if (dropped.size() > LOGGED_DROPS) sb.append("; and ").append(dropped.size() - LOGGED_DROPS).append(" more");
      return sb.toString();
    });
  }

  private static Response.ResponseBuilder badGateway(String what) {
    return noStore(Problems.problem(502, "Bad Gateway", "the identity server could not complete the " + what));
  }

  static Response.ResponseBuilder noStore(Response.ResponseBuilder r) {
    return r.header(HttpHeaders.CACHE_CONTROL, "no-store");
  }
}
