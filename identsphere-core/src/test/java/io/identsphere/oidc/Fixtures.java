package io.identsphere.oidc;

import io.identsphere.internal.json.JsonWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Discovery documents and a settable clock for the client tests on a {@link LocalServer}. */
final class Fixtures {
  static final String SECRET = "s3cret-value-0123456789-abcdefghij";

  private Fixtures() {}

  /** A clock that moves only when told. */
  static final class MutableClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T12:00:00Z"));

    void advance(Duration d) {
      now.updateAndGet(i -> i.plus(d));
    }

    @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now.get(); }
  }

  /** Every endpoint the client uses, on the server, with the given members replaced (null removes). */
  static Map<String, Object> discovery(LocalServer server, Map<String, Object> overrides) {
    String b = server.base();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("issuer", b);
    d.put("authorization_endpoint", b + "/authorize");
    d.put("token_endpoint", b + "/token");
    d.put("jwks_uri", b + "/jwks");
    d.put("userinfo_endpoint", b + "/userinfo");
    d.put("end_session_endpoint", b + "/logout");
    d.put("revocation_endpoint", b + "/revoke");
    d.put("introspection_endpoint", b + "/introspect");
    d.put("pushed_authorization_request_endpoint", b + "/par");
    overrides.forEach((k, v) -> {
      if (v == null) d.remove(k); else d.put(k, v);
    });
    return d;
  }

  static void serveDiscovery(LocalServer server, Map<String, Object> overrides) {
    server.json("/.well-known/openid-configuration", JsonWriter.write(discovery(server, overrides)));
  }

  static void answer(LocalServer server, String path, int status, String json) {
    server.handlers.put(path, ex -> LocalServer.send(ex, status, "application/json", json, Map.of()));
  }
}
