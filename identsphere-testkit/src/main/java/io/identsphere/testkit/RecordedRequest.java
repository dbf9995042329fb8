package io.identsphere.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request the fake server received.
 *
 * <p>Immutable and thread-safe.
 *
 * @param endpoint which endpoint it hit
 * @param issuer the issuer whose endpoint it was
 * @param method the HTTP method
 * @param path the path
 * @param query query parameters (first value of each)
 * @param headers request headers, names in lower case
 * @param form form or query parameters of a form POST (first value of each); empty otherwise
 * @param body the raw body text
 * @param receivedAt the server clock's time of receipt
 */
public record RecordedRequest(Endpoint endpoint, String issuer, String method, String path, Map<String, String> query,
    Map<String, List<String>> headers, Map<String, String> form, String body, Instant receivedAt) {

  /**
   * Returns the first value of a request header.
   *
   * @param name a header name, any case
   * @return its first value
   */
  public Optional<String> header(String name) {
    List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /**
   * Returns a form parameter, or else the query parameter, of that name.
   *
   * @param name a form or query parameter
   * @return its value
   */
  public Optional<String> param(String name) {
    String v = form.get(name);
    return Optional.ofNullable(v != null ? v : query.get(name));
  }
}
