package io.identsphere.token;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.json.Json;
import io.identsphere.internal.json.JsonException;
import io.identsphere.internal.json.JsonLimits;
import io.identsphere.internal.text.Untrusted;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TokenRejectedException.Reason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A JWS compact serialization split and decoded, not yet verified. */
final class CompactJws {
  private static final JsonLimits LIMITS = new JsonLimits(64 * 1024, 16, 16 * 1024);
  private static final int MAX_CACHED_HEADER = 512;
  private static final Header[] HEADER_CACHE = new Header[64];

  final byte[] ascii;
  final int signingInputLength;
  final Map<String, Object> header;
  final JwsAlgorithm algorithm;
  final String keyId;
  final String type;
  final byte[] payload;
  final byte[] signature;
  /** The key that verified the signature; set by {@link SignatureCheck} on the verifying thread. */
  io.identsphere.jose.Jwk key;

  private CompactJws(byte[] ascii, int signingInputLength, Map<String, Object> header, JwsAlgorithm algorithm,
      String keyId, String type, byte[] payload, byte[] signature) {
    this.ascii = ascii;
    this.signingInputLength = signingInputLength;
    this.header = header;
    this.algorithm = algorithm;
    this.keyId = keyId;
    this.type = type;
    this.payload = payload;
    this.signature = signature;
  }

  static CompactJws parse(String token) {
    int dot1 = token.indexOf('.');
    int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
    if (dot1 < 0 || dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) {
      int parts = 1;
      for (int i = 0; i < token.length(); i++) if (token.charAt(i) == '.') parts++;
      throw new TokenRejectedException(Reason.MALFORMED,
          "a JWS compact serialization has 3 parts separated by '.', found " + parts);
    }
    if (dot1 == 0) throw new TokenRejectedException(Reason.MALFORMED, "the JWS header part is empty");
    if (dot2 == token.length() - 1) throw new TokenRejectedException(Reason.MALFORMED, "the JWS signature part is empty");
    byte[] ascii = token.getBytes(StandardCharsets.ISO_8859_1);
    Header h = header(ascii, dot1);
    byte[] payload = decode(ascii, dot1 + 1, dot2, "payload");
    byte[] signature = decode(ascii, dot2 + 1, ascii.length, "signature");
    return new CompactJws(ascii, dot2, h.members, h.algorithm, h.keyId, h.type, payload, signature);
  }

  /**
   * The parsed header, from a small cache keyed by the exact encoded header: a server signs every
   * token with the same few headers, so each is decoded and parsed once rather than per token.
   * Bounded (64 slots of at most 512 characters), safe under races (entries are immutable and
   * matched on every byte) and holds only headers that parsed and passed the checks below, so it
   * can only return what parsing would have returned.
   */
  private static Header header(byte[] ascii, int dot1) {
    int slot = headerSlot(ascii, dot1);
    Header cached = HEADER_CACHE[slot];
    if (cached != null && cached.encoded.length == dot1 && Arrays.equals(cached.encoded, 0, dot1, ascii, 0, dot1)) {
      return cached;
    }
    Header h = parseHeader(ascii, dot1);
    if (dot1 <= MAX_CACHED_HEADER) HEADER_CACHE[slot] = h;
    return h;
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** A cache slot from every byte of the encoded header, read eight at a time. */
  private static int headerSlot(byte[] ascii, int len) {
    long h = len;
    int i = 0;
    for (; len - i >= 8; i += 8) h = h * 0x9E3779B97F4A7C15L + (long) LONGS.get(ascii, i);
    for (; i < len; i++) h = h * 31 + ascii[i];
    h *= 0x9E3779B97F4A7C15L;
    return (int) (h >>> 58) & (HEADER_CACHE.length - 1); // the top 6 bits: 64 slots
  }

  private static Header parseHeader(byte[] ascii, int dot1) {
    byte[] headerJson = decode(ascii, 0, dot1, "header");
    Map<String, Object> header = object(headerJson, "header");
    Object alg = header.get("alg");
    if (!(alg instanceof String)) {
      throw new TokenRejectedException(Reason.MALFORMED, "the JWS header has no string \"alg\"");
    }
    JwsAlgorithm algorithm = JwsAlgorithm.fromName((String) alg).orElseThrow(() -> new TokenRejectedException(
        Reason.UNSUPPORTED_ALGORITHM, "alg \"" + shorten((String) alg) + "\" is not supported"
            + ("none".equals(alg) ? " (unsecured tokens are never accepted)" : "")));
    // A member that is present is never "absent", whatever its value: "crit": null, "kid": null
    // or "kid": 7 are malformed, not missing (RFC 7515 §4.1: each is a string or an array of them).
    if (header.containsKey("crit")) {
      Object crit = header.get("crit");
      if (!(crit instanceof List) || ((List<?>) crit).isEmpty()) {
        throw new TokenRejectedException(Reason.MALFORMED, "the JWS \"crit\" header must be a non-empty array of"
            + " strings, found " + Json.typeName(crit));
      }
      for (Object name : (List<?>) crit) {
        if (!(name instanceof String)) {
          throw new TokenRejectedException(Reason.MALFORMED, "the JWS \"crit\" header must be a non-empty array of"
              + " strings, found an array holding " + Json.typeName(name));
        }
      }
      throw new TokenRejectedException(Reason.UNSUPPORTED_CRITICAL_HEADER, "critical header parameter \""
          + shorten((String) ((List<?>) crit).get(0)) + "\" is not understood");
    }
    String kid = optionalString(header, "kid");
    String typ = optionalString(header, "typ");
    return new Header(Arrays.copyOf(ascii, dot1), header, algorithm, kid, typ);
  }

  /** A header member that is absent (null) or a string; present with any other value is malformed. */
  private static String optionalString(Map<String, Object> header, String name) {
    Object v = header.get(name);
    if (v instanceof String) return (String) v;
    if (v == null && !header.containsKey(name)) return null;
    throw new TokenRejectedException(Reason.MALFORMED, "the JWS \"" + name + "\" header must be a string, found "
        + Json.typeName(v));
  }

  /** An immutable parsed header; shared between threads through the cache. */
  private static final class Header {
    final byte[] encoded; // never modified
    final Map<String, Object> members;
    final JwsAlgorithm algorithm;
    final String keyId;
    final String type;

    Header(byte[] encoded, Map<String, Object> members, JwsAlgorithm algorithm, String keyId, String type) {
      this.encoded = encoded;
      this.members = members;
      this.algorithm = algorithm;
      this.keyId = keyId;
      this.type = type;
    }
  }

  Map<String, Object> claims() {
    return object(payload, "claims");
  }

  private static byte[] decode(byte[] ascii, int from, int to, String part) {
    try {
      return Base64Url.decode(ascii, from, to);
    } catch (IllegalArgumentException e) {
      throw new TokenRejectedException(Reason.MALFORMED, "the JWS " + part + " is not base64url: " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(byte[] json, String part) {
    Object v;
    try {
      v = Json.parse(json, LIMITS);
    } catch (JsonException e) {
      throw new TokenRejectedException(Reason.MALFORMED, "the JWS " + part + " is not valid JSON: " + e.getMessage());
    }
    if (!(v instanceof Map)) {
      throw new TokenRejectedException(Reason.MALFORMED, "the JWS " + part + " must be a JSON object, found "
          + Json.typeName(v));
    }
    return (Map<String, Object>) v;
  }

  /** Token text (a kid, typ, issuer or audience) made safe and short for a message. */
  static String shorten(String s) {
    return Untrusted.escape(s, 32);
  }
}
