package io.identsphere.testkit;

import com.sun.net.httpserver.HttpExchange;
import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.json.JsonWriter;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every endpoint of the fake server shares: the request being answered, reading it, writing answers. */
final class Exchanges {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Exchanges() {}

  /** A request being answered. */
  static final class Call {
    final HttpExchange ex;
    final String issuer;
    final Endpoint endpoint;
    final Map<String, String> query;
    final Map<String, String> form;
    final String body;
    /** Claims a {@code Fault.refreshedIdTokenClaims} fault puts into the ID token this call issues. */
    Map<String, Object> idTokenClaims = Map.of();
    /** Every {@code resource} parameter (RFC 8707), of the form body when it is a form, else of the query. */
    final List<String> resources;
    /** The thumbprint of the token request's valid DPoP proof key, or null ({@link DpopGrants}). */
    String dpopKey;

    Call(HttpExchange ex, String issuer, Endpoint endpoint, Map<String, String> query, Map<String, String> form, String body,
        List<String> resources) {
      this.ex = ex;
      this.issuer = issuer;
      this.endpoint = endpoint;
      this.query = query;
      this.form = form;
      this.body = body;
      this.resources = List.copyOf(resources);
    }

    /** The same request, with these parameters in place of its query (a resolved pushed request). */
    Call withQuery(Map<String, String> params, List<String> resourcesOfParams) {
      return new Call(ex, issuer, endpoint, params, form, body, resourcesOfParams);
    }

    String param(String name) {
      String v = form.get(name);
      return v != null ? v : query.get(name);
    }

    String base() {
      return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }
  }

  static String random() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return Base64Url.encode(b);
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static URI withQuery(URI base, Map<String, String> params) {
    StringBuilder sb = new StringBuilder(base.toString());
    char sep = base.getRawQuery() == null ? '?' : '&';
    for (Map.Entry<String, String> e : params.entrySet()) {
      sb.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
      sep = '&';
    }
    return URI.create(sb.toString());
  }

  static String enc(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static void redirect(HttpExchange ex, URI to) throws IOException {
    ex.getResponseHeaders().set("Location", to.toString());
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(302, -1);
  }

  static void html(HttpExchange ex, int status, String body) throws IOException {
    send(ex, status, "text/html; charset=utf-8", body, Map.of());
  }

  static void json(HttpExchange ex, int status, Map<String, ?> body, Map<String, String> headers) throws IOException {
    send(ex, status, "application/json", JsonWriter.write(body), headers);
  }

  static void send(HttpExchange ex, int status, String type, String body, Map<String, String> headers)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    if (type != null) ex.getResponseHeaders().set("Content-Type", type);
    headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) ex.getResponseBody().write(b);
  }

  /** Every value of a parameter that may repeat, in order. */
  static List<String> all(String q, String name) {
    List<String> out = new java.util.ArrayList<>();
    if (q == null || q.isEmpty()) return out;
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      if (eq < 0 || !URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) continue;
      out.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Parses a query or form; a repeated name is refused, except {@code resource} (RFC 8707 §2), kept once here. */
  static Map<String, String> parse(String q) {
    Map<String, String> out = new LinkedHashMap<>();
    if (q == null || q.isEmpty()) return out;
    for (String pair : q.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (out.putIfAbsent(k, v) != null && !k.equals("resource")) throw new BadRequest(400, "invalid_request", "parameter " + k + " repeated");
    }
    return out;
  }

  static String bearer(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
    return h.substring(7).trim();
  }

  static String cookie(HttpExchange ex, String name) {
    for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String part : header.split(";")) {
        String p = part.trim();
        if (p.startsWith(name + "=")) return p.substring(name.length() + 1);
      }
    }
    return null;
  }

  /** An OAuth error answer, thrown from deep inside a handler. */
  static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final Map<String, Object> body;
    final Map<String, String> headers;

    BadRequest(int status, String error, String description) {
      this(status, error, description, Map.of());
    }

    BadRequest(int status, String error, String description, Map<String, String> headers) {
      super(error + ": " + description, null, false, false);
      this.status = status;
      this.body = Map.of("error", error, "error_description", description);
      this.headers = headers;
    }
  }
}
