/**
 * IdentSphere for Java, core: strict JSON, JOSE verification, token validation and the OpenID
 * Connect client. Requires only the JDK.
 */
module io.identsphere.core {
  requires transitive java.net.http; // the client builder accepts a java.net.http.HttpClient
  requires jdk.jfr; // Flight Recorder events for key-set fetches and rejections (part of the JDK)

  exports io.identsphere;
  exports io.identsphere.jose;
  exports io.identsphere.token;
  exports io.identsphere.oidc;
  exports io.identsphere.dpop;
  exports io.identsphere.internal.json to io.identsphere.testkit, io.identsphere.jaxrs;
  exports io.identsphere.internal.jose to io.identsphere.testkit;
  exports io.identsphere.internal.text to io.identsphere.testkit, io.identsphere.jaxrs;
}
