package io.identsphere.internal.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 parser over UTF-8 bytes: hand-written recursive descent with one byte of
 * lookahead and a depth bound, so hostile nesting fails with {@link JsonException} rather than a
 * {@link StackOverflowError}.
 *
 * <p>Values map to plain JDK types: {@code Map<String,Object>} (insertion-ordered, unmodifiable),
 * {@code List<Object>} (unmodifiable), {@code String}, {@code Boolean}, {@code null}, and numbers as
 * {@code Long} when an integer fits, {@code BigInteger} for larger integers and {@code BigDecimal}
 * for fractions and exponents. Decisions beyond the RFC: duplicate member names, a byte order
 * mark, invalid or overlong UTF-8, escaped lone surrogates, numbers longer than 1000 characters
 * and numbers whose exponent exceeds &plusmn;1000, as written or as the value's own (RFC 8259 §9 allows limits on range
 * and precision) are all rejected. Every step is linear in the input: no number, string or
 * object costs more than its length.
 *
 * <p>Stateless and thread-safe.
 */
public final class Json {
  /**
   * The longest number accepted, in characters. Together with {@link #MAX_EXPONENT} it bounds
   * every number's precision and magnitude (within 10^&plusmn;2000), so that converting any parsed
   * number later ({@code BigDecimal.setScale}, {@code toBigInteger}, {@code longValue}) costs at
   * most a few thousand digits of work: a twelve-character {@code 1e-99999999} can no longer make
   * a conversion materialise 10^99999999.
   */
  static final int MAX_NUMBER_LENGTH = 1000;
  /**
   * The largest exponent magnitude accepted, both as written and as the value's own exponent in
   * scientific notation ({@code 1e1000} and {@code 1e-1000} pass, {@code 0.01e-999} does not).
   */
  static final int MAX_EXPONENT = 1000;
  private static final Map<String, Object> EMPTY_OBJECT = Collections.emptyMap();

  /**
   * Member names that tokens, JWKs and identity-server documents use, returned as shared constants
   * instead of new strings: no allocation and a precomputed hash for the object's lookups. An
   * open-addressing table (linear probing) keyed by a name's bytes read as two little-endian longs,
   * so a lookup is a multiply and two compares. Names longer than 16 bytes are not interned.
   */
  private static final int KNOWN_SLOTS = 256;
  private static final String[] KNOWN_NAMES = new String[KNOWN_SLOTS];
  private static final long[] KNOWN_LOW = new long[KNOWN_SLOTS];
  private static final long[] KNOWN_HIGH = new long[KNOWN_SLOTS];
  private static final int MAX_KNOWN_LENGTH = 16;

  static {
    String[] names = {"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "typ", "alg", "kid", "cty", "crit", "azp",
        "nonce", "at_hash", "c_hash", "s_hash", "sid", "auth_time", "acr", "amr", "email", "email_verified", "name",
        "given_name", "family_name", "picture", "locale", "org", "tenant_id", "roles", "custom_roles", "scope", "scp",
        "groups", "realm_access", "resource_access", "permissions", "client_id", "active", "token_type", "username",
        "kty", "use", "key_ops", "n", "e", "crv", "x", "y", "k", "x5c", "x5t", "keys", "issuer", "token_endpoint",
        "jwks_uri", "access_token", "refresh_token", "id_token", "expires_in", "error", "id", "user"};
    for (String n : names) {
      byte[] b = n.getBytes(StandardCharsets.US_ASCII);
      if (b.length > MAX_KNOWN_LENGTH) throw new AssertionError(n);
      long low = 0;
      long high = 0;
      for (int i = 0; i < b.length; i++) {
        if (i < 8) low |= (long) b[i] << (8 * i);
        else high |= (long) b[i] << (8 * (i - 8));
      }
      int slot = nameSlot(low, high);
      while (KNOWN_NAMES[slot] != null) slot = (slot + 1) & (KNOWN_SLOTS - 1);
      KNOWN_NAMES[slot] = n;
      KNOWN_LOW[slot] = low;
      KNOWN_HIGH[slot] = high;
    }
  }

  /** A slot for a name of at most 16 bytes, zero-padded into two longs. */
  private static int nameSlot(long low, long high) {
    return (int) (((low ^ high * 0x9E3779B97F4A7C15L) * 0xC2B2AE3D27D4EB4FL) >>> 56); // top 8 bits: 256 slots
  }

  /**
   * The shared constant for a name given as two zero-padded longs, else null. Names hold no zero
   * byte (the parser rejects control characters first), so the padded longs identify the name.
   */
  private static String knownName(long low, long high) {
    for (int slot = nameSlot(low, high); ; slot = (slot + 1) & (KNOWN_SLOTS - 1)) {
      String k = KNOWN_NAMES[slot];
      if (k == null || (KNOWN_LOW[slot] == low && KNOWN_HIGH[slot] == high)) return k;
    }
  }

  /** Eight bytes of a byte array at once, for scanning strings (SWAR). */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  /**
   * Nonzero when any of the eight bytes in {@code x} ends a plain string run: a quote, a backslash,
   * a control character (below 0x20) or a non-ASCII byte (0x80 and above). Exact as a yes/no answer:
   * a borrow between bytes only starts at a byte that matches.
   */
  static long special(long x) {
    long quote = x ^ 0x2222222222222222L;
    long backslash = x ^ 0x5C5C5C5C5C5C5C5CL;
    return ((quote - ONES) & ~quote | (backslash - ONES) & ~backslash | (x - 0x20 * ONES) & ~x | x) & HIGH_BITS;
  }

  private Json() {}

  /**
   * A string of {@code len} ASCII bytes (the caller has checked every byte is below 0x80). The
   * {@code hibyte} constructor is deprecated because it cannot decode, which is exactly right for
   * ASCII; unlike the {@code Charset} constructor it is small enough for the JIT to inline.
   */
  @SuppressWarnings("deprecation")
  private static String ascii(byte[] in, int from, int len) {
    return new String(in, 0, from, len);
  }

  /**
   * Parses a whole document under the {@linkplain JsonLimits#DEFAULT default limits}.
   *
   * @param json the document as UTF-8 bytes
   * @return the parsed value
   * @throws JsonException if the document is not strict JSON or exceeds the default limits
   */
  public static Object parse(byte[] json) {
    return parse(json, JsonLimits.DEFAULT);
  }

  /**
   * Parses a whole document under the given limits.
   *
   * @param json the document as UTF-8 bytes
   * @param limits the bounds to enforce
   * @return the parsed value
   * @throws JsonException if the document is not strict JSON or exceeds {@code limits}
   */
  public static Object parse(byte[] json, JsonLimits limits) {
    return new Parser(json, 0, json.length, limits).document();
  }

  /**
   * Parses a slice of a byte array.
   *
   * @param json the bytes
   * @param from first byte (inclusive)
   * @param to last byte (exclusive)
   * @param limits the bounds to enforce
   * @return the parsed value
   * @throws JsonException if the slice is not strict JSON or exceeds {@code limits}
   */
  public static Object parse(byte[] json, int from, int to, JsonLimits limits) {
    return new Parser(json, from, to, limits).document();
  }

  /**
   * Parses a document given as a string, under the {@linkplain JsonLimits#DEFAULT default limits}.
   *
   * @param json the document as a string; unpaired surrogates are rejected
   * @return the parsed value
   * @throws JsonException if the document is not strict JSON or exceeds the default limits
   */
  public static Object parse(String json) {
    return parse(json, JsonLimits.DEFAULT);
  }

  /**
   * Parses a document given as a string, under the given limits. The string is encoded as UTF-8
   * first; a string longer than {@code limits.maxBytes()} chars is refused before encoding.
   *
   * @param json the document as a string; unpaired surrogates are rejected
   * @param limits the bounds to enforce
   * @return the parsed value
   * @throws JsonException if the document is not strict JSON or exceeds {@code limits}
   */
  public static Object parse(String json, JsonLimits limits) {
    if (json.length() > limits.maxBytes()) {
      throw new JsonException("document longer than " + limits.maxBytes() + " bytes", 0, 1, 1);
    }
    byte[] bytes;
    try {
      ByteBuffer buf = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(json));
      bytes = new byte[buf.remaining()];
      buf.get(bytes);
    } catch (CharacterCodingException e) {
      throw new JsonException("unpaired surrogate in input string", 0, 1, 1);
    }
    return parse(bytes, limits);
  }

  /**
   * Parses a document that must be a JSON object.
   *
   * @param json the document as UTF-8 bytes
   * @param limits the bounds to enforce
   * @return the object's members
   * @throws JsonException if the document is not strict JSON, exceeds {@code limits} or is not an
   *     object
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(byte[] json, JsonLimits limits) {
    Object v = parse(json, limits);
    if (!(v instanceof Map)) {
      throw new JsonException("expected a JSON object but found " + typeName(v), 0, 1, 1);
    }
    return (Map<String, Object>) v;
  }

  /**
   * Parses a document that must be a JSON object, given as a string, under the
   * {@linkplain JsonLimits#DEFAULT default limits}.
   *
   * @param json a document that must be a JSON object
   * @return the object's members
   * @throws JsonException if the document is not strict JSON, exceeds the default limits or is not
   *     an object
   */
  public static Map<String, Object> parseObject(String json) {
    return parseObject(json.getBytes(StandardCharsets.UTF_8), JsonLimits.DEFAULT);
  }

  /**
   * Whether an object from this parser may have a member whose value is JSON {@code null}. When
   * it returns false, {@code object.get(name) == null} means the member is absent, and no second
   * lookup ({@code containsKey}) is needed to tell {@code "nbf": null} from no {@code nbf}.
   *
   * @param object a parsed object, or any other map (for which the answer is always true)
   * @return false only for a parsed object known to hold no {@code null}
   */
  public static boolean mayHoldNull(Map<?, ?> object) {
    return !(object instanceof JsonObject) || ((JsonObject) object).holdsNull();
  }

  /**
   * Names the JSON type of a parsed value, with its article ("an object", "a string"), for error
   * messages that must not quote the value itself.
   *
   * @param v a parsed value
   * @return a short JSON type name for messages
   */
  public static String typeName(Object v) {
    if (v == null) return "null";
    if (v instanceof Map) return "an object";
    if (v instanceof List) return "an array";
    if (v instanceof String) return "a string";
    if (v instanceof Boolean) return "a boolean";
    return "a number";
  }

  private static final class Parser {
    private final byte[] in;
    private final int start;
    private final int end;
    private final JsonLimits limits;
    private int pos;
    private int depth;

    Parser(byte[] in, int from, int to, JsonLimits limits) {
      this.in = in;
      this.start = from;
      this.end = to;
      this.pos = from;
      this.limits = limits;
    }

    Object document() {
      if (end - start > limits.maxBytes()) {
        throw error("document longer than " + limits.maxBytes() + " bytes", start);
      }
      skipWhitespace();
      Object v = value();
      skipWhitespace();
      if (pos < end) throw error("expected end of input but found " + describe(pos), pos);
      return v;
    }

    private Object value() {
      if (pos >= end) throw error("expected a value but reached end of input", pos);
      switch (in[pos]) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        case 't':
          return literal("true", Boolean.TRUE);
        case 'f':
          return literal("false", Boolean.FALSE);
        case 'n':
          return literal("null", null);
        default:
          byte c = in[pos];
          if (c == '-' || (c >= '0' && c <= '9')) return number();
          throw error("expected a value but found " + describe(pos), pos);
      }
    }

    /**
     * An object. The member loop keeps its position in a local variable and reads the common shapes
     * inline: a short ASCII name, a plain ASCII string, a small integer. Anything else (escapes,
     * non-ASCII, long names, fractions, nested values, errors) sets {@link #pos} and takes the
     * general method, which also words every error exactly as before.
     */
    private Map<String, Object> object() {
      enter();
      final byte[] in = this.in;
      final int end = this.end;
      int p = skip(in, pos + 1, end); // past '{'
      if (p < end && in[p] == '}') {
        pos = p + 1;
        depth--;
        return EMPTY_OBJECT;
      }
      int capacity = depth == 1 ? 16 : 8; // a token's claims or a document; a JWK or a nested claim
      String[] names = new String[capacity];
      int[] hashes = new int[capacity];
      Object[] values = new Object[capacity];
      int n = 0;
      long seen = 0; // one bit per name hash (mod 64): most new names skip the duplicate scan
      boolean nulls = false;
      Map<String, Object> large = null; // past JsonObject.MAX_MEMBERS members: a hash table
      final int maxString = limits.maxStringLength();
      while (true) {
        p = skip(in, p, end);
        if (p >= end || in[p] != '"') {
          pos = p;
          throw error("expected a member name ('\"') but found " + describe(p), p);
        }
        int nameAt = p;
        String name = null;
        int from = p + 1;
        if (end - from >= 16) { // the name's first 16 bytes as two longs; see memberName()
          long low = (long) LONGS.get(in, from);
          long found = special(low);
          long high = 0;
          int len = -1;
          if (found != 0) {
            len = Long.numberOfTrailingZeros(found) >>> 3;
            low &= ~(-1L << (len << 3));
          } else {
            high = (long) LONGS.get(in, from + 8);
            found = special(high);
            if (found != 0) {
              int tail = Long.numberOfTrailingZeros(found) >>> 3;
              high &= ~(-1L << (tail << 3));
              len = 8 + tail;
            }
          }
          if (len >= 0 && in[from + len] == '"' && len <= maxString) {
            String known = knownName(low, high);
            name = known != null ? known : ascii(in, from, len);
            p = from + len + 1;
          }
        }
        if (name == null) {
          pos = p;
          name = string();
          p = pos;
        }
        p = skip(in, p, end);
        if (p >= end || in[p] != ':') {
          pos = p;
          throw error("expected ':' but found " + describe(p), p);
        }
        p = skip(in, p + 1, end);
        Object v = null;
        boolean done = false;
        byte first = p < end ? in[p] : 0;
        if (first == '"') {
          String plain = plainString(in, p, end, maxString);
          if (plain != null) {
            v = plain;
            p += plain.length() + 2;
            done = true;
          }
        } else if (first >= '1' && first <= '9') { // an integer of at most 18 digits, no fraction
          long x = first - '0';
          int i = p + 1;
          while (i < end && i - p < 18) {
            int d = in[i] - '0';
            if (d < 0 || d > 9) break;
            x = x * 10 + d;
            i++;
          }
          if (i >= end || (in[i] != '.' && in[i] != 'e' && in[i] != 'E' && (in[i] < '0' || in[i] > '9'))) {
            v = x;
            p = i;
            done = true;
          }
        } else if (first == 't' && end - p >= 4 && in[p + 1] == 'r' && in[p + 2] == 'u' && in[p + 3] == 'e') {
          v = Boolean.TRUE;
          p += 4;
          done = true;
        }
        if (!done) {
          pos = p;
          v = value();
          p = pos;
          if (v == null) nulls = true;
        }
        if (large == null) {
          int hash = name.hashCode();
          long bit = 1L << hash; // the shift uses the low 6 bits
          int at = (seen & bit) == 0 ? -1 : JsonObject.indexOf(names, hashes, n, name, hash);
          seen |= bit;
          if (at >= 0) {
            if (!limits.allowDuplicateNames()) throw duplicate(name, nameAt);
            values[at] = v; // the grammar-only mode: the later value wins
          } else if (n < JsonObject.MAX_MEMBERS) {
            if (n == names.length) {
              names = Arrays.copyOf(names, n * 2);
              hashes = Arrays.copyOf(hashes, n * 2);
              values = Arrays.copyOf(values, n * 2);
            }
            names[n] = name;
            hashes[n] = hash;
            values[n++] = v;
          } else {
            large = new LinkedHashMap<>(n * 4);
            for (int i = 0; i < n; i++) large.put(names[i], values[i]);
            large.put(name, v);
          }
        } else {
          int before = large.size();
          large.put(name, v);
          if (large.size() == before && !limits.allowDuplicateNames()) throw duplicate(name, nameAt);
        }
        p = skip(in, p, end);
        int c = p < end ? in[p] : -1;
        if (c == ',') {
          p++;
        } else if (c == '}') {
          pos = p + 1;
          depth--;
          return large == null ? new JsonObject(names, hashes, values, n, nulls, seen) : Collections.unmodifiableMap(large);
        } else {
          pos = p;
          throw error("expected ',' or '}' but found " + describe(p), p);
        }
      }
    }

    /**
     * The string opening at {@code in[p]} when it is plain printable ASCII (no escape) of at most
     * {@code max} characters, else null; the caller then takes {@link #string()}. A plain string
     * ends at {@code p + result.length() + 2}.
     */
    private static String plainString(byte[] in, int p, int end, int max) {
      int i = p + 1;
      while (end - i >= 8) { // eight bytes at a time; the first special byte is the lowest flag
        long found = special((long) LONGS.get(in, i));
        if (found != 0) {
          i += Long.numberOfTrailingZeros(found) >>> 3;
          break;
        }
        i += 8;
      }
      while (i < end && in[i] != '"' && in[i] != '\\' && in[i] >= 0x20) i++;
      return i < end && in[i] == '"' && i - p - 1 <= max ? ascii(in, p + 1, i - p - 1) : null;
    }

    /** The first position at or after {@code p} that is not JSON whitespace. */
    private static int skip(byte[] in, int p, int end) {
      while (p < end) {
        byte b = in[p];
        if (b > ' ' || (b != ' ' && b != '\n' && b != '\r' && b != '\t')) return p;
        p++;
      }
      return p;
    }

    private JsonException duplicate(String name, int at) {
      return error("duplicate member name \"" + abbreviate(name) + "\"", at);
    }

    private List<Object> array() {
      enter();
      pos++; // '['
      skipWhitespace();
      if (peek() == ']') {
        pos++;
        depth--;
        return Collections.emptyList();
      }
      Object[] items = new Object[4];
      int n = 0;
      int max = limits.maxStringLength();
      while (true) {
        skipWhitespace();
        // Plain strings directly (roles, scopes, audiences): value() is recursive, so C2 keeps it out of line.
        String plain = pos < end && in[pos] == '"' ? plainString(in, pos, end, max) : null;
        Object v;
        if (plain != null) {
          v = plain;
          pos += plain.length() + 2;
        } else {
          v = value();
        }
        if (n == items.length) items = Arrays.copyOf(items, n * 2);
        items[n++] = v;
        skipWhitespace();
        int c = peek();
        if (c == ',') {
          pos++;
        } else if (c == ']') {
          pos++;
          depth--;
          return new JsonArray(items, n);
        } else {
          throw error("expected ',' or ']' but found " + describe(pos), pos);
        }
      }
    }

    private void enter() {
      if (++depth > limits.maxDepth()) {
        throw error("nesting deeper than " + limits.maxDepth() + " levels", pos);
      }
    }

    private Object literal(String word, Object value) {
      int n = word.length();
      if (end - pos < n) throw error("expected '" + word + "' but reached end of input", pos);
      for (int i = 0; i < n; i++) {
        if (in[pos + i] != word.charAt(i)) throw error("expected '" + word + "'", pos);
      }
      pos += n;
      return value;
    }

    private Object number() {
      // Fast path: a plain integer of at most 18 digits, the shape of every NumericDate.
      int i = pos;
      boolean negative = in[i] == '-';
      if (negative) i++;
      int digitsStart = i;
      long v = 0;
      while (i < end && i - digitsStart < 18) {
        int d = in[i] - '0';
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
        i++;
      }
      int n = i - digitsStart;
      if (n > 0 && (n == 1 || in[digitsStart] != '0')
          && (i >= end || (in[i] != '.' && in[i] != 'e' && in[i] != 'E' && (in[i] < '0' || in[i] > '9')))) {
        pos = i;
        return negative ? -v : v;
      }
      return fullNumber();
    }

    private Object fullNumber() {
      int begin = pos;
      boolean integer = true;
      if (in[pos] == '-') pos++;
      if (pos >= end) throw error("expected a digit but reached end of input", pos);
      if (in[pos] == '0') {
        pos++;
      } else if (in[pos] >= '1' && in[pos] <= '9') {
        digits();
      } else {
        throw error("expected a digit but found " + describe(pos), pos);
      }
      if (pos < end && in[pos] == '.') {
        integer = false;
        pos++;
        if (pos >= end || !isDigit(in[pos])) throw error("expected a digit after '.'", pos);
        digits();
      }
      long exponent = 0; // saturates past MAX_EXPONENT; only its magnitude matters
      if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
        integer = false;
        pos++;
        if (pos < end && (in[pos] == '+' || in[pos] == '-')) pos++;
        if (pos >= end || !isDigit(in[pos])) throw error("expected a digit in the exponent", pos);
        while (pos < end && isDigit(in[pos])) {
          exponent = Math.min(exponent * 10 + (in[pos] - '0'), MAX_EXPONENT + 1);
          pos++;
        }
      }
      int len = pos - begin;
      if (len > MAX_NUMBER_LENGTH) {
        throw error("number longer than " + MAX_NUMBER_LENGTH + " characters", begin);
      }
      if (exponent > MAX_EXPONENT) {
        throw error("number exponent larger than " + MAX_EXPONENT + " in magnitude", begin);
      }
      if (integer && len <= 18) {
        long v = 0;
        int i = begin;
        boolean negative = in[i] == '-';
        if (negative) i++;
        for (; i < pos; i++) v = v * 10 + (in[i] - '0');
        return negative ? -v : v;
      }
      String text = new String(in, begin, len, StandardCharsets.ISO_8859_1);
      if (integer) {
        BigInteger big = new BigInteger(text);
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
      }
      BigDecimal value;
      try {
        value = new BigDecimal(text);
      } catch (NumberFormatException e) {
        throw error("number out of range", begin);
      }
      // The value's own exponent (as scientific notation writes it) is bounded too, not only the one
      // written: 0.0000000001e-995 is 1E-1005, which a writer would print and this parser refuse.
      // Cheap here: the length and the written exponent are already bounded.
      long adjusted = (long) value.precision() - value.scale() - 1;
      if (Math.abs(adjusted) > MAX_EXPONENT) {
        throw error("number magnitude beyond 1e" + MAX_EXPONENT + " or below 1e-" + MAX_EXPONENT, begin);
      }
      return value;
    }

    private void digits() {
      while (pos < end && isDigit(in[pos])) pos++;
    }

    private static boolean isDigit(byte b) {
      return b >= '0' && b <= '9';
    }

    /**
     * A member name. The fast path reads the first 16 bytes as two longs, finds the closing quote
     * with {@link #special}, and returns a known constant or a new string; anything else (an escape,
     * non-ASCII, a longer name, a name near the end of the input) takes {@link #string()}.
     */
    private String memberName() {
      int from = pos + 1;
      if (end - from >= 16) {
        long low = (long) LONGS.get(in, from);
        long found = special(low);
        long high = 0;
        int len;
        if (found != 0) {
          len = Long.numberOfTrailingZeros(found) >>> 3;
          low &= ~(-1L << (len << 3));
        } else {
          high = (long) LONGS.get(in, from + 8);
          found = special(high);
          if (found == 0) return string();
          int tail = Long.numberOfTrailingZeros(found) >>> 3;
          high &= ~(-1L << (tail << 3));
          len = 8 + tail;
        }
        if (in[from + len] == '"' && len <= limits.maxStringLength()) {
          String known = knownName(low, high);
          pos = from + len + 1;
          return known != null ? known : ascii(in, from, len);
        }
      }
      return string();
    }

    private String string() {
      int open = pos;
      pos++; // opening quote
      int i = pos;
      int max = limits.maxStringLength();
      // Fast path: printable ASCII without escapes, eight bytes at a time; the first special byte
      // is where the lowest flag is. Then byte by byte: that byte, or the last few of the input.
      while (end - i >= 8) {
        long found = special((long) LONGS.get(in, i));
        if (found != 0) {
          i += Long.numberOfTrailingZeros(found) >>> 3;
          break;
        }
        i += 8;
      }
      while (i < end) {
        byte b = in[i];
        if (b == '"') {
          if (i - pos > max) throw error("string longer than " + max + " characters", open);
          String s = ascii(in, pos, i - pos);
          pos = i + 1;
          return s;
        }
        if (b == '\\' || b < 0x20) break; // escape, control char or non-ASCII (negative)
        i++;
      }
      return slowString(open, i, max);
    }

    /** Escapes, non-ASCII or an unterminated string: kept apart so the fast path stays inlinable. */
    private String slowString(int open, int i, int max) {
      StringBuilder sb = new StringBuilder(Math.max(16, i - pos + 16));
      sb.append(new String(in, pos, i - pos, StandardCharsets.ISO_8859_1));
      pos = i;
      while (true) {
        if (sb.length() > max) throw error("string longer than " + max + " characters", open);
        if (pos >= end) throw error("unterminated string", open);
        int b = in[pos] & 0xFF;
        if (b == '"') {
          pos++;
          return sb.toString();
        } else if (b == '\\') {
          escape(sb);
        } else if (b < 0x20) {
          throw error("unescaped control character U+" + hex4(b) + " in string", pos);
        } else if (b < 0x80) {
          sb.append((char) b);
          pos++;
        } else {
          utf8(sb, b);
        }
      }
    }

    private void escape(StringBuilder sb) {
      int at = pos;
      pos++;
      if (pos >= end) throw error("unterminated escape sequence", at);
      byte c = in[pos++];
      switch (c) {
        case '"': sb.append('"'); break;
        case '\\': sb.append('\\'); break;
        case '/': sb.append('/'); break;
        case 'b': sb.append('\b'); break;
        case 'f': sb.append('\f'); break;
        case 'n': sb.append('\n'); break;
        case 'r': sb.append('\r'); break;
        case 't': sb.append('\t'); break;
        case 'u':
          char ch = hexEscape(at);
          if (Character.isHighSurrogate(ch)) {
            if (end - pos >= 6 && in[pos] == '\\' && in[pos + 1] == 'u') {
              int lowAt = pos;
              pos += 2;
              char low = hexEscape(lowAt);
              if (!Character.isLowSurrogate(low)) {
                throw error("high surrogate escape not followed by a low surrogate", at);
              }
              sb.append(ch).append(low);
            } else {
              throw error("high surrogate escape not followed by a low surrogate", at);
            }
          } else if (Character.isLowSurrogate(ch)) {
            throw error("lone low surrogate escape", at);
          } else {
            sb.append(ch);
          }
          break;
        default:
          throw error("invalid escape sequence '\\" + printable(c) + "'", at);
      }
    }

    private char hexEscape(int at) {
      if (end - pos < 4) throw error("incomplete \\u escape", at);
      int v = 0;
      for (int k = 0; k < 4; k++) {
        int d = Character.digit(in[pos + k], 16);
        if (d < 0) throw error("invalid hex digit in \\u escape", pos + k);
        v = (v << 4) | d;
      }
      pos += 4;
      return (char) v;
    }

    /** Decodes one strict UTF-8 sequence (RFC 3629 table 3-7) starting with lead byte {@code b}. */
    private void utf8(StringBuilder sb, int b) {
      int at = pos;
      int need;
      int lo = 0x80;
      int hi = 0xBF;
      int cp;
      if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
        cp = b & 0x1F;
      } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        cp = b & 0x0F;
        if (b == 0xE0) lo = 0xA0;
        if (b == 0xED) hi = 0x9F;
      } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        cp = b & 0x07;
        if (b == 0xF0) lo = 0x90;
        if (b == 0xF4) hi = 0x8F;
      } else {
        throw error("invalid UTF-8 lead byte 0x" + Integer.toHexString(b), at);
      }
      pos++;
      for (int k = 0; k < need; k++) {
        if (pos >= end) throw error("truncated UTF-8 sequence", at);
        int c = in[pos] & 0xFF;
        int min = k == 0 ? lo : 0x80;
        int max = k == 0 ? hi : 0xBF;
        if (c < min || c > max) throw error("invalid UTF-8 sequence", at);
        cp = (cp << 6) | (c & 0x3F);
        pos++;
      }
      sb.appendCodePoint(cp);
    }

    private int peek() {
      return pos < end ? in[pos] : -1;
    }

    private void skipWhitespace() {
      while (pos < end) {
        byte b = in[pos];
        if (b > ' ') return; // the common case: compact JSON has no whitespace
        if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
          pos++;
        } else {
          return;
        }
      }
    }

    private String describe(int at) {
      if (at >= end) return "end of input";
      int b = in[at] & 0xFF;
      return b >= 0x20 && b < 0x7F ? "'" + (char) b + "'" : "byte 0x" + Integer.toHexString(b);
    }

    private static String printable(byte c) {
      int b = c & 0xFF;
      return b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : "0x" + Integer.toHexString(b);
    }

    private static String hex4(int v) {
      return String.format("%04X", v);
    }

    private static String abbreviate(String s) {
      return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private JsonException error(String message, int at) {
      int line = 1;
      int lineStart = start;
      int stop = Math.min(at, end);
      for (int i = start; i < stop; i++) {
        if (in[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      return new JsonException(message, at - start, line, at - lineStart + 1);
    }
  }
}
