package io.identsphere.jaxrs;

import io.identsphere.IdentSphereUser;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

/** Resources covering every access rule, used by the Jersey tests. */
final class Resources {
  private Resources() {}

  static String describe(SecurityContext sc) {
    return IdentSphereSecurity.user(sc).map(IdentSphereUser::subject).orElse("anonymous");
  }

  @Path("open")
  @Produces("text/plain")
  public static class Open {
    @GET
    public String get(@Context SecurityContext sc) {
      return describe(sc);
    }
  }

  @Path("me")
  @Produces("text/plain")
  @Authenticated
  public static class Me {
    @GET
    public String get(@Context SecurityContext sc) {
      IdentSphereUser u = IdentSphereSecurity.requireUser(sc);
      return u.subject() + " scheme=" + sc.getAuthenticationScheme() + " admin=" + sc.isUserInRole("ADMIN")
          + " secure=" + sc.isSecure();
    }

    @GET
    @Path("any-role")
    @Authenticated(requireAnyRole = true)
    public String anyRole(@Context SecurityContext sc) {
      return describe(sc);
    }
  }

  @Path("admin")
  @Produces("text/plain")
  @RolesAllowed("admin")
  public static class Admin {
    @GET
    public String get(@Context SecurityContext sc) {
      return "admin:" + describe(sc);
    }

    @GET
    @Path("public")
    @PermitAll
    public String pub(@Context SecurityContext sc) {
      return "public:" + describe(sc);
    }

    @GET
    @Path("deny")
    @DenyAll
    public String deny() {
      return "never";
    }

    @GET
    @Path("members")
    @RolesAllowed("member")
    public String members(@Context SecurityContext sc) {
      return "members:" + describe(sc);
    }

    @GET
    @Path("both")
    @RequireAllRoles({"admin", "member"})
    public String both(@Context SecurityContext sc) {
      return "both:" + describe(sc);
    }

    @GET
    @Path("billing")
    @RolesAllowed("billing-approver")
    public String billing(@Context SecurityContext sc) {
      return "billing:" + describe(sc);
    }

    @GET
    @Path("billing-strict")
    @RequireAllRoles(value = "billing-approver", includeCustomRoles = false)
    public String billingStrict(@Context SecurityContext sc) {
      return "strict:" + describe(sc);
    }
  }

  @Path("orders")
  @Produces("text/plain")
  @RequireScopes("orders:read")
  public static class Orders {
    @GET
    public String get(@Context SecurityContext sc) {
      return "orders:" + describe(sc);
    }
  }

  @Path("closed")
  @Produces("text/plain")
  @DenyAll
  public static class Closed {
    @GET
    public String get() {
      return "never";
    }

    @GET
    @Path("health")
    @PermitAll
    public String health() {
      return "ok";
    }
  }

  /** A page that sends an anonymous browser to the sign-in and back ({@link WebLogin#loginRedirect}). */
  @Path("page")
  @Produces("text/plain")
  public static class LoginRequired {
    private final WebLogin login;

    public LoginRequired(WebLogin login) {
      this.login = login;
    }

    @GET
    @PermitAll
    public Response get(@Context SecurityContext sc, @Context UriInfo uri) {
      if (IdentSphereSecurity.user(sc).isEmpty()) return login.loginRedirect(uri);
      return Response.ok("page:" + describe(sc) + " tab=" + uri.getQueryParameters().getFirst("tab")).build();
    }
  }

  @Path("conflict")
  public static class Conflict {
    @GET
    @PermitAll
    @RolesAllowed("admin")
    public String get() {
      return "never";
    }
  }
}
