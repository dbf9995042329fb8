package io.identsphere;

import io.identsphere.internal.json.Json;
import io.identsphere.internal.json.JsonLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Locates {@code ../shared/vectors}; fails (never skips) when the vectors are missing. */
public final class Vectors {
  private Vectors() {}

  public static Path dir() {
    String prop = System.getProperty("identsphere.vectors");
    Path p = prop != null ? Path.of(prop) : Path.of("..", "..", "shared", "vectors");
    if (!Files.isDirectory(p.resolve("wycheproof"))) {
      throw new IllegalStateException("conformance vectors not found at " + p.toAbsolutePath()
          + ": check out the project beside ../shared or set -Didentsphere.vectors=<dir>");
    }
    return p;
  }

  public static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(dir().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> json(String relative) {
    return (Map<String, Object>) Json.parse(bytes(relative), new JsonLimits(32 << 20, 64, 1 << 20));
  }

  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  public static byte[] hex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    return out;
  }
}
