package io.identsphere.jaxrs;

/** Back-channel logout on Jersey ({@link BackChannelLogoutBehaviour}). */
class BackChannelLogoutTest extends BackChannelLogoutBehaviour {
  @Override
  protected TestRuntime runtime() {
    return JerseyRuntime.INSTANCE;
  }
}
