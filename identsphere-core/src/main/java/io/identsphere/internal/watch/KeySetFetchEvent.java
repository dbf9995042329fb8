package io.identsphere.internal.watch;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A JDK Flight Recorder event: one fetch of a JWK Set, its duration and outcome. */
@Name("io.identsphere.KeySetFetch")
@Label("JWK Set Fetch")
@Category({"IdentSphere"})
@Description("One HTTP fetch of an identity server's JWK Set")
@StackTrace(false)
final class KeySetFetchEvent extends Event {
  @Label("URL")
  String url;

  @Label("Succeeded")
  boolean succeeded;

  @Label("Usable Keys")
  int keys;

  @Label("Failure")
  String failure;
}
