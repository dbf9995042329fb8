/**
 * Not shipped: an application module that uses all three shipped modules from the module path.
 * The testkit is required here only because this module exists to test it.
 */
module io.identsphere.consumer.modular {
  requires io.identsphere.core;
  requires io.identsphere.jaxrs;
  requires io.identsphere.testkit;

  exports io.identsphere.consumer.modular;
}
