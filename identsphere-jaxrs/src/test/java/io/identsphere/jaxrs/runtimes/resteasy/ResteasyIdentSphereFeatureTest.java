package io.identsphere.jaxrs.runtimes.resteasy;

import io.identsphere.jaxrs.FeatureBehaviour;
import io.identsphere.jaxrs.TestRuntime;

/** The feature's access rules, responses and security context on RESTEasy ({@link FeatureBehaviour}). */
class ResteasyIdentSphereFeatureTest extends FeatureBehaviour {
  @Override
  protected TestRuntime runtime() {
    return ResteasyRuntime.INSTANCE;
  }
}
