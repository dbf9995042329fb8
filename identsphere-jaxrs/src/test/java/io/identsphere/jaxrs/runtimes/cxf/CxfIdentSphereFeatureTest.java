package io.identsphere.jaxrs.runtimes.cxf;

import io.identsphere.jaxrs.FeatureBehaviour;
import io.identsphere.jaxrs.TestRuntime;

/** The feature's access rules, responses and security context on Apache CXF ({@link FeatureBehaviour}). */
class CxfIdentSphereFeatureTest extends FeatureBehaviour {
  @Override
  protected TestRuntime runtime() {
    return CxfRuntime.INSTANCE;
  }
}
