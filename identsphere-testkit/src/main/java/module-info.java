/**
 * IdentSphere testkit: a fake IdentSphere / OpenID Connect server and a token minter for tests.
 * <b>For testing only</b>: it signs whatever it is told to and keeps every secret in memory.
 */
module io.identsphere.testkit {
  requires transitive io.identsphere.core;
  requires jdk.httpserver;
  requires transitive org.junit.jupiter.api; // IdentSphereExtension is a JUnit 5 extension: its users read JUnit

  exports io.identsphere.testkit;
}
