package io.identsphere.jaxrs.runtimes.cxf;

import io.identsphere.jaxrs.TestRuntime;
import io.identsphere.jaxrs.WebLoginBehaviour;

/** Web login, sign-out, api-login and sessions that last on Apache CXF ({@link WebLoginBehaviour}). */
class CxfWebLoginTest extends WebLoginBehaviour {
  @Override
  protected TestRuntime runtime() {
    return CxfRuntime.INSTANCE;
  }
}
