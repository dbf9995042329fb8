package io.identsphere.jose;

import io.identsphere.internal.text.Untrusted;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts the keys a published JWK Set parse dropped, by cause, and logs them as one line, so that a
 * set of thousands of bad keys costs one log record per refresh, not one per key.
 *
 * <p>Not thread-safe: one instance per parse.
 */
final class DroppedKeys {
  private final int entries;
  private final int ignored;
  private final int max;
  private int invalid;
  private int weak;
  private int unsupported;
  private int secrets;
  private int duplicates;
  private String first;

  DroppedKeys(int entries, int max) {
    this.entries = entries;
    this.max = max;
    this.ignored = Math.max(0, entries - max);
  }

  void rejected(int index, KeyRejectedException e) {
    switch (e.rejection()) {
      case WEAK: weak++; break;
      case UNSUPPORTED: unsupported++; break;
      default: invalid++; break;
    }
    first(index, e.getMessage()); // built from constants, numbers and escaped member values
  }

  void secret(int index) {
    secrets++;
    first(index, "an HMAC secret in a published JWK Set is never used");
  }

  void duplicate(int index, String kid) {
    duplicates++;
    first(index, "kid " + Untrusted.quote(kid) + " repeats an earlier key's");
  }

  private void first(int index, String reason) {
    if (first == null) first = "key " + index + ": " + reason;
  }

  int total() {
    return invalid + weak + unsupported + secrets + duplicates + ignored;
  }

  /** Logs nothing when nothing was dropped; DEBUG when only unsupported types were; else WARNING. */
  void log(System.Logger log, String source, int usable) {
    int total = total();
    if (total == 0) return;
    Level level = total == unsupported ? Level.DEBUG : Level.WARNING;
    if (!log.isLoggable(level)) return;
    log.log(level, line(source, usable));
  }

  String line(String source, int usable) {
    List<String> causes = new ArrayList<>();
    add(causes, invalid, "invalid");
    add(causes, weak, "weak");
    add(causes, unsupported, "of unsupported type or curve");
    add(causes, secrets, "HMAC secrets");
    add(causes, duplicates, "with a repeated kid");
    add(causes, ignored, "beyond the first " + max);
    StringBuilder sb = new StringBuilder("JWK Set ").append(Untrusted.escape(source)).append(": ")
        .append(count(usable)).append(usable == 1 ? " key" : " keys").append(" usable of ").append(count(entries))
        .append(", ").append(count(total())).append(" dropped (").append(String.join(", ", causes)).append(')');
    if (first != null) sb.append("; first: ").append(first);
    return sb.toString();
  }

  private static void add(List<String> causes, int n, String what) {
    if (n > 0) causes.add(count(n) + " " + what);
  }

  private static String count(int n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
