package io.identsphere.oidc;

import io.identsphere.internal.text.Untrusted;
import java.util.Locale;
import java.util.Map;

/**
 * The environment variables of {@link IdentSphereClient#fromEnvironment()} (the full OAuth client)
 * and {@link IdentSphereClient#validateOnlyFromEnvironment()} (token validation and the
 * {@code /v1} API, from {@code IDENTSPHERE_URL} alone). Stateless.
 */
final class EnvironmentSettings {
  static final String URL = "IDENTSPHERE_URL";
  static final String CLIENT_ID = "IDENTSPHERE_CLIENT_ID";
  static final String CLIENT_SECRET = "IDENTSPHERE_CLIENT_SECRET";
  static final String AUDIENCE = "IDENTSPHERE_AUDIENCE";
  /** {@code true} allows plain HTTP to a non-loopback identity server (a sidecar on a private network). */
  static final String ALLOW_HTTP = "IDENTSPHERE_ALLOW_INSECURE_HTTP";

  private EnvironmentSettings() {}

  /** The full client: URL and client id required; secret, audience and the HTTP switch optional. */
  static IdentSphereClientBuilder client(Map<String, String> env) {
    String url = required(env, URL);
    IdentSphereClientBuilder b = common(env, url).clientId(required(env, CLIENT_ID));
    String secret = env.get(CLIENT_SECRET);
    if (secret != null && !secret.isEmpty()) b.clientSecret(secret);
    String aud = env.get(AUDIENCE);
    if (aud != null && !aud.isEmpty()) b.audience(aud);
    return b;
  }

  /** Validate-only: URL required; audience checked only when set; client id and secret ignored. */
  static IdentSphereClientBuilder validateOnly(Map<String, String> env) {
    IdentSphereClientBuilder b = common(env, required(env, URL)).validateOnly();
    String aud = env.get(AUDIENCE);
    if (aud != null && !aud.isBlank()) b.audience(aud.trim()); else b.ignoreAudience();
    return b;
  }

  private static IdentSphereClientBuilder common(Map<String, String> env, String url) {
    IdentSphereClientBuilder b = IdentSphereClient.newBuilder(url.trim());
    if (allowHttp(env)) b.allowInsecureHttp();
    return b;
  }

  private static String required(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) throw new IllegalStateException(name + " is not set");
    return v;
  }

  /** {@code true} or {@code false} (any case), absent or empty for false; anything else is refused. */
  static boolean allowHttp(Map<String, String> env) {
    String v = env.get(ALLOW_HTTP);
    if (v == null || v.isBlank()) return false;
    String t = v.trim().toLowerCase(Locale.ROOT);
    if (t.equals("true")) return true;
    if (t.equals("false")) return false;
    throw new IllegalStateException(ALLOW_HTTP + " must be true or false, not " + Untrusted.quote(t));
  }
}
