package io.identsphere.jaxrs.runtimes.cxf;

import io.identsphere.jaxrs.BackChannelLogoutBehaviour;
import io.identsphere.jaxrs.TestRuntime;

/** Back-channel logout on Apache CXF ({@link BackChannelLogoutBehaviour}). */
class CxfBackChannelLogoutTest extends BackChannelLogoutBehaviour {
  @Override
  protected TestRuntime runtime() {
    return CxfRuntime.INSTANCE;
  }
}
