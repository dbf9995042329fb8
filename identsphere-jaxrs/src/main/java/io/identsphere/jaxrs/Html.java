package io.identsphere.jaxrs;

/** HTML text escaping for the few pages the adapter renders. Stateless. */
final class Html {
  private Html() {}

  /** Escapes text for an HTML text node or a double-quoted attribute. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }
}
