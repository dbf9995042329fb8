package io.identsphere.dpop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.dpop.DpopProofException.Reason;
import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.jose.JwsSigner;
import io.identsphere.internal.json.Json;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TestTokens;
import io.identsphere.token.TokenValidator;
import io.identsphere.token.VerifiedToken;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every check of {@link DpopVerifier}, with real keys and signatures and a fixed clock. */
class DpopVerifierTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final URI API = URI.create("https://api.example.test/orders/7?expand=lines#top");
  private static final String ISS = "https://id.example.test";
  private static final DpopKey KEY = DpopKey.generate();
  private static final DpopKey OTHER = DpopKey.generate();
  private static final TokenValidator TOKENS = TokenValidator.newBuilder()
      .keySource(JwkSet.of(Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "k1", JwsAlgorithm.RS256)))
      .expectIssuer(ISS).expectAudience("api").clock(CLOCK).build();

  private static DpopVerifier verifier() {
    return DpopVerifier.newBuilder().clock(CLOCK).build();
  }

  private static String token(String jkt) {
    Map<String, Object> h = Map.of("alg", "RS256", "kid", "k1", "typ", "at+jwt");
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", ISS);
    c.put("aud", "api");
    c.put("sub", "alice");
    c.put("exp", NOW.plusSeconds(300).getEpochSecond());
    if (jkt != null) c.put("cnf", Map.of("jkt", jkt));
    return TestTokens.rs256(h, c, TestTokens.RSA.getPrivate());
  }

  private static DpopProof.Builder proof(DpopKey key, String at) {
    return key.proof("GET", API).clock(CLOCK).accessToken(at);
  }

  private static void refused(ThrowingCallable call, Reason reason, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(DpopProofException.class, e -> {
      assertThat(e.reason()).isEqualTo(reason);
      assertThat(e.getMessage()).contains(message).doesNotContain("eyJ");
    });
  }

  /** A proof whose header and claims the test writes, signed by {@code signer}'s private key. */
  private static String handMade(Map<String, Object> header, Map<String, Object> claims, JwsAlgorithm alg, DpopKey signer) {
    return JwsSigner.sign(header, claims, alg, signer.keyPair().getPrivate());
  }

  private static Map<String, Object> header(DpopKey key) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("typ", "dpop+jwt");
    h.put("alg", key.algorithm().name());
    h.put("jwk", Json.parseObject(key.publicJwk().toPublicJson()));
    return h;
  }

  private static Map<String, Object> claims(String at) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("jti", "j-" + System.nanoTime());
    c.put("htm", "GET");
    c.put("htu", "https://api.example.test/orders/7");
    c.put("iat", NOW.getEpochSecond());
    c.put("ath", DpopProof.accessTokenHash(at));
    return c;
  }

  @Test
  void verify_goodProofForABoundToken_returnsTheKeyAndTime() {
    String at = token(KEY.thumbprint());
    VerifiedToken t = TOKENS.validate(at);
    VerifiedDpopProof p = verifier().verify(proof(KEY, at).build(), "GET", API, at, t);
    assertThat(p.thumbprint()).isEqualTo(KEY.thumbprint()).isEqualTo(DpopVerifier.boundThumbprint(t).orElseThrow());
    assertThat(p.algorithm()).isEqualTo(JwsAlgorithm.ES256);
    assertThat(p.issuedAt()).isEqualTo(NOW);
    assertThat(p.nonce()).isEmpty();
    assertThat(t.subject()).isEqualTo("alice");
  }

  @Test
  void verify_rsaAndPssKeys_areAccepted() {
    for (JwsAlgorithm alg : new JwsAlgorithm[] {JwsAlgorithm.RS256, JwsAlgorithm.PS256}) {
      DpopKey k = DpopKey.generate(alg);
      String at = token(k.thumbprint());
      assertThat(verifier().verify(proof(k, at).build(), "GET", API, at, TOKENS.validate(at)).algorithm()).isEqualTo(alg);
    }
  }

  @Test
  void verify_tokenEndpointProof_needsNoAccessToken() {
    URI tokenEndpoint = URI.create("https://id.example.test/token");
    VerifiedDpopProof p = verifier().verify(KEY.proof("POST", tokenEndpoint).clock(CLOCK).build(), "POST", tokenEndpoint);
    assertThat(p.thumbprint()).isEqualTo(KEY.thumbprint());
  }

  @Test
  void verify_htuComparison_ignoresCaseOfSchemeAndHostDefaultPortQueryAndFragment() {
    String at = token(KEY.thumbprint());
    String p = handMade(header(KEY), with(claims(at), "htu", "HTTPS://API.Example.TEST:443/orders/7"), JwsAlgorithm.ES256, KEY);
    assertThat(verifier().verify(p, "GET", API, at, TOKENS.validate(at)).thumbprint()).isEqualTo(KEY.thumbprint());
  }

  @Test
  void verify_htuComparison_ignoresTheCaseOfPercentEncodings_butNotOfThePath() {
    URI encoded = URI.create("https://api.example.test/a%2fb");
    String at = token(KEY.thumbprint());
    VerifiedToken t = TOKENS.validate(at);
    String p = handMade(header(KEY), with(with(claims(at), "htu", "https://api.example.test/a%2Fb"), "jti", "pct"),
        JwsAlgorithm.ES256, KEY);
    assertThat(verifier().verify(p, "GET", encoded, at, t)).isNotNull();
    refused(() -> verifier().verify(proof(KEY, at).build(), "GET", URI.create("https://api.example.test/Orders/7"), at, t),
        Reason.WRONG_URI, "/Orders/7");
  }

  private static Map<String, Object> with(Map<String, Object> m, String name, Object value) {
    if (value == null) m.remove(name); else m.put(name, value);
    return m;
  }

  @Test
  void verify_missingOrOversizedProof_isRefused() {
    String at = token(KEY.thumbprint());
    VerifiedToken t = TOKENS.validate(at);
    refused(() -> verifier().verify(null, "GET", API, at, t), Reason.MISSING, "no DPoP proof");
    refused(() -> verifier().verify("a".repeat(8 * 1024 + 1), "GET", API, at, t), Reason.TOO_LARGE, "8193 characters");
  }

  @Test
  void verify_malformedProofs_areRefused() {
    String at = token(KEY.thumbprint());
    VerifiedToken t = TOKENS.validate(at);
    refused(() -> verifier().verify("a.b", "GET", API, at, t), Reason.MALFORMED, "3 non-empty parts");
    refused(() -> verifier().verify("!!.b.c", "GET", API, at, t), Reason.MALFORMED, "not base64url");
    String notJson = Base64Url.encode("{".getBytes(StandardCharsets.US_ASCII)) + ".e30.c2ln";
    refused(() -> verifier().verify(notJson, "GET", API, at, t), Reason.MALFORMED, "not valid JSON");
    refused(() -> verifier().verify(handMade(header(KEY), with(claims(at), "iat", "now"), JwsAlgorithm.ES256, KEY),
        "GET", API, at, t), Reason.MALFORMED, "iat must be a NumericDate");
    refused(() -> verifier().verify(handMade(header(KEY), with(claims(at), "jti", null), JwsAlgorithm.ES256, KEY),
        "GET", API, at, t), Reason.MALFORMED, "jti must be a string");
    refused(() -> verifier().verify(handMade(with(header(KEY), "crit", java.util.List.of("x")), claims(at),
        JwsAlgorithm.ES256, KEY), "GET", API, at, t), Reason.MALFORMED, "crit");
  }

  @Test
  void verify_wrongTyp_isRefused() {
    String at = token(KEY.thumbprint());
    refused(() -> verifier().verify(handMade(with(header(KEY), "typ", "JWT"), claims(at), JwsAlgorithm.ES256, KEY),
        "GET", API, at, TOKENS.validate(at)), Reason.WRONG_TYPE, "typ must be dpop+jwt, found \"JWT\"");
  }

  @Test
  void verify_symmetricNoneOrUnlistedAlgorithm_isRefused() {
    String at = token(KEY.thumbprint());
    VerifiedToken t = TOKENS.validate(at);
    Map<String, Object> hs = with(header(KEY), "alg", "HS256");
    String mac = JwsSigner.sign(hs, claims(at), JwsAlgorithm.HS256,
        new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256"));
    refused(() -> verifier().verify(mac, "GET", API, at, t), Reason.UNSUPPORTED_ALGORITHM, "\"HS256\" is not accepted");
    String none = Base64Url.encode("{\"typ\":\"dpop+jwt\",\"alg\":\"none\"}".getBytes(StandardCharsets.US_ASCII)) + ".e30.c2ln";
    refused(() -> verifier().verify(none, "GET", API, at, t), Reason.UNSUPPORTED_ALGORITHM, "\"none\"");
    DpopVerifier onlyRsa = DpopVerifier.newBuilder().clock(CLOCK).allowAlgorithms(JwsAlgorithm.RS256).build();
    refused(() -> onlyRsa.verify(proof(KEY, at).build(), "GET", API, at, t), Reason.UNSUPPORTED_ALGORITHM, "ES256");
    assertThatThrownBy(() -> DpopVerifier.newBuilder().allowAlgorithms(JwsAlgorithm.HS256))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symmetric");
  }

  @Test
  void verify_privateSymmetricOrMissingJwk_isRefused() {
    String at = token(KEY.thumbprint());
    VerifiedToken t = TOKENS.validate(at);
    Map<String, Object> withD = header(KEY);
    @SuppressWarnings("unchecked")
    Map<String, Object> jwk = new LinkedHashMap<>((Map<String, Object>) withD.get("jwk"));
    jwk.put("d", Base64Url.encode(new byte[32]));
    withD.put("jwk", jwk);
    refused(() -> verifier().verify(handMade(withD, claims(at), JwsAlgorithm.ES256, KEY), "GET", API, at, t),
        Reason.BAD_KEY, "private or secret member \"d\"");
    Map<String, Object> oct = with(header(KEY), "jwk", Map.of("kty", "oct", "k", Base64Url.encode(new byte[32])));
    refused(() -> verifier().verify(handMade(oct, claims(at), JwsAlgorithm.ES256, KEY), "GET", API, at, t),
        Reason.BAD_KEY, "\"k\"");
    refused(() -> verifier().verify(handMade(with(header(KEY), "jwk", null), claims(at), JwsAlgorithm.ES256, KEY),
        "GET", API, at, t), Reason.BAD_KEY, "must be a JSON object");
    Map<String, Object> rsaJwkEsAlg = with(header(KEY), "jwk",
        Json.parseObject(DpopKey.generate(JwsAlgorithm.RS256).publicJwk().toPublicJson()));
    refused(() -> verifier().verify(handMade(rsaJwkEsAlg, claims(at), JwsAlgorithm.ES256, KEY), "GET", API, at, t),
        Reason.BAD_KEY, "does not permit ES256");
  }

  @Test
  void verify_proofSignedByAnotherKeyThanItsJwk_isRefused() {
    String at = token(KEY.thumbprint());
    refused(() -> verifier().verify(handMade(header(KEY), claims(at), JwsAlgorithm.ES256, OTHER), "GET", API, at,
        TOKENS.validate(at)), Reason.BAD_SIGNATURE, "does not verify");
  }

  @Test
  void verify_wrongMethodOrUri_isRefused() {
    String at = token(KEY.thumbprint());
    VerifiedToken t = TOKENS.validate(at);
    refused(() -> verifier().verify(proof(KEY, at).build(), "POST", API, at, t), Reason.WRONG_METHOD,
        "for method \"GET\", the request is \"POST\"");
    refused(() -> verifier().verify(proof(KEY, at).build(), "GET", URI.create("https://api.example.test/orders/8"), at, t),
        Reason.WRONG_URI, "https://api.example.test/orders/8");
    refused(() -> verifier().verify(proof(KEY, at).build(), "GET", URI.create("https://api.example.test:8443/orders/7"),
        at, t), Reason.WRONG_URI, ":8443");
    refused(() -> verifier().verify(handMade(header(KEY), with(claims(at), "htu", "/orders/7"), JwsAlgorithm.ES256, KEY),
        "GET", API, at, t), Reason.WRONG_URI, "\"/orders/7\"");
  }

  @Test
  void verify_iatAtTheWindowsEdges_isAcceptedInsideAndRefusedOutside() {
    String at = token(KEY.thumbprint());
    VerifiedToken t = TOKENS.validate(at);
    DpopVerifier v = verifier(); // 60 s lifetime, 5 s skew
    assertThat(v.verify(proof(KEY, at).issuedAt(NOW.minusSeconds(65)).build(), "GET", API, at, t)).isNotNull();
    assertThat(v.verify(proof(KEY, at).issuedAt(NOW.plusSeconds(5)).build(), "GET", API, at, t)).isNotNull();
    refused(() -> v.verify(proof(KEY, at).issuedAt(NOW.minusSeconds(66)).build(), "GET", API, at, t), Reason.EXPIRED,
        "issued 66 s ago, at most 65 s accepted");
    refused(() -> v.verify(proof(KEY, at).issuedAt(NOW.plusSeconds(6)).build(), "GET", API, at, t),
        Reason.ISSUED_IN_FUTURE, "6 s in the future, at most 5 s");
  }

  @Test
  void verify_sameJtiTwice_isAReplay_butTheSameJtiFromAnotherKeyIsNot() {
    DpopVerifier v = verifier();
    String at = token(KEY.thumbprint());
    VerifiedToken t = TOKENS.validate(at);
    String p = proof(KEY, at).jwtId("once").build();
    v.verify(p, "GET", API, at, t);
    refused(() -> v.verify(p, "GET", API, at, t), Reason.REPLAYED, "used before");
    String otherAt = token(OTHER.thumbprint());
    assertThat(v.verify(proof(OTHER, otherAt).jwtId("once").build(), "GET", API, otherAt, TOKENS.validate(otherAt)))
        .isNotNull();
  }

  @Test
  void verify_refusedProof_doesNotUseUpItsJti() {
    DpopVerifier v = verifier();
    String at = token(KEY.thumbprint());
    VerifiedToken t = TOKENS.validate(at);
    String p = proof(KEY, at).jwtId("j").build();
    refused(() -> v.verify(p, "POST", API, at, t), Reason.WRONG_METHOD, "POST");
    assertThat(v.verify(p, "GET", API, at, t)).isNotNull();
  }

  @Test
  void verify_missingOrWrongAth_isRefused() {
    String at = token(KEY.thumbprint());
    VerifiedToken t = TOKENS.validate(at);
    refused(() -> verifier().verify(KEY.proof("GET", API).clock(CLOCK).build(), "GET", API, at, t),
        Reason.MISSING_ACCESS_TOKEN_HASH, "no ath");
    refused(() -> verifier().verify(proof(KEY, at + "x").build(), "GET", API, at, t), Reason.WRONG_ACCESS_TOKEN_HASH,
        "not the access token's hash");
  }

  @Test
  void verify_unboundTokenOrTokenBoundToAnotherKey_isRefusedAsInvalidToken() {
    String unbound = token(null);
    refused(() -> verifier().verify(proof(KEY, unbound).build(), "GET", API, unbound, TOKENS.validate(unbound)),
        Reason.TOKEN_NOT_BOUND, "no cnf.jkt");
    String others = token(OTHER.thumbprint());
    refused(() -> verifier().verify(proof(KEY, others).build(), "GET", API, others, TOKENS.validate(others)),
        Reason.KEY_MISMATCH, "bound to another key");
    assertThat(Reason.KEY_MISMATCH.errorCode()).isEqualTo("invalid_token");
    assertThat(Reason.BAD_SIGNATURE.errorCode()).isEqualTo("invalid_dpop_proof");
    assertThat(DpopVerifier.isBound(TOKENS.validate(others))).isTrue();
    assertThat(DpopVerifier.isBound(TOKENS.validate(unbound))).isFalse();
  }

  @Test
  void verify_withNonces_demandsTheCurrentNonceAndNamesIt() {
    DpopNonces nonces = DpopNonces.rotating(Duration.ofMinutes(1), CLOCK);
    DpopVerifier v = DpopVerifier.newBuilder().clock(CLOCK).nonces(nonces).build();
    String at = token(KEY.thumbprint());
    VerifiedToken t = TOKENS.validate(at);
    assertThatThrownBy(() -> v.verify(proof(KEY, at).build(), "GET", API, at, t))
        .isInstanceOfSatisfying(DpopProofException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.NONCE_REQUIRED);
          assertThat(e.reason().errorCode()).isEqualTo("use_dpop_nonce");
          assertThat(e.nonce()).contains(nonces.current());
        });
    refused(() -> v.verify(proof(KEY, at).nonce("stale").build(), "GET", API, at, t), Reason.BAD_NONCE, "not current");
    assertThat(v.verify(proof(KEY, at).nonce(nonces.current()).build(), "GET", API, at, t).nonce())
        .contains(nonces.current());
  }

  @Test
  void rotatingNonces_acceptTheCurrentAndPreviousPeriodOnly() {
    Instant[] now = {NOW};
    Clock moving = new Clock() {
      @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now[0]; }
    };
    DpopNonces n = DpopNonces.rotating(Duration.ofSeconds(10), moving);
    String first = n.current();
    now[0] = NOW.plusSeconds(10);
    assertThat(n.current()).isNotEqualTo(first);
    assertThat(n.isValid(first)).isTrue();
    now[0] = NOW.plusSeconds(20);
    assertThat(n.isValid(first)).isFalse();
    assertThat(n.isValid(null)).isFalse();
  }

  @Test
  void replayCache_whenFullOfLiveEntries_failsClosed_andFreesExpiredEntries() {
    Instant[] now = {NOW};
    Clock moving = new Clock() {
      @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now[0]; }
    };
    DpopVerifier v = DpopVerifier.newBuilder().clock(moving).replayCacheCapacity(3).build();
    String at = token(KEY.thumbprint());
    VerifiedToken t = TOKENS.validate(at);
    for (int i = 0; i < 3; i++) v.verify(KEY.proof("GET", API).clock(moving).accessToken(at).build(), "GET", API, at, t);
    refused(() -> v.verify(KEY.proof("GET", API).clock(moving).accessToken(at).build(), "GET", API, at, t),
        Reason.REPLAY_CACHE_FULL, "full");
    now[0] = NOW.plusSeconds(67); // past iat + 60 s + 5 s + 1 s
    assertThat(v.verify(KEY.proof("GET", API).clock(moving).accessToken(at).build(), "GET", API, at, t)).isNotNull();
  }

  @Test
  void replayCache_underAFloodOfDistinctEntries_staysWithinItsCapacity() {
    ReplayCache cache = new ReplayCache(1000);
    int full = 0;
    for (int i = 0; i < 50_000; i++) {
      if (cache.add("k" + i, NOW.plusSeconds(60), NOW) == ReplayCache.Outcome.FULL) full++;
    }
    assertThat(cache.size()).isEqualTo(1000);
    assertThat(full).isEqualTo(49_000);
  }

  @Test
  void builder_refusesOutOfRangeOptions() {
    assertThatThrownBy(() -> DpopVerifier.newBuilder().proofLifetime(Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 s .. 10 min");
    assertThatThrownBy(() -> DpopVerifier.newBuilder().clockSkew(Duration.ofMinutes(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DpopVerifier.newBuilder().replayCacheCapacity(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DpopVerifier.newBuilder().maxProofLength(10)).isInstanceOf(IllegalArgumentException.class);
  }
}
