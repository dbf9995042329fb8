package io.identsphere.jaxrs.runtimes.resteasy;

import io.identsphere.jaxrs.ApiLoginRelayBehaviour;
import io.identsphere.jaxrs.TestRuntime;

/** The api-login relay against a hostile upstream on RESTEasy ({@link ApiLoginRelayBehaviour}). */
class ResteasyApiLoginRelayTest extends ApiLoginRelayBehaviour {
  @Override
  protected TestRuntime runtime() {
    return ResteasyRuntime.INSTANCE;
  }
}
