package io.identsphere.jaxrs.runtimes.cxf;

import io.identsphere.jaxrs.ApiLoginRelayBehaviour;
import io.identsphere.jaxrs.TestRuntime;

/** The api-login relay against a hostile upstream on Apache CXF ({@link ApiLoginRelayBehaviour}). */
class CxfApiLoginRelayTest extends ApiLoginRelayBehaviour {
  @Override
  protected TestRuntime runtime() {
    return CxfRuntime.INSTANCE;
  }
}
