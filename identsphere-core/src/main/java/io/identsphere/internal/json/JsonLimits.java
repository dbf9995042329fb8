package io.identsphere.internal.json;

/**
 * Bounds the parser enforces. Defaults fit tokens and identity-server documents.
 *
 * @param maxBytes largest accepted document, in bytes
 * @param maxDepth deepest accepted nesting of arrays and objects (hard cap {@value #DEPTH_CAP})
 * @param maxStringLength longest accepted string or member name, in UTF-16 chars
 * @param allowDuplicateNames false (the library's choice everywhere) rejects an object that repeats a
 *     member name; true follows the bare RFC 8259 grammar (later value wins) and exists for
 *     conformance testing
 */
public record JsonLimits(int maxBytes, int maxDepth, int maxStringLength, boolean allowDuplicateNames) {
  /** The largest depth any caller may configure, so recursion can never exhaust the stack. */
  public static final int DEPTH_CAP = 512;

  /** 256 KiB, depth 64, strings of 64 Ki chars. */
  public static final JsonLimits DEFAULT = new JsonLimits(256 * 1024, 64, 64 * 1024);

  /**
   * Strict limits that reject duplicate member names.
   *
   * @param maxBytes largest accepted document, in bytes
   * @param maxDepth deepest accepted nesting
   * @param maxStringLength longest accepted string
   */
  public JsonLimits(int maxBytes, int maxDepth, int maxStringLength) {
    this(maxBytes, maxDepth, maxStringLength, false);
  }

  /**
   * Makes limits after checking that each bound is usable.
   *
   * @param maxBytes largest accepted document, in bytes; at least 1
   * @param maxDepth deepest accepted nesting of arrays and objects, from 1 to {@value #DEPTH_CAP}
   * @param maxStringLength longest accepted string or member name, in UTF-16 chars; at least 1
   * @param allowDuplicateNames whether an object may repeat a member name (the later value wins)
   * @throws IllegalArgumentException if a bound is out of its range
   */
  public JsonLimits {
    if (maxBytes < 1) throw new IllegalArgumentException("maxBytes < 1: " + maxBytes);
    if (maxDepth < 1 || maxDepth > DEPTH_CAP) {
      throw new IllegalArgumentException("maxDepth must be in [1, " + DEPTH_CAP + "]: " + maxDepth);
    }
    if (maxStringLength < 1) throw new IllegalArgumentException("maxStringLength < 1: " + maxStringLength);
  }

  /**
   * Returns a copy of these limits that accepts duplicate member names, as the bare RFC 8259
   * grammar does (the later value wins); for conformance testing only.
   *
   * @return these limits, following the bare RFC 8259 grammar for duplicate names
   */
  public JsonLimits grammarOnly() {
    return new JsonLimits(maxBytes, maxDepth, maxStringLength, true);
  }
}
