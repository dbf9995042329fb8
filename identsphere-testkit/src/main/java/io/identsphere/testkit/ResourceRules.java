package io.identsphere.testkit;

import io.identsphere.internal.text.Untrusted;
import io.identsphere.testkit.Exchanges.BadRequest;
import java.util.List;

/**
 * Resource indicators at the fake server (RFC 8707): a requested resource must be one the server
 * registered ({@link FakeIdentSphereBuilder#resources}), and at the token endpoint one the grant
 * covers; the access token's {@code aud} is the requested resources, else the granted ones, else
 * the client's audience.
 */
final class ResourceRules {
  private ResourceRules() {}

  /** The first requested resource the server does not know, or null when all are known. */
  static String unknown(FakeIdentSphere s, List<String> requested) {
    for (String r : requested) if (!s.resources.contains(r)) return r;
    return null;
  }

  /** Throws {@code invalid_target} (RFC 8707 §2) unless every requested resource is registered. */
  static void check(FakeIdentSphere s, List<String> requested) {
    String bad = unknown(s, requested);
    if (bad != null) throw invalidTarget("resource " + Untrusted.quote(bad) + " is not registered with this server");
  }

  /**
   * The access token's {@code aud} at the token endpoint: a string for one value, else a list.
   *
   * @param requested the token request's {@code resource} parameters
   * @param granted the resources of the authorization (or grant); empty for none
   * @param fallback the client's audience, for a request that names no resource
   */
  static Object audience(FakeIdentSphere s, List<String> requested, List<String> granted, String fallback) {
    check(s, requested);
    for (String r : requested) {
      if (!granted.isEmpty() && !granted.contains(r)) {
        throw invalidTarget("resource " + Untrusted.quote(r) + " was not part of the authorization");
      }
    }
    List<String> aud = !requested.isEmpty() ? requested : granted;
    if (aud.isEmpty()) return fallback;
    return aud.size() == 1 ? aud.get(0) : aud;
  }

  static BadRequest invalidTarget(String why) {
    return new BadRequest(400, "invalid_target", why);
  }
}
