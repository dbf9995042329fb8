package io.identsphere.oidc;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Resource indicators (RFC 8707): their check, and the repeated {@code resource} parameter. */
final class Resources {
  private Resources() {}

  /** Checks one indicator: an absolute URI without a fragment (RFC 8707 §2). */
  static URI check(URI resource) {
    Objects.requireNonNull(resource, "resource == null");
    if (!resource.isAbsolute()) throw new IllegalArgumentException("resource must be an absolute URI (RFC 8707 2): " + resource);
    if (resource.getRawFragment() != null) {
      throw new IllegalArgumentException("resource must not have a fragment (RFC 8707 2): " + resource);
    }
    return resource;
  }

  /** Checks every indicator of a per-call list and copies it, without duplicates. */
  static List<URI> checkAll(Collection<URI> resources) {
    Objects.requireNonNull(resources, "resources == null");
    List<URI> out = new ArrayList<>();
    for (URI r : resources) if (!out.contains(check(r))) out.add(r);
    return List.copyOf(out);
  }

  /** Adds {@code resource} to the parameters, once per indicator; nothing for an empty list. */
  static void put(Map<String, Object> params, List<URI> resources) {
    if (resources.isEmpty()) return;
    List<String> values = new ArrayList<>();
    for (URI r : resources) values.add(r.toString());
    params.put("resource", values);
  }
}
