package io.identsphere.oidc;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw loopback HTTP/1.1 server (a plain {@link ServerSocket}, so that nothing buffers or frames
 * for us) that answers most paths at once and one chosen path slowly: headers, then a body that
 * drips one byte every 200 ms forever, or finishes late, or no answer at all. Several paths may be
 * slow at once, all in the same mode.
 */
final class SlowServer implements AutoCloseable {
  enum Mode {
    /** Headers with {@code Content-Length: 1000000}, then one byte every 200 ms. */
    DRIP,
    /** Headers with {@code Transfer-Encoding: chunked}, then one one-byte chunk every 200 ms. */
    DRIP_CHUNKED,
    /** Headers, then the real body in pieces with {@link #pieceGapMillis} between them. */
    SLOW_COMPLETE,
    /** Reads the request and never answers. */
    SILENT
  }

  static final int DRIP_MILLIS = 200;

  private final ServerSocket listener;
  private final Thread acceptor;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  final Map<String, String> bodies = new ConcurrentHashMap<>();
  /** Connections currently held by a slow answer (dripping or silent); 0 once clients hung up. */
  final AtomicInteger held = new AtomicInteger();
  /** Slow answers that ended because the client closed the connection. */
  final AtomicInteger hungUp = new AtomicInteger();
  final Set<String> slowPaths = ConcurrentHashMap.newKeySet();
  volatile Mode mode = Mode.DRIP;
  volatile int pieces = 6;
  volatile int pieceGapMillis = 60;
  private volatile boolean closed;

  SlowServer() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptLoop, "slow-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String base() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  void slow(String path, Mode m) {
    mode = m;
    slowPaths.add(path);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = listener.accept();
        sockets.add(s);
        Thread t = new Thread(() -> serve(s), "slow-server-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (!closed) {
        String head = readHead(in);
        if (head == null) return;
        String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
        int length = contentLength(head);
        if (length > 0) in.readNBytes(length);
        String target = requestLine[1];
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        if (slowPaths.contains(path)) {
          slowAnswer(s, in, out, path);
          return;
        }
        String body = bodies.get(path);
        if (body == null) {
          write(out, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        } else {
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n");
          out.write(b);
          out.flush();
        }
      }
    } catch (IOException e) {
      // the client went away
    } finally {
      sockets.remove(s);
    }
  }

  private void slowAnswer(Socket s, InputStream in, OutputStream out, String path) throws IOException {
    Mode m = mode;
    if (m == Mode.SLOW_COMPLETE) {
      byte[] b = bodies.get(path).getBytes(StandardCharsets.UTF_8);
      // The connection closes after a slow answer, so say so: a client that pooled it would send its
      // next request (a POST, which it does not retry) into a closed socket.
      write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + b.length
          + "\r\n\r\n");
      int n = pieces;
      for (int i = 0; i < n; i++) {
        pause(pieceGapMillis);
        int from = b.length * i / n;
        int to = b.length * (i + 1) / n;
        out.write(b, from, to - from);
        out.flush();
      }
      return;
    }
    held.incrementAndGet();
    try {
      if (m == Mode.DRIP) {
        write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{");
      } else if (m == Mode.DRIP_CHUNKED) {
        write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n");
      }
      s.setSoTimeout(DRIP_MILLIS);
      while (!closed) {
        try {
          if (in.read() < 0) { // the client closed the connection
            hungUp.incrementAndGet();
            return;
          }
        } catch (SocketTimeoutException e) {
          if (m == Mode.DRIP) write(out, " ");
          else if (m == Mode.DRIP_CHUNKED) write(out, "1\r\n \r\n");
        }
      }
    } catch (IOException e) {
      hungUp.incrementAndGet(); // reset by the client
    } finally {
      held.decrementAndGet();
    }
  }

  private static void pause(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) return null;
      b.write(c);
      if (b.size() > 64 * 1024) throw new IOException("request head too large");
      state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1
          : c == '\r' ? 1 : 0;
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) return Integer.parseInt(line.substring(15).trim());
    }
    return 0;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    for (Socket s : sockets) s.close();
  }
}
