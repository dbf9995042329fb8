package io.identsphere.internal.watch;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A JDK Flight Recorder event: a token refused by a validator, with the reason (never the token). */
@Name("io.identsphere.TokenRejected")
@Label("Token Rejected")
@Category({"IdentSphere"})
@Description("A token refused by an IdentSphere validator")
@StackTrace(false)
final class TokenRejectedEvent extends Event {
  @Label("Reason")
  String reason;

  @Label("Message")
  String message;
}
