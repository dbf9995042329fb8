package io.identsphere.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** JSONTestSuite (nst/JSONTestSuite test_parsing) against the strict parser. */
class JsonTestSuiteTest {
  /**
   * The i_ files this parser accepts; every other i_ file is rejected with JsonException. Recorded
   * so that a change of behaviour shows up: big integers and numbers with an exponent of at most
   * 1000 in magnitude are kept exactly (BigDecimal / BigInteger); exponents beyond that
   * ({@code -1e+9999}, {@code 1.5e+9999}, {@code 123123e100000}, {@code 123e-10000000} and the
   * huge exponent of {@code i_number_huge_exp}) are refused, so that no later conversion can be
   * made to materialise 10^9999 or more (RFC 8259 §9 lets a parser limit the range of numbers).
   * Bad UTF-8, UTF-16, BOMs, lone surrogates and depth 500 are rejected.
   */
  private static final Set<String> ACCEPTED_IMPLEMENTATION_DEFINED = Set.of(
      "i_number_double_huge_neg_exp.json", // 123.456e-789
      "i_number_too_big_neg_int.json",
      "i_number_too_big_pos_int.json",
      "i_number_very_big_negative_int.json");

  /** The i_ files refused because their exponent exceeds 1000 in magnitude; accepted before that bound. */
  private static final Set<String> REFUSED_FOR_THEIR_EXPONENT = Set.of(
      "i_number_huge_exp.json",
      "i_number_neg_int_huge_exp.json",
      "i_number_pos_double_huge_exp.json",
      "i_number_real_neg_overflow.json",
      "i_number_real_pos_overflow.json",
      "i_number_real_underflow.json");

  @Test
  void hugeExponentFiles_areRefusedForTheirExponent() {
    for (String name : REFUSED_FOR_THEIR_EXPONENT) {
      byte[] in = Vectors.bytes("jsontestsuite/" + name);
      assertThatThrownBy(() -> Json.parse(in)).as(name).isExactlyInstanceOf(JsonException.class)
          .hasMessageContaining("number exponent larger than 1000 in magnitude");
    }
  }

  private static List<Path> files(String prefix) throws IOException {
    try (Stream<Path> s = Files.list(Vectors.dir().resolve("jsontestsuite"))) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void suite_isComplete() throws IOException {
    assertThat(files("y_")).hasSize(95);
    assertThat(files("n_")).hasSize(188);
    assertThat(files("i_")).hasSize(35);
  }

  @TestFactory
  Stream<DynamicTest> yFiles_areAccepted() throws IOException {
    return files("y_").stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
      byte[] in = Files.readAllBytes(p);
      Json.parse(in, JsonLimits.DEFAULT.grammarOnly()); // throws on rejection
      if (!DUPLICATE_NAMES.contains(p.getFileName().toString())) Json.parse(in); // strict default too
    }));
  }

  /** y_ files that repeat a member name: valid grammar, but the library's default rejects them. */
  private static final Set<String> DUPLICATE_NAMES =
      Set.of("y_object_duplicated_key.json", "y_object_duplicated_key_and_value.json");

  @Test
  void duplicateNameFiles_areRejectedByTheLibraryDefault() {
    for (String name : DUPLICATE_NAMES) {
      byte[] in = Vectors.bytes("jsontestsuite/" + name);
      assertThatThrownBy(() -> Json.parse(in)).isExactlyInstanceOf(JsonException.class)
          .hasMessageContaining("duplicate member name");
    }
  }

  @TestFactory
  Stream<DynamicTest> nFiles_areRejectedWithJsonException() throws IOException {
    return files("n_").stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
      byte[] in = Files.readAllBytes(p);
      assertThatThrownBy(() -> Json.parse(in)).isExactlyInstanceOf(JsonException.class);
    }));
  }

  @TestFactory
  Stream<DynamicTest> iFiles_haveTheRecordedOutcome() throws IOException {
    return files("i_").stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
      byte[] in = Files.readAllBytes(p);
      String name = p.getFileName().toString();
      if (ACCEPTED_IMPLEMENTATION_DEFINED.contains(name)) {
        assertThat(Json.parse(in)).isNotNull();
      } else {
        assertThatThrownBy(() -> Json.parse(in)).isExactlyInstanceOf(JsonException.class);
      }
    }));
  }

  @Test
  void recordedAcceptedSet_namesRealFiles() throws IOException {
    Map<String, Boolean> byName = new TreeMap<>();
    for (Path p : files("i_")) byName.put(p.getFileName().toString(), true);
    assertThat(byName.keySet()).containsAll(ACCEPTED_IMPLEMENTATION_DEFINED).containsAll(REFUSED_FOR_THEIR_EXPONENT);
  }

  @Test
  void deepNestingTraps_failWithoutStackOverflow() {
    byte[] deep = Vectors.bytes("jsontestsuite/n_structure_100000_opening_arrays.json");
    assertThatThrownBy(() -> Json.parse(deep, new JsonLimits(1 << 20, JsonLimits.DEPTH_CAP, 1024)))
        .isExactlyInstanceOf(JsonException.class).hasMessageContaining("nesting deeper than 512");
    byte[] open = Vectors.bytes("jsontestsuite/n_structure_open_array_object.json");
    assertThatThrownBy(() -> Json.parse(open, new JsonLimits(1 << 20, 64, 1024)))
        .isExactlyInstanceOf(JsonException.class);
  }
}
