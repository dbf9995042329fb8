package io.identsphere.testkit;

import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The fake server's signing keys: current key per algorithm family, published set, rotation. */
final class KeyRing {
  /** Key pairs are costly to make; one JVM makes each kind once and reuses them across servers. */
  private static final Map<String, List<KeyPair>> POOL = new ConcurrentHashMap<>();
  private static final AtomicInteger SERIAL = new AtomicInteger();

  static final class Entry {
    final String kid;
    final JwsAlgorithm alg;
    final KeyPair pair;

    Entry(String kid, JwsAlgorithm alg, KeyPair pair) {
      this.kid = kid;
      this.alg = alg;
      this.pair = pair;
    }
  }

  private final List<Entry> published = new ArrayList<>();
  private final Map<JwsAlgorithm, Entry> current = new ConcurrentHashMap<>();
  private final Map<String, Integer> retired = new ConcurrentHashMap<>();
  private volatile String cacheControl = "public, max-age=300";

  KeyRing() {
    add(JwsAlgorithm.RS256, null, true);
  }

  static synchronized KeyPair pooled(String kind, int index) {
    List<KeyPair> list = POOL.computeIfAbsent(kind, k -> new ArrayList<>());
    while (list.size() <= index) list.add(generate(kind));
    return list.get(index);
  }

  static KeyPair generate(String kind) {
    try {
      if (kind.startsWith("EC")) {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(kind.equals("EC256") ? "secp256r1" : "secp384r1"));
        return g.generateKeyPair();
      }
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String kind(JwsAlgorithm alg) {
    switch (alg.family()) {
      case EC:
        return alg == JwsAlgorithm.ES256 ? "EC256" : "EC384";
      default:
        return "RSA";
    }
  }

  synchronized Entry add(JwsAlgorithm alg, String kid, boolean keepOld) {
    if (alg.isSymmetric()) throw new IllegalArgumentException("HMAC secrets are never published");
    long sameKind = published.stream().filter(e -> kind(e.alg).equals(kind(alg))).count()
        + retired.getOrDefault(kind(alg), 0);
    KeyPair pair = pooled(kind(alg), (int) sameKind);
    Entry e = new Entry(kid != null ? kid : "key-" + SERIAL.incrementAndGet(), alg, pair);
    Entry old = current.put(alg, e);
    if (!keepOld && old != null) {
      published.remove(old);
      retired.merge(kind(alg), 1, Integer::sum);
    }
    published.add(e);
    return e;
  }

  synchronized Entry current(JwsAlgorithm alg) {
    Entry e = current.get(alg);
    return e != null ? e : add(alg, null, true);
  }

  synchronized Entry byKid(String kid) {
    for (Entry e : published) if (e.kid.equals(kid)) return e;
    return null;
  }

  synchronized JwkSet jwkSet() {
    List<Jwk> keys = new ArrayList<>();
    for (Entry e : published) {
      keys.add(Jwk.fromPublicKey(e.pair.getPublic(), e.kid, e.alg));
    }
    return JwkSet.of(keys);
  }

  synchronized void removeAllBut(String kid) {
    published.removeIf(e -> !e.kid.equals(kid));
  }

  String cacheControl() {
    return cacheControl;
  }

  void cacheControl(String value) {
    this.cacheControl = value;
  }
}
