/**
 * DPoP, sender-constrained tokens (<a href="https://www.rfc-editor.org/rfc/rfc9449">RFC 9449</a>):
 * a client's proof-of-possession key and its proofs ({@link io.identsphere.dpop.DpopKey},
 * {@link io.identsphere.dpop.DpopProof}), and the resource server's check of a proof and of the
 * token it is bound to ({@link io.identsphere.dpop.DpopVerifier}). Arguments are never null unless
 * a method says so.
 */
package io.identsphere.dpop;
