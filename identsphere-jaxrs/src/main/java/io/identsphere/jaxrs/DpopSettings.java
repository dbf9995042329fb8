package io.identsphere.jaxrs;

import io.identsphere.dpop.DpopVerifier;
import io.identsphere.jose.JwsAlgorithm;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The adapter's DPoP options: global mode, verifier, the external base URI. Immutable. */
final class DpopSettings {
  final DpopMode mode;
  final DpopVerifier verifier;
  final URI externalBase;
  /** The {@code algs} of the DPoP challenge, e.g. {@code ES256 PS256 RS256}. */
  final String algs;

  DpopSettings(DpopMode mode, DpopVerifier verifier, URI externalBase) {
    this.mode = mode;
    this.verifier = verifier;
    this.externalBase = externalBase;
    List<String> names = new ArrayList<>();
    for (JwsAlgorithm a : verifier.algorithms()) names.add(a.name());
    names.sort(null);
    this.algs = String.join(" ", names);
  }

  /** The resource method's mode: its {@link Dpop}, else its class's, else the global one. */
  DpopMode modeOf(Class<?> resource, Method method) {
    Dpop d = method.getAnnotation(Dpop.class);
    if (d == null && resource != null) d = resource.getAnnotation(Dpop.class);
    if (d == null) d = method.getDeclaringClass().getAnnotation(Dpop.class);
    return d == null ? mode : d.value();
  }

  /**
   * The URI the proof's {@code htu} must name: the request URI as the runtime sees it, or, with an
   * external base URI, that base followed by the request's path below the application's base.
   * {@code X-Forwarded-*} headers are never read.
   */
  URI requestUri(UriInfo info) {
    URI request = info.getRequestUri();
    if (externalBase == null) return request;
    String basePath = info.getBaseUri().getRawPath();
    String path = request.getRawPath() == null ? "" : request.getRawPath();
    String below = path.startsWith(basePath) ? path.substring(basePath.length()) : path;
    String ext = externalBase.toString();
    if (!ext.endsWith("/")) ext += "/";
    if (below.startsWith("/")) below = below.substring(1);
    return URI.create(ext + below);
  }
}
