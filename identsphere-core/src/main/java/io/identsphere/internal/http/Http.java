package io.identsphere.internal.http;

import io.identsphere.internal.text.Untrusted;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** HTTP plumbing shared by the OIDC client: bounded bodies, failure classification, URL rules. */
public final class Http {
  private Http() {}

  /** An answer with its body read (bounded). */
  public static final class Result {
    /** HTTP status. */
    public final int status;
    /** Response headers. */
    public final HttpHeaders headers;
    /** Body bytes. */
    public final byte[] body;

    Result(int status, HttpHeaders headers, byte[] body) {
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    /**
     * Decodes the body as UTF-8 text; malformed bytes become U+FFFD.
     *
     * @return the body as UTF-8 text
     */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Returns the media type from the response's {@code Content-Type}, for checking what kind of
     * body the server sent.
     *
     * @return the media type of the response, lower case, without parameters; "" if absent
     */
    public String mediaType() {
      String ct = headers.firstValue("Content-Type").orElse("");
      int semi = ct.indexOf(';');
      return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }
  }

  /** How a send failed, for the caller to turn into its own exception. */
  public enum Failure { TIMEOUT, UNREACHABLE, TOO_LARGE }

  /** A classified transport failure. */
  public static final class TransportException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** What failed. */
    public final Failure failure;

    TransportException(Failure failure, String message, Throwable cause) {
      super(message, cause);
      this.failure = failure;
    }
  }

  /**
   * Creates the JDK HTTP client the library uses when the caller supplies none; it never follows
   * redirects, so a redirect cannot carry a token or a secret to another host.
   *
   * @param connectTimeout the connect timeout
   * @return a client that never follows redirects
   */
  public static HttpClient newClient(Duration connectTimeout) {
    return HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * Sends and reads the body up to {@code maxBytes}, within the request's timeout. The timeout is a
   * deadline for the whole exchange, body included (not only for the headers, as
   * {@link HttpRequest#timeout()} alone would be); at the deadline the future fails with
   * {@link Failure#TIMEOUT} and the connection is closed. The timer is the JDK's shared daemon
   * scheduler behind {@link CompletableFuture#orTimeout}: no thread of our own.
   *
   * @param client the client
   * @param request the request (with its timeout set)
   * @param maxBytes body bound
   * @return the future answer; fails with {@link TransportException}
   */
  public static CompletableFuture<Result> send(HttpClient client, HttpRequest request, int maxBytes) {
    return BoundedExchange.send(client, request, maxBytes);
  }

  /**
   * Blocks for a future, unwrapping its failure.
   *
   * @param f the future
   * @param <T> its type
   * @return its value
   */
  public static <T> T join(CompletableFuture<T> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException) throw (RuntimeException) c;
      if (c instanceof Error) throw (Error) c;
      throw new CompletionException(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException(Failure.UNREACHABLE, "interrupted while waiting for the identity server", e);
    }
  }

  static RuntimeException classify(Throwable t, URI uri, Duration timeout) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) c = c.getCause();
    while (c != null) {
      if (c instanceof LimitedBody.TooLarge) {
        return new TransportException(Failure.TOO_LARGE, c.getMessage() + " from " + safe(uri), null);
      }
      if (c instanceof HttpTimeoutException) {
        return timeout == null ? new TransportException(Failure.TIMEOUT, "no answer from " + safe(uri) + " in time", c)
            : BoundedExchange.timedOut(uri, timeout);
      }
      if (c instanceof IOException && c.getCause() == null) {
        return new TransportException(Failure.UNREACHABLE, "cannot reach " + safe(uri) + ": " + c.getClass().getSimpleName()
            + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")"), c);
      }
      if (c.getCause() == null || c.getCause() == c) break;
      c = c.getCause();
    }
    return new TransportException(Failure.UNREACHABLE, "cannot reach " + safe(uri) + ": " + t, t);
  }

  /**
   * The URI for a message or a log line: without query or fragment (they may carry secrets), and
   * escaped with {@link Untrusted#escape(CharSequence)}, since URLs come from the identity server's
   * discovery document and {@link URI} accepts raw non-ASCII characters such as bidirectional
   * overrides.
   *
   * @param uri a URI
   * @return scheme, authority and path, printable ASCII
   */
  public static String safe(URI uri) {
    return Untrusted.escape(uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath()));
  }

  /**
   * Tells whether a URL may be called or shown to users: HTTPS always, plain HTTP only to a
   * loopback address (or anywhere when insecure HTTP is allowed), no other scheme. Host names are
   * never resolved; only {@code localhost} and literal addresses count as loopback.
   *
   * @param uri a URL the library will call or send users to
   * @param allowInsecure whether plain HTTP to non-loopback hosts is allowed
   * @return true if it may be used
   */
  public static boolean acceptable(URI uri, boolean allowInsecure) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) return true;
    if (!scheme.equals("http")) return false;
    return allowInsecure || isLoopback(uri.getHost());
  }

  static boolean isLoopback(String host) {
    if (host == null) return false;
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) return true;
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) return false; // never resolve names here
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Encodes form parameters as a request body or a query.
   *
   * @param params form parameters, in order; a value is a string, or a collection of strings for a
   *     parameter that repeats (RFC 8707 {@code resource}); null values are skipped
   * @return an {@code application/x-www-form-urlencoded} body
   */
  public static String form(Map<String, ?> params) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, ?> e : params.entrySet()) {
      Object v = e.getValue();
      for (Object one : v instanceof java.util.Collection ? (java.util.Collection<?>) v : java.util.Collections.singleton(v)) {
        if (one == null) continue;
        if (sb.length() > 0) sb.append('&');
        sb.append(encode(e.getKey())).append('=').append(encode(one.toString()));
      }
    }
    return sb.toString();
  }

  /**
   * Percent-encodes text (UTF-8) for a form body or a query, spaces included.
   *
   * @param s text
   * @return its form/query encoding (spaces as %20)
   */
  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * Parses a query or form body. A name that repeats is refused, as RFC 6749 §3.1 requires.
   *
   * @param query the raw query (no leading '?'), or null
   * @return name to value, in order; empty for a null or empty query
   * @throws IllegalArgumentException if a name repeats (RFC 6749 §3.1: parameters must not repeat)
   */
  public static Map<String, String> parseQuery(String query) {
    Map<String, String> out = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) return out;
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (out.putIfAbsent(name, value) != null) {
        throw new IllegalArgumentException("parameter \"" + name + "\" appears more than once");
      }
    }
    return out;
  }

  /**
   * Appends query parameters to a URL that may already have a query.
   *
   * @param uri a URL
   * @param params query parameters to append, as {@link #form} takes them (null values skipped)
   * @return the URL with them; {@code uri} itself when there is nothing to append
   */
  public static URI withQuery(URI uri, Map<String, ?> params) {
    String s = uri.toString();
    String q = form(params);
    if (q.isEmpty()) return uri;
    return URI.create(s + (s.contains("?") ? "&" : "?") + q);
  }

  /**
   * Starts a request to the identity server with the library's common headers
   * ({@code Accept: application/json} and its {@code User-Agent}).
   *
   * @param uri target
   * @param timeout request timeout
   * @return a request builder with the timeout, the JSON accept header and the user agent set
   */
  public static HttpRequest.Builder request(URI uri, Duration timeout) {
    return HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
        .header("User-Agent", "identsphere-java/0.1");
  }

  /**
   * Makes a UTF-8 body publisher for a form body.
   *
   * @param body form body
   * @return a publisher for it
   */
  public static HttpRequest.BodyPublisher formBody(String body) {
    return HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
  }

  /**
   * Tells whether a response is a redirect (a 3xx status), which the library never follows.
   *
   * @param r a response
   * @return true when it is a redirect
   */
  public static boolean isRedirect(HttpResponse<?> r) {
    return r.statusCode() >= 300 && r.statusCode() < 400;
  }
}
