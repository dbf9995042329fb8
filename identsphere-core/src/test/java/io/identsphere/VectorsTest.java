package io.identsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VectorsTest {
  @Test
  void dir_isInsideTheProject_notASiblingFolder() {
    assertThat(Vectors.dir()).isDirectory();
    assertThat(Vectors.dir().toString()).doesNotContain("shared");
    assertThat(Vectors.dir().resolve("wycheproof/LICENSE")).isRegularFile();
    assertThat(Vectors.dir().resolve("jsontestsuite/LICENSE")).isRegularFile();
    assertThat(Vectors.dir().resolve("rfc/rfc7520-cookbook/LICENSE")).isRegularFile();
  }

  @Test
  void bytes_ofAMissingVector_failsNamingTheFile_ratherThanSkipping() {
    assertThatThrownBy(() -> Vectors.bytes("wycheproof/no_such_test.json"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("conformance vector missing: wycheproof/no_such_test.json");
  }

  @Test
  void bytes_areTheUpstreamBytes_unchangedByAnyTextConversion() throws Exception {
    // SHA-256 of the upstream files (see vectors/README.md): UTF-16 with a BOM and invalid UTF-8
    // are what an encoding or line-ending filter would damage first.
    assertThat(sha256("jsontestsuite/i_string_UTF-16LE_with_BOM.json"))
        .isEqualTo("6a9c15ecc8fc3da72b0ba5e3539e07f2aad3c704b496fe3496579dc723ce49c5");
    assertThat(sha256("jsontestsuite/i_string_invalid_utf-8.json"))
        .isEqualTo("d7e1fd6f762f8c56a677954609ede1f15b518a9dd565a719f7841ed6b3e3836a");
    assertThat(sha256("wycheproof/json_web_signature_test.json"))
        .isEqualTo("8e687a06fe8359f4ec51480f1a9f73c8faebd6f4c01b818b843b44eee54fd5d9");
  }

  private static String sha256(String vector) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Vectors.bytes(vector)));
  }
}
