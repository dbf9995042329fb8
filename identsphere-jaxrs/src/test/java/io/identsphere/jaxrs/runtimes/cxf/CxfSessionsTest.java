package io.identsphere.jaxrs.runtimes.cxf;

import io.identsphere.jaxrs.SessionBehaviour;
import io.identsphere.jaxrs.TestRuntime;

/** Sessions that last on Apache CXF ({@link SessionBehaviour}). */
class CxfSessionsTest extends SessionBehaviour {
  @Override
  protected TestRuntime runtime() {
    return CxfRuntime.INSTANCE;
  }
}
