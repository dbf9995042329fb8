package io.identsphere.jaxrs;

import io.identsphere.IdentSphereException;
import io.identsphere.oidc.IdentSphereClient;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.Map;

/**
 * {@code /auth/logout}: {@code GET} shows a form, {@code POST} signs out unless the request comes
 * from another site. The form's token is an HMAC of the browser's session cookie, for requests
 * that carry neither {@code Origin} nor {@code Sec-Fetch-Site}. Immutable and thread-safe.
 */
final class SignOut {
  private static final String[] SESSION_COOKIES = {"identsphere_idt", "identsphere_rt", "identsphere_at"};
  private static final int MAX_FORM = 4096;
  private static final System.Logger LOG = System.getLogger(WebLogin.class.getName());

  private final IdentSphereClient client;
  private final CrossSiteGuard guard;
  private final Sealer sealer;
  private final Cookies cookies;
  private final URI afterLogout;
  private final String action;

  SignOut(IdentSphereClient client, CrossSiteGuard guard, Sealer sealer, Cookies cookies, URI callback, URI afterLogout) {
    this.client = client;
    this.guard = guard;
    this.sealer = sealer;
    this.cookies = cookies;
    this.afterLogout = afterLogout;
    this.action = callback.resolve("logout").getRawPath();
  }

  Response page(HttpHeaders headers) {
    String page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign out</title></head><body>"
        + "<p>Sign out of this site?</p>" + form(headers.getCookies()) + "</body></html>";
    return ApiLogin.noStore(Response.ok(page, MediaType.TEXT_HTML_TYPE.withCharset("utf-8")))
        .header("X-Frame-Options", "DENY").header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
        .build();
  }

  Response handle(UriInfo uri, HttpHeaders headers, InputStream body) {
    StringBuilder why = new StringBuilder();
    CrossSiteGuard.Verdict verdict = guard.judge(headers, uri, why);
    if (verdict == CrossSiteGuard.Verdict.UNKNOWN) {
      byte[] form = Bodies.is(headers.getMediaType(), "application", "x-www-form-urlencoded")
          ? Bodies.readAtMost(body, MAX_FORM) : null;
      String token = form == null ? null : Bodies.formField(form, WebLogin.CSRF_FIELD);
      if (!Sealer.matches(token, token(headers.getCookies()))) {
        why.append("no Origin or Sec-Fetch-Site header, and the form's ").append(WebLogin.CSRF_FIELD)
            .append(token == null ? " field is missing" : " token does not match");
        verdict = CrossSiteGuard.Verdict.CROSS_SITE;
      }
    }
    if (verdict == CrossSiteGuard.Verdict.CROSS_SITE) {
      LOG.log(Level.DEBUG, "logout refused: " + why);
      return ApiLogin.noStore(Problems.problem(403, "Forbidden", "sign out from a form on this site")).build();
    }
    Cookie idt = headers.getCookies().get("identsphere_idt");
    URI target;
    try {
      target = client.endSessionUri(idt == null ? null : idt.getValue(), afterLogout, null);
    } catch (IdentSphereException e) {
      target = afterLogout;
    }
    Response.ResponseBuilder r = ApiLogin.noStore(Response.seeOther(target));
    for (String name : Cookies.SESSION) r.header(HttpHeaders.SET_COOKIE, cookies.clear(name, "/", uri.getRequestUri()));
    return r.build();
  }

  /** The token bound to the first session cookie present (or to none). */
  String token(Map<String, Cookie> jar) {
    String session = "";
    for (String name : SESSION_COOKIES) {
      Cookie c = jar.get(name);
      if (c != null && !c.getValue().isEmpty()) {
        session = name + "=" + c.getValue();
        break;
      }
    }
    return sealer.derive("logout", session);
  }

  String form(Map<String, Cookie> jar) {
    return "<form class=\"identsphere-logout\" method=\"post\" action=\"" + Html.escape(action) + "\"><input type=\"hidden\" name=\""
        + WebLogin.CSRF_FIELD + "\" value=\"" + token(jar) + "\"><button type=\"submit\">Sign out</button></form>";
  }
}
