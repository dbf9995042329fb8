package io.identsphere;

import io.identsphere.internal.json.Json;
import io.identsphere.internal.json.JsonLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads the conformance vectors, which are test resources of this module
 * ({@code src/test/resources/vectors}, see its README for origin and licenses).
 *
 * <p>Fails, and never skips, when a vector is missing: a conformance test that cannot read its
 * data must not pass silently.
 */
public final class Vectors {
  /** Where the vectors sit on the test class path. */
  static final String ROOT = "/vectors/";
  private static final String MARKER = ROOT + "README.md";

  private Vectors() {}

  /** The vectors' folder on disk (the test class path is a directory during the build). */
  public static Path dir() {
    URL marker = Vectors.class.getResource(MARKER);
    if (marker == null) {
      throw new IllegalStateException("conformance vectors not found: " + MARKER
          + " is not on the test class path (expected identsphere-core/src/test/resources/vectors)");
    }
    try {
      return Path.of(marker.toURI()).getParent();
    } catch (URISyntaxException | RuntimeException e) {
      throw new IllegalStateException("conformance vectors must be a directory on the test class path, not "
          + marker, e);
    }
  }

  /** The exact bytes of one vector file, {@code relative} to the vectors' folder. */
  public static byte[] bytes(String relative) {
    Path file = dir().resolve(relative);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("conformance vector missing: " + relative + " (looked in " + dir() + ")");
    }
    try {
      return Files.readAllBytes(file);
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
