package io.identsphere.consumer.classpath;

import io.identsphere.jaxrs.WebLogin;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** The README's "Signing out from a page" snippet, compiled by the build. */
class ReadmeSignOut {
  @Path("/")
  public static class Pages {
    private final WebLogin login;
    public Pages(WebLogin login) { this.login = login; }

    @GET @Produces(MediaType.TEXT_HTML)
    public String home(@Context HttpHeaders headers) {
      return "<!doctype html><html><body>..." + login.logoutForm(headers) + "</body></html>";
    }
  }
  // resourceConfig.register(login).register(new Pages(login));
}
