package io.identsphere.jaxrs;

/** The feature's access rules, responses and security context on Jersey ({@link FeatureBehaviour}). */
class IdentSphereFeatureTest extends FeatureBehaviour {
  @Override
  protected TestRuntime runtime() {
    return JerseyRuntime.INSTANCE;
  }
}
