package io.identsphere.jaxrs.runtimes.resteasy;

import io.identsphere.jaxrs.SessionBehaviour;
import io.identsphere.jaxrs.TestRuntime;

/** Sessions that last on RESTEasy ({@link SessionBehaviour}). */
class ResteasySessionsTest extends SessionBehaviour {
  @Override
  protected TestRuntime runtime() {
    return ResteasyRuntime.INSTANCE;
  }
}
