package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.oidc.IdentityServerException.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dates and lifetimes in server answers at the exact edges of what is accepted: the Instant range
 * for introspection dates (as integers and as decimals), the fraction-digit bound, and
 * {@code expires_in} from 0 to {@link TokenResponse#MAX_EXPIRES_IN}, each refusal with its message.
 */
class ServerNumbersBoundaryTest {
  private static final long MIN = Instant.MIN.getEpochSecond();
  private static final long MAX = Instant.MAX.getEpochSecond();
  private final LocalServer server;

  ServerNumbersBoundaryTest() throws Exception {
    server = new LocalServer();
    Fixtures.serveDiscovery(server, Map.of());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private IdentSphereClient client() {
    return IdentSphereClient.newBuilder(server.base()).clientId("web").clientSecret(Fixtures.SECRET)
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)).build();
  }

  private IntrospectionResult introspectIat(String iat) {
    Fixtures.answer(server, "/introspect", 200, "{\"active\":true,\"sub\":\"alice\",\"iat\":" + iat + "}");
    return client().introspect("tok");
  }

  private void iatRefused(String iat, String problem) {
    Fixtures.answer(server, "/introspect", 200, "{\"active\":true,\"sub\":\"alice\",\"iat\":" + iat + "}");
    assertThatThrownBy(() -> client().introspect("tok")).isInstanceOfSatisfying(IdentityServerException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
      assertThat(e.getMessage()).isEqualTo("introspection answer member \"iat\" " + problem);
    });
  }

  @Test
  void integerDates_atTheEndsOfTheInstantRange_areAccepted_oneBeyond_isRefused() {
    assertThat(introspectIat(Long.toString(MIN)).active()).isTrue();
    assertThat(introspectIat(Long.toString(MAX)).active()).isTrue();
    iatRefused(Long.toString(MIN - 1), "is a number out of the range of dates");
    iatRefused(Long.toString(MAX + 1), "is a number out of the range of dates");
  }

  @Test
  void decimalDates_atTheEndsOfTheInstantRange_areAccepted_beyond_isRefused() {
    assertThat(introspectIat(MIN + ".0").active()).isTrue();
    assertThat(introspectIat(MAX + ".0").active()).isTrue();
    iatRefused(MIN + ".01", "is a number out of the range of dates");
    iatRefused(MAX + ".5", "is a number out of the range of dates");
  }

  @Test
  void fractionDigits_upTo1000_areAccepted_1001_areRefused() {
    assertThat(introspectIat("1e-1000").active()).isTrue();
    iatRefused("1.5e-1000", "has more fraction digits than a date can use");
  }

  @Test
  void anIntegerBeyondEveryLong_isOutOfRange_notOfTheWrongType() {
    iatRefused("123456789012345678901234567890", "is a number out of the range of dates");
    iatRefused("\"1700000000\"", "must be a NumericDate (a number of seconds since the epoch), found a string");
  }

  @Test
  void expiresIn_fromZeroToTheMaximum_isAccepted_andEachRefusalSaysWhy() {
    for (long ok : new long[] {0, TokenResponse.MAX_EXPIRES_IN}) {
      Fixtures.answer(server, "/token", 200, "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":" + ok + "}");
      assertThat(client().clientCredentials().expiresAt()).isPresent();
    }
    String range = "must be from 0 to 2147483647 seconds, found ";
    String whole = "must be a whole number of seconds from 0 to 2147483647, found ";
    Map<String, String> refused = Map.of("-1", range + "-1", "2147483648", range + "2147483648",
        "1.5", whole + "a fraction or exponent", "6e1", whole + "a fraction or exponent",
        "99999999999999999999", whole + "a larger number",
        "\"60\"", "must be a whole number of seconds, found a string");
    refused.forEach((value, problem) -> {
      Fixtures.answer(server, "/token", 200, "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":" + value + "}");
      assertThatThrownBy(() -> client().clientCredentials()).as(value).isInstanceOfSatisfying(IdentityServerException.class,
          e -> assertThat(e.getMessage()).isEqualTo("token endpoint answer member \"expires_in\" " + problem));
    });
  }
}
