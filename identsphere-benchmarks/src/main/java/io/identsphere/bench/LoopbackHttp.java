package io.identsphere.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection on loopback, written and read on the caller's thread: a
 * request is one write of prepared bytes, the answer is read up to its {@code Content-Length}.
 * For {@link JaxrsBenchmark}: the JDK's {@code HttpClient} hands every exchange to its selector
 * thread and back, and on a 2-core VM those thread switches added more latency, and far more
 * noise, than the server-side work the benchmark compares. Only what Jersey on the JDK server
 * answers is understood (a status line, headers, a {@code Content-Length} body); anything else
 * fails the benchmark. Not thread-safe: one connection per benchmark thread.
 */
final class LoopbackHttp implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final String host;
  private final byte[] body = new byte[64 * 1024];

  LoopbackHttp(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(10_000); // a stuck server fails the benchmark instead of hanging it
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    host = "127.0.0.1:" + port;
  }

  /**
   * The bytes of a {@code GET}, with the headers a typical client sends, and an
   * {@code Authorization} header when {@code authorization} is not null.
   */
  byte[] get(String path, String authorization) {
    String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: bench\r\nAccept: */*\r\n"
        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
    return request.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Sends a request made by {@link #get} and returns the status and the body, as "200 body". */
  String exchange(byte[] request) throws IOException {
    out.write(request);
    out.flush();
    String status = line();
    if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) throw new IOException("not an HTTP/1.1 answer");
    int length = -1;
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      if (colon > 0 && h.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
        length = Integer.parseInt(h.substring(colon + 1).trim());
      }
    }
    if (length < 0 || length > body.length) throw new IOException("no usable Content-Length");
    for (int read = 0; read < length; ) {
      int n = in.read(body, read, length - read);
      if (n < 0) throw new IOException("connection closed in the body");
      read += n;
    }
    return status.substring(9, 12) + " " + new String(body, 0, length, StandardCharsets.UTF_8);
  }

  /** The body of a request that must answer 200. */
  String ok(byte[] request) throws IOException {
    String answer = exchange(request);
    if (!answer.startsWith("200 ")) throw new IOException("expected 200, got " + answer);
    return answer.substring(4);
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) throw new IOException("connection closed in the header");
      if (c != '\r') b.write(c);
      if (b.size() > 8192) throw new IOException("header line too long");
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
