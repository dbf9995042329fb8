package io.identsphere.internal.jose;

import java.util.Base64;

/**
 * Strict base64url (RFC 4648 §5) as RFC 7515 §2 requires it: no padding, no whitespace, no
 * characters outside the URL-safe alphabet, and no non-zero unused trailing bits (so every byte
 * string has exactly one accepted encoding). The JDK decoder accepts padding and non-canonical
 * tails, which is why this class exists. Stateless and thread-safe.
 */
public final class Base64Url {
  private static final byte[] DECODE = new byte[128];
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  static {
    java.util.Arrays.fill(DECODE, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) DECODE[alphabet.charAt(i)] = (byte) i;
  }

  private Base64Url() {}

  /**
   * Encodes bytes as base64url without padding (RFC 7515 §2).
   *
   * @param data bytes to encode
   * @return unpadded base64url text
   */
  public static String encode(byte[] data) {
    return ENCODER.encodeToString(data);
  }

  /**
   * Decodes strict base64url: no padding, no whitespace, canonical tail bits.
   *
   * @param text the encoded text
   * @return the decoded bytes
   * @throws IllegalArgumentException if the text is not canonical unpadded base64url
   */
  public static byte[] decode(CharSequence text) {
    return decode(text, 0, text.length());
  }

  /**
   * Decodes {@code text[from, to)}.
   *
   * @param text the encoded text
   * @param from first char (inclusive)
   * @param to last char (exclusive)
   * @return the decoded bytes
   * @throws IllegalArgumentException if the range is not canonical unpadded base64url
   */
  public static byte[] decode(CharSequence text, int from, int to) {
    return strictDecode(text, from, to);
  }

  /**
   * Decodes {@code ascii[from, to)}, the fast path for tokens: the strictness checks the JDK
   * decoder lacks (length, padding, non-zero trailing bits) are made here, the bulk is decoded by
   * {@link Base64.Decoder} (an intrinsic on recent x86 and ARM), and any character the JDK rejects
   * is reported by the strict decoder, which names its index.
   *
   * @param ascii the encoded text as bytes (ISO-8859-1)
   * @param from first byte (inclusive)
   * @param to last byte (exclusive)
   * @return the decoded bytes
   * @throws IllegalArgumentException if the range is not canonical unpadded base64url
   */
  public static byte[] decode(byte[] ascii, int from, int to) {
    int len = to - from;
    int rem = len & 3;
    if (rem == 1) throw new IllegalArgumentException("base64url text has an impossible length " + len);
    if (len == 0) return new byte[0];
    int last = ascii[to - 1];
    int d = last >= 0 ? DECODE[last] : -1;
    // '=' is not in the alphabet, so padding fails here; the JDK decoder rejects '=' anywhere else.
    if (d < 0 || (rem == 2 && (d & 0x0F) != 0) || (rem == 3 && (d & 0x03) != 0)) {
      return strictDecode(new AsciiView(ascii), from, to);
    }
    try {
      java.nio.ByteBuffer out = DECODER.decode(java.nio.ByteBuffer.wrap(ascii, from, len));
      byte[] array = out.array();
      return out.remaining() == array.length && out.arrayOffset() == 0 ? array
          : java.util.Arrays.copyOfRange(array, out.arrayOffset() + out.position(), out.arrayOffset() + out.limit());
    } catch (IllegalArgumentException e) {
      return strictDecode(new AsciiView(ascii), from, to); // throws with the offending index
    }
  }

  private static byte[] strictDecode(CharSequence text, int from, int to) {
    int len = to - from;
    int rem = len & 3;
    if (rem == 1) throw new IllegalArgumentException("base64url text has an impossible length " + len);
    byte[] out = new byte[(len / 4) * 3 + (rem == 0 ? 0 : rem - 1)];
    int o = 0;
    int i = from;
    int fullEnd = from + (len - rem);
    while (i < fullEnd) {
      int v = (digit(text, i) << 18) | (digit(text, i + 1) << 12) | (digit(text, i + 2) << 6) | digit(text, i + 3);
      out[o++] = (byte) (v >> 16);
      out[o++] = (byte) (v >> 8);
      out[o++] = (byte) v;
      i += 4;
    }
    if (rem == 2) {
      int a = digit(text, i);
      int b = digit(text, i + 1);
      if ((b & 0x0F) != 0) throw new IllegalArgumentException("base64url text has non-zero trailing bits");
      out[o] = (byte) ((a << 2) | (b >> 4));
    } else if (rem == 3) {
      int a = digit(text, i);
      int b = digit(text, i + 1);
      int c = digit(text, i + 2);
      if ((c & 0x03) != 0) throw new IllegalArgumentException("base64url text has non-zero trailing bits");
      out[o++] = (byte) ((a << 2) | (b >> 4));
      out[o] = (byte) ((b << 4) | (c >> 2));
    }
    return out;
  }

  private static int digit(CharSequence text, int i) {
    char c = text.charAt(i);
    int d = c < 128 ? DECODE[c] : -1;
    if (d < 0) {
      throw new IllegalArgumentException("base64url text has an invalid character at index " + i);
    }
    return d;
  }

  /** Bytes seen as chars, for error reporting on the byte path. */
  private static final class AsciiView implements CharSequence {
    private final byte[] b;

    AsciiView(byte[] b) {
      this.b = b;
    }

    @Override
    public int length() {
      return b.length;
    }

    @Override
    public char charAt(int i) {
      return (char) (b[i] & 0xFF);
    }

    @Override
    public CharSequence subSequence(int from, int to) {
      return new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
      return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }
}
