package io.identsphere.internal.json;

/**
 * The one exception the JSON parser throws for input it refuses: a syntax error, invalid UTF-8,
 * a duplicate member name or a limit that was exceeded. The message names the offset, the line
 * and the column, and what was expected; it never quotes more than a few characters of input.
 */
public final class JsonException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The zero-based byte offset of the error in the input. */
  private final int offset;
  /** The one-based line of the error. */
  private final int line;
  /** The one-based column of the error, counted in bytes. */
  private final int column;

  JsonException(String message, int offset, int line, int column) {
    super(message + " at offset " + offset + " (line " + line + ", column " + column + ")");
    this.offset = offset;
    this.line = line;
    this.column = column;
  }

  /**
   * Returns the zero-based byte offset of the error.
   *
   * @return the zero-based byte offset of the error
   */
  public int offset() {
    return offset;
  }

  /**
   * Returns the one-based line of the error.
   *
   * @return the one-based line of the error
   */
  public int line() {
    return line;
  }

  /**
   * Returns the one-based column (in bytes) of the error.
   *
   * @return the one-based column (in bytes) of the error
   */
  public int column() {
    return column;
  }
}
