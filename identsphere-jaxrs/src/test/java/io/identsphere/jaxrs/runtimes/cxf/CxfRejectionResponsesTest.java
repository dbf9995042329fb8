package io.identsphere.jaxrs.runtimes.cxf;

import io.identsphere.jaxrs.RejectionBehaviour;
import io.identsphere.jaxrs.TestRuntime;

/** What a caller with a bad token learns on Apache CXF ({@link RejectionBehaviour}). */
class CxfRejectionResponsesTest extends RejectionBehaviour {
  @Override
  protected TestRuntime runtime() {
    return CxfRuntime.INSTANCE;
  }
}
