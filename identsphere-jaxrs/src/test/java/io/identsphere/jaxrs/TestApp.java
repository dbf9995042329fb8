package io.identsphere.jaxrs;

import jakarta.ws.rs.core.Application;
import java.util.LinkedHashSet;
import java.util.Set;

/** A runtime-neutral application: resource and provider classes plus instances (the feature, WebLogin). */
public final class TestApp extends Application {
  private final Set<Class<?>> classes = new LinkedHashSet<>();
  private final Set<Object> singletons = new LinkedHashSet<>();

  /**
   * Creates an application from classes and instances.
   *
   * @param parts {@code Class} objects for per-request resources, anything else as an instance
   * @return the application
   */
  public static TestApp of(Object... parts) {
    TestApp app = new TestApp();
    for (Object p : parts) {
      if (p instanceof Class) app.classes.add((Class<?>) p);
      else app.singletons.add(p);
    }
    return app;
  }

  @Override
  public Set<Class<?>> getClasses() {
    return classes;
  }

  @Override
  public Set<Object> getSingletons() {
    return singletons;
  }
}
