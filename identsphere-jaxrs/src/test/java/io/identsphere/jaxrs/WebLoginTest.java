package io.identsphere.jaxrs;

/** Web login, sign-out, api-login and sessions that last on Jersey ({@link WebLoginBehaviour}). */
class WebLoginTest extends WebLoginBehaviour {
  @Override
  protected TestRuntime runtime() {
    return JerseyRuntime.INSTANCE;
  }
}
