package io.identsphere.jaxrs;

import io.identsphere.token.TokenRejectedException;

/**
 * The {@code error_description} a caller gets for a rejected token: what is wrong in general, never
 * the expected issuer, audience or any other detail of the configuration (those go to a DEBUG log
 * line). Stateless.
 */
final class Rejections {
  private Rejections() {}

  /**
   * Returns the fixed, public description of a rejection.
   *
   * @param reason why the token was rejected
   * @return a short printable-ASCII sentence
   */
  static String describe(TokenRejectedException.Reason reason) {
    switch (reason) {
      case MALFORMED: return "the token is malformed";
      case TOO_LARGE: return "the token is too large";
      case UNSUPPORTED_ALGORITHM: return "the token's signing algorithm is not accepted";
      case UNSUPPORTED_CRITICAL_HEADER: return "the token has an unsupported critical header";
      case UNKNOWN_KEY: return "the token was signed by an unknown key";
      case BAD_SIGNATURE: return "the token's signature is invalid";
      case EXPIRED: return "the token has expired";
      case NOT_YET_VALID: return "the token is not valid yet";
      case ISSUED_IN_FUTURE: return "the token was issued in the future";
      case WRONG_ISSUER: return "the token was issued by an unexpected issuer";
      case WRONG_AUDIENCE: return "the token was issued for another audience";
      case MISSING_CLAIM: return "the token lacks a required claim";
      case INVALID_CLAIM: return "the token has an invalid claim";
      case WRONG_TYPE: return "the token has an unexpected type";
      case ID_TOKEN_MISMATCH: return "the token does not match the sign-in it belongs to";
      case INACTIVE: return "the token is no longer active";
      case NOT_AN_ACCESS_TOKEN: return "the token is not an access token";
      case REVOKED: return "the token's session has ended";
      case REPLAYED: return "the token was already used";
      default:
        // A reason added to core later gets a safe general text until it is named here.
        return "the token is invalid";
    }
  }
}
