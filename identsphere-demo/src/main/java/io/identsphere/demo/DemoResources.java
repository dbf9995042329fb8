package io.identsphere.demo;

import io.identsphere.IdentSphereUser;
import io.identsphere.internal.json.JsonWriter;
import io.identsphere.jaxrs.Authenticated;
import io.identsphere.jaxrs.IdentSphereSecurity;
import io.identsphere.jaxrs.RequireAllRoles;
import io.identsphere.jaxrs.WebLogin;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The demo's resources: a public home page, a profile page, and a small protected API. */
public final class DemoResources {
  private DemoResources() {}

  static Map<String, Object> json(IdentSphereUser u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sub", u.subject());
    m.put("name", u.name().orElse(""));
    m.put("email", u.email().orElse(""));
    m.put("tenant", u.tenantId().orElse(""));
    m.put("roles", u.roles());
    m.put("custom_roles", u.customRoles());
    return m;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /**
   * {@code /} and {@code /profile}: pages for the browser login. They reflect the session (a
   * "Sign in" link only for an anonymous browser, a sign-out form only for a signed-in one), and
   * sign out with the web login's POST form (a link to {@code /auth/logout} only shows a
   * confirmation page).
   */
  @Path("/")
  public static class Pages {
    private final WebLogin login;

    /**
     * Creates the pages.
     *
     * @param login renders the sign-out form
     */
    public Pages(WebLogin login) {
      this.login = login;
    }

    /**
     * Renders the home page.
     *
     * @param sc security context
     * @param headers the request's headers, for the sign-out form's token
     * @return the home page
     */
    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public String home(@Context SecurityContext sc, @Context HttpHeaders headers) {
      Optional<IdentSphereUser> user = IdentSphereSecurity.user(sc);
      String body = user.map(u -> "<p id=\"status\">Signed in as " + escape(u.name().orElse(u.subject())) + "</p>"
              + "<p><a id=\"profile\" href=\"/profile\">Your profile</a></p>" + login.logoutForm(headers))
          .orElse("<p id=\"status\">You are not signed in.</p>"
              + "<p><a id=\"sign-in\" href=\"/auth/login\">Sign in</a> | <a id=\"profile\" href=\"/profile\">Profile</a>"
              + " (asks you to sign in first)</p>");
      return "<!doctype html><html><head><meta charset=\"utf-8\"><title>IdentSphere demo</title></head><body>"
          + "<h1>IdentSphere demo</h1>" + body + "</body></html>";
    }

    /**
     * Renders the signed-in user's profile page; an anonymous browser is sent to the sign-in and
     * back.
     *
     * @param sc security context
     * @param headers the request's headers, for the sign-out form's token
     * @param uri the request's URIs, to come back here after the sign-in
     * @return the profile page, or a redirect to the sign-in
     */
    @GET
    @Path("profile")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Response profile(@Context SecurityContext sc, @Context HttpHeaders headers, @Context UriInfo uri) {
      Optional<IdentSphereUser> user = IdentSphereSecurity.user(sc);
      if (user.isEmpty()) return login.loginRedirect(uri);
      IdentSphereUser u = user.get();
      return Response.ok("<!doctype html><html><head><meta charset=\"utf-8\"><title>Profile</title></head><body>"
          + "<h1 id=\"name\">" + escape(u.name().orElse(u.subject())) + "</h1>"
          + "<p>Email: <span id=\"email\">" + escape(u.email().orElse("")) + "</span></p>"
          + "<p>Tenant: <span id=\"tenant\">" + escape(u.tenantId().orElse("")) + "</span></p>"
          + "<p>Roles: <span id=\"roles\">" + escape(String.join(", ", u.roles())) + "</span></p>"
          + "<p>Custom roles: <span id=\"custom-roles\">" + escape(String.join(", ", u.customRoles())) + "</span></p>"
          + "<p><a id=\"home\" href=\"/\">Home</a></p>" + login.logoutForm(headers) + "</body></html>")
          .header("Cache-Control", "no-store").build();
    }
  }

  /** {@code /api/*}: the protected API. */
  @Path("api")
  @Produces(MediaType.APPLICATION_JSON)
  public static class Api {
    /**
     * Returns the caller.
     *
     * @param sc security context
     * @return the caller
     */
    @GET
    @Path("me")
    @Authenticated
    public String me(@Context SecurityContext sc) {
      return JsonWriter.write(json(IdentSphereSecurity.requireUser(sc)));
    }

    /**
     * Returns admin-only data.
     *
     * @param sc security context
     * @return admin-only data
     */
    @GET
    @Path("admin")
    @RolesAllowed("admin")
    public String admin(@Context SecurityContext sc) {
      return JsonWriter.write(Map.of("secret_report", "all tenants are healthy", "viewer", IdentSphereSecurity.requireUser(sc).subject()));
    }

    /**
     * Returns data for users who are both admin and member.
     *
     * @param sc security context
     * @return data for users who are both admin and member
     */
    @GET
    @Path("reports")
    @RequireAllRoles({"admin", "member"})
    public String reports(@Context SecurityContext sc) {
      return JsonWriter.write(Map.of("reports", java.util.List.of("q3", "q4")));
    }

    /**
     * Returns public status.
     *
     * @return public status
     */
    @GET
    @Path("status")
    @PermitAll
    public String status() {
      return "{\"status\":\"ok\"}";
    }
  }
}
