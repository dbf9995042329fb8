package io.identsphere.jaxrs;

/** Sessions that last on Jersey ({@link SessionBehaviour}). */
class SessionsTest extends SessionBehaviour {
  @Override
  protected TestRuntime runtime() {
    return JerseyRuntime.INSTANCE;
  }
}
