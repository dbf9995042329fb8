package io.identsphere.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpTest {
  @Test
  void safe_dropsQueryAndFragment_andEscapesWhatTheServerSent() {
    assertThat(Http.safe(URI.create("https://id.example.com/oauth/token?client_secret=s3cret#frag")))
        .isEqualTo("https://id.example.com/oauth/token");
    // URI accepts a raw right-to-left override in a path from a discovery document
    assertThat(Http.safe(URI.create("https://id.example.com/to\u202eken"))).isEqualTo("https://id.example.com/to\\u202eken");
    assertThat(Http.safe(URI.create("https://id.example.com/" + "a".repeat(300)))).hasSizeLessThan(230).endsWith("chars)");
  }

  @Test
  void timeoutMessage_namesTheUrlAndTheTimeoutWithItsUnit() {
    URI u = URI.create("https://id.example.com/token?code=secret");
    assertThat(BoundedExchange.timedOut(u, Duration.ofMillis(400)).getMessage()).isEqualTo("no complete answer from"
        + " https://id.example.com/token within 400 ms (the request timeout covers the whole exchange, body included)");
    assertThat(BoundedExchange.timedOut(u, Duration.ofSeconds(10)).getMessage()).contains("within 10 s (");
    assertThat(BoundedExchange.timedOut(u, Duration.ofSeconds(10)).failure).isEqualTo(Http.Failure.TIMEOUT);
  }
}
