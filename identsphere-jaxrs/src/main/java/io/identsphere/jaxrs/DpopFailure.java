package io.identsphere.jaxrs;

/** Why a request with the {@code DPoP} scheme has no user. Immutable. */
final class DpopFailure {
  static final String PROPERTY = DpopFailure.class.getName();

  final int status;
  final String error;
  final String description;
  /** The {@code DPoP-Nonce} to send, or null. */
  final String nonce;

  DpopFailure(int status, String error, String description, String nonce) {
    this.status = status;
    this.error = error;
    this.description = description;
    this.nonce = nonce;
  }
}
