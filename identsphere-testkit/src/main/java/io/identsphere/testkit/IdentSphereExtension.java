package io.identsphere.testkit;

import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one {@link FakeIdentSphere} per test class, {@linkplain FakeIdentSphere#reset()
 * reset} before each test, and injected as a parameter ({@link FakeIdentSphere},
 * {@link TokenMinter} or {@link TestClock}).
 *
 * <pre>{@code
 * @ExtendWith(IdentSphereExtension.class)
 * class OrdersApiTest {
 *   @Test
 *   void adminsSeeAllOrders(FakeIdentSphere idp, TokenMinter minter) { ... }
 * }
 * }</pre>
 *
 * <p>Or, to configure the server: {@code @RegisterExtension static IdentSphereExtension idp =
 * new IdentSphereExtension(FakeIdentSphere.newBuilder().autoLogin(null));}
 *
 * <p>JUnit Jupiter is an optional dependency of the testkit; this class needs it on the class path.
 * Thread-safe for JUnit's use.
 */
public final class IdentSphereExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback,
    ParameterResolver {
  private final FakeIdentSphereBuilder builder;
  private volatile FakeIdentSphere server;

  /** An extension with the default server. */
  public IdentSphereExtension() {
    this(FakeIdentSphere.newBuilder());
  }

  /**
   * Creates the extension with a server of this builder's making.
   *
   * @param builder how to build the server
   */
  public IdentSphereExtension(FakeIdentSphereBuilder builder) {
    this.builder = Objects.requireNonNull(builder, "builder == null");
  }

  /**
   * Returns the running server (between beforeAll and afterAll).
   *
   * @return the running server (between beforeAll and afterAll)
   */
  public FakeIdentSphere server() {
    if (server == null) throw new IllegalStateException("the fake IdentSphere is not running");
    return server;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (server == null) server = builder.build().start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    beforeAll(context);
    server.reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> t = p.getParameter().getType();
    return t == FakeIdentSphere.class || t == TokenMinter.class || t == TestClock.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    FakeIdentSphere s = server();
    Class<?> t = p.getParameter().getType();
    if (t == FakeIdentSphere.class) return s;
    if (t == TokenMinter.class) return s.minter();
    return s.clock();
  }
}
