/**
 * A fake IdentSphere server ({@link io.identsphere.testkit.FakeIdentSphere}), a token minter, an
 * advanceable clock and a JUnit 5 extension. <b>For testing only.</b> Every parameter is non-null
 * unless documented otherwise.
 */
package io.identsphere.testkit;
