/**
 * IdentSphere testkit: a fake IdentSphere / OpenID Connect server and a token minter for tests.
 * <b>For testing only</b>: it signs whatever it is told to and keeps every secret in memory.
 */
module io.identsphere.testkit {
  requires transitive io.identsphere.core;
  requires jdk.httpserver;
  requires static transitive org.junit.jupiter.api; // optional: only IdentSphereExtension uses it

  exports io.identsphere.testkit;
}
