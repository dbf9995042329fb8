package io.identsphere.oidc;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The URLs where a server's metadata is looked for, in order:
 *
 * <ol>
 *   <li>OIDC Discovery §4: {@code {authority}/.well-known/openid-configuration}, the path appended
 *       ({@code https://id.example/realms/x/.well-known/openid-configuration});
 *   <li>RFC 8414 §3: {@code https://host/.well-known/oauth-authorization-server{path}}, the
 *       well-known segment inserted between host and path;
 *   <li>the inserted OIDC form that RFC 8414 §5 describes for compatibility:
 *       {@code https://host/.well-known/openid-configuration{path}}.
 * </ol>
 *
 * <p>Without a path, the first and third are the same URL and only two are tried. The next URL is
 * tried only after a 404 from the previous one; an outage, a timeout or any other status stops the
 * search, so a broken server is reported as broken and not hidden behind a fallback.
 */
final class WellKnown {
  private WellKnown() {}

  static List<URI> locations(String authority) {
    URI a = URI.create(authority);
    String path = a.getRawPath() == null ? "" : a.getRawPath();
    if (path.endsWith("/")) path = path.substring(0, path.length() - 1);
    String origin = a.getScheme() + "://" + a.getRawAuthority();
    List<URI> out = new ArrayList<>(3);
    add(out, URI.create(origin + path + "/.well-known/openid-configuration"));
    add(out, URI.create(origin + "/.well-known/oauth-authorization-server" + path));
    add(out, URI.create(origin + "/.well-known/openid-configuration" + path));
    return List.copyOf(out);
  }

  private static void add(List<URI> out, URI u) {
    if (!out.contains(u)) out.add(u);
  }
}
