package io.identsphere.consumer.modular;

// README "Validate a token": the lines between the markers are quoted there, imports included.
// README-BEGIN validate-token
import io.identsphere.IdentSphereUser;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenValidator;

class ReadmeQuickStart {
  static String greet(String authority, String token) {     // authority: "https://id.example.com"
    IdentSphereClient idp = IdentSphereClient.newBuilder(authority)
        .clientId("orders-web").audience("https://api.example.com/orders").build();
    TokenValidator validator = idp.accessTokenValidator();  // discovery + cached remote JWK Set
    try {
      IdentSphereUser user = validator.validate(token).user();
      return (user.hasRole("admin") ? "admin " : "member ") + user.subject();
    } catch (TokenRejectedException e) {
      // e.reason(): EXPIRED, BAD_SIGNATURE, WRONG_AUDIENCE, ...; e.reason().errorCode(): "invalid_token"
      return "rejected: " + e.reason() + " (" + e.reason().errorCode() + ")";
    }
  }
}
// README-END validate-token
