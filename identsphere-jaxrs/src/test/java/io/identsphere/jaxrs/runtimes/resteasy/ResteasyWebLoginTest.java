package io.identsphere.jaxrs.runtimes.resteasy;

import io.identsphere.jaxrs.TestRuntime;
import io.identsphere.jaxrs.WebLoginBehaviour;

/** Web login, sign-out, api-login and sessions that last on RESTEasy ({@link WebLoginBehaviour}). */
class ResteasyWebLoginTest extends WebLoginBehaviour {
  @Override
  protected TestRuntime runtime() {
    return ResteasyRuntime.INSTANCE;
  }
}
