package io.identsphere.jaxrs.runtimes.resteasy;

import io.identsphere.jaxrs.BackChannelLogoutBehaviour;
import io.identsphere.jaxrs.TestRuntime;

/** Back-channel logout on RESTEasy ({@link BackChannelLogoutBehaviour}). */
class ResteasyBackChannelLogoutTest extends BackChannelLogoutBehaviour {
  @Override
  protected TestRuntime runtime() {
    return ResteasyRuntime.INSTANCE;
  }
}
