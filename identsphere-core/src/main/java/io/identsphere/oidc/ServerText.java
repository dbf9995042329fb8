package io.identsphere.oidc;

import io.identsphere.internal.text.Untrusted;

/**
 * Keeps exception messages of the OIDC client printable and bounded, whoever built them: the
 * {@link Untrusted} escape with a bound of {@link #MAX_MESSAGE} characters. It is idempotent, so
 * parts already quoted with {@link Untrusted#quote} are not escaped twice.
 *
 * <p>Stateless and thread-safe.
 */
final class ServerText {
  /** The most characters of a message that are kept. */
  static final int MAX_MESSAGE = 2000;

  private ServerText() {}

  static String message(String text) {
    return text == null ? null : Untrusted.escape(text, MAX_MESSAGE);
  }
}
