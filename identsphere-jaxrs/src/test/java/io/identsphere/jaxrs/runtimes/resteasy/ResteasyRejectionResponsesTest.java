package io.identsphere.jaxrs.runtimes.resteasy;

import io.identsphere.jaxrs.RejectionBehaviour;
import io.identsphere.jaxrs.TestRuntime;

/** What a caller with a bad token learns on RESTEasy ({@link RejectionBehaviour}). */
class ResteasyRejectionResponsesTest extends RejectionBehaviour {
  @Override
  protected TestRuntime runtime() {
    return ResteasyRuntime.INSTANCE;
  }
}
