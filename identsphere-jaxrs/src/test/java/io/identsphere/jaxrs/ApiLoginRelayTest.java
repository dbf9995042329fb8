package io.identsphere.jaxrs;

/** The api-login relay against a hostile upstream on Jersey ({@link ApiLoginRelayBehaviour}). */
class ApiLoginRelayTest extends ApiLoginRelayBehaviour {
  @Override
  protected TestRuntime runtime() {
    return JerseyRuntime.INSTANCE;
  }
}
