package io.identsphere.jaxrs;

/** What a caller with a bad token learns on Jersey ({@link RejectionBehaviour}). */
class RejectionResponsesTest extends RejectionBehaviour {
  @Override
  protected TestRuntime runtime() {
    return JerseyRuntime.INSTANCE;
  }
}
