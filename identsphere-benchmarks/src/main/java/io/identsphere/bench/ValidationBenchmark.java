package io.identsphere.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TokenValidator;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import io.identsphere.IdentSphereUser;

/**
 * Validates the same claims (~350 bytes of JSON, 3 roles; a ~570-byte HS256 token and an ~870-byte
 * RS256 token) with: our validator, the raw JCA floor (only the
 * signature or MAC over the signing input, no parsing, no claim checks), and Nimbus, jose4j, auth0
 * java-jwt and jjwt configured for the same checks (signature, iss, aud, exp, nbf). Every library
 * reads what an application reads: the subject <b>and the roles</b>, both handed to the
 * {@link Blackhole}. {@code *_identsphereCacheHit} validates the same token text (another String
 * instance, so equality compares every character) with the verified-token cache on.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class ValidationBenchmark {
  static final String ISS = "https://id.example.com";
  static final String AUD = "orders-api";

  String rsToken;
  String hsToken;
  byte[] rsInput;
  byte[] rsSig;
  byte[] hsInput;
  byte[] hsTag;
  RSAPublicKey pub;
  byte[] secret;
  Signature rawSignature;
  Mac rawMac;

  TokenValidator oursRs;
  TokenValidator oursHs;
  TokenValidator cachedRs;
  TokenValidator cachedHs;
  String rsTokenCopy;
  String hsTokenCopy;
  DefaultJWTProcessor<SecurityContext> nimbusRs;
  DefaultJWTProcessor<SecurityContext> nimbusHs;
  JwtConsumer jose4jRs;
  JwtConsumer jose4jHs;
  JWTVerifier auth0Rs;
  JWTVerifier auth0Hs;
  JwtParser jjwtRs;
  JwtParser jjwtHs;

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  @Setup
  public void setup() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair kp = g.generateKeyPair();
    pub = (RSAPublicKey) kp.getPublic();
    secret = new byte[32];
    new java.security.SecureRandom().nextBytes(secret);
    long now = System.currentTimeMillis() / 1000;
    String claims = "{\"iss\":\"" + ISS + "\",\"sub\":\"8f14e45f-ceea-467f-a8f5-0a2b5c3d9e11\",\"aud\":\"" + AUD + "\",\"exp\":"
        + (now + 86400) + ",\"iat\":" + now + ",\"nbf\":" + now + ",\"jti\":\"c9f0f895-fb98-4b91-9d35-2d5a1b3c4e7f\",\"email\":\"ada@example.com\","
        + "\"email_verified\":true,\"name\":\"Ada Lovelace\",\"org\":\"acme\",\"roles\":[\"admin\",\"member\",\"auditor\"],"
        + "\"scope\":\"openid profile email orders:read\"}";
    String payload = b64(claims.getBytes(StandardCharsets.UTF_8));
    String rsInputText = b64("{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + payload;
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(kp.getPrivate());
    s.update(rsInputText.getBytes(StandardCharsets.US_ASCII));
    rsSig = s.sign();
    rsToken = rsInputText + "." + b64(rsSig);
    rsInput = rsInputText.getBytes(StandardCharsets.US_ASCII);
    String hsInputText = b64("{\"alg\":\"HS256\",\"kid\":\"s1\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + payload;
    Mac m = Mac.getInstance("HmacSHA256");
    m.init(new SecretKeySpec(secret, "HmacSHA256"));
    hsTag = m.doFinal(hsInputText.getBytes(StandardCharsets.US_ASCII));
    hsToken = hsInputText + "." + b64(hsTag);
    hsInput = hsInputText.getBytes(StandardCharsets.US_ASCII);
    // The claims are the same in both tokens; the HS256 token is ~500 bytes, the RS256 one adds
    // the 342-character 2048-bit signature.
    if (hsToken.length() < 450 || hsToken.length() > 680) throw new IllegalStateException("token size " + hsToken.length());
    System.out.println("token sizes: HS256 " + hsToken.length() + " bytes, RS256 " + rsToken.length() + " bytes");

    rawSignature = Signature.getInstance("SHA256withRSA");
    rawMac = Mac.getInstance("HmacSHA256");
    rawMac.init(new SecretKeySpec(secret, "HmacSHA256"));

    oursRs = TokenValidator.newBuilder().keySource(JwkSet.of(Jwk.fromPublicKey(pub, "k1", JwsAlgorithm.RS256)))
        .expectIssuer(ISS).expectAudience(AUD).build();
    oursHs = TokenValidator.newBuilder().keySource(JwkSet.of(Jwk.fromSecret(secret, "s1", JwsAlgorithm.HS256)))
        .allowAlgorithms(JwsAlgorithm.HS256).expectIssuer(ISS).expectAudience(AUD).build();

    cachedRs = oursRs.toBuilder().cacheVerifiedTokens(1024, java.time.Duration.ofMinutes(5)).build();
    cachedHs = oursHs.toBuilder().cacheVerifiedTokens(1024, java.time.Duration.ofMinutes(5)).build();
    cachedRs.validate(rsToken);
    cachedHs.validate(hsToken);
    rsTokenCopy = new String(rsToken.toCharArray());
    hsTokenCopy = new String(hsToken.toCharArray());

    nimbusRs = new DefaultJWTProcessor<>();
    nimbusRs.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
        new ImmutableJWKSet<>(new JWKSet(new RSAKey.Builder(pub).keyID("k1").build()))));
    nimbusRs.setJWTClaimsSetVerifier(claimsVerifier());
    nimbusHs = new DefaultJWTProcessor<>();
    nimbusHs.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256,
        new ImmutableJWKSet<>(new JWKSet(new OctetSequenceKey.Builder(secret).keyID("s1").build()))));
    nimbusHs.setJWTClaimsSetVerifier(claimsVerifier());

    jose4jRs = new JwtConsumerBuilder().setRequireExpirationTime().setExpectedIssuer(ISS).setExpectedAudience(AUD)
        .setVerificationKey(pub).build();
    jose4jHs = new JwtConsumerBuilder().setRequireExpirationTime().setExpectedIssuer(ISS).setExpectedAudience(AUD)
        .setVerificationKey(new SecretKeySpec(secret, "HmacSHA256")).setRelaxVerificationKeyValidation().build();

    auth0Rs = JWT.require(Algorithm.RSA256(pub, null)).withIssuer(ISS).withAudience(AUD).build();
    auth0Hs = JWT.require(Algorithm.HMAC256(secret)).withIssuer(ISS).withAudience(AUD).build();

    SecretKey hsKey = new SecretKeySpec(secret, "HmacSHA256");
    jjwtRs = Jwts.parser().verifyWith(pub).requireIssuer(ISS).requireAudience(AUD).build();
    jjwtHs = Jwts.parser().verifyWith(hsKey).requireIssuer(ISS).requireAudience(AUD).build();

    // Every contender must accept the token and read three roles, so nobody is measured failing fast.
    Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    if (!rs256_rawJca() || !hs256_rawJca()) throw new IllegalStateException("raw floor rejects");
    check(oursRs.validate(rsToken).user().roles().size());
    check(nimbusRs.process(rsToken, null).getStringListClaim("roles").size());
    check(nimbusHs.process(hsToken, null).getStringListClaim("roles").size());
    check(jose4jRs.processToClaims(rsToken).getStringListClaimValue("roles").size());
    check(jose4jHs.processToClaims(hsToken).getStringListClaimValue("roles").size());
    check(auth0Rs.verify(rsToken).getClaim("roles").asList(String.class).size());
    check(auth0Hs.verify(hsToken).getClaim("roles").asList(String.class).size());
    check(((List<?>) jjwtRs.parseSignedClaims(rsToken).getPayload().get("roles", List.class)).size());
    check(((List<?>) jjwtHs.parseSignedClaims(hsToken).getPayload().get("roles", List.class)).size());
    if (cachedHs.validate(hsTokenCopy) != cachedHs.validate(hsToken)) throw new IllegalStateException("no cache hit");
    rs256_identsphere(bh);
    hs256_identsphere(bh);
    rs256_identsphereCacheHit(bh);
    hs256_identsphereCacheHit(bh);
    rs256_nimbus(bh);
    hs256_nimbus(bh);
    rs256_jose4j(bh);
    hs256_jose4j(bh);
    rs256_auth0(bh);
    hs256_auth0(bh);
    rs256_jjwt(bh);
    hs256_jjwt(bh);
  }

  /** @return the HS256 validator, for the breakdown benchmarks */
  public TokenValidator hs256Validator() {
    return oursHs;
  }

  /** @return the HS256 token, for the breakdown benchmarks */
  public String hs256Token() {
    return hsToken;
  }

  private static void check(int roles) {
    if (roles != 3) throw new IllegalStateException("expected 3 roles, read " + roles);
  }

  private static DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier() {
    return new DefaultJWTClaimsVerifier<>(AUD, new JWTClaimsSet.Builder().issuer(ISS).build(),
        new HashSet<>(List.of("exp", "sub")));
  }

  @Benchmark
  public boolean rs256_rawJca() throws Exception {
    rawSignature.initVerify(pub);
    rawSignature.update(rsInput);
    return rawSignature.verify(rsSig);
  }

  @Benchmark
  public boolean hs256_rawJca() {
    return java.security.MessageDigest.isEqual(rawMac.doFinal(hsInput), hsTag);
  }


  @Benchmark
  public void rs256_identsphere(Blackhole bh) throws Exception {
    IdentSphereUser u = oursRs.validate(rsToken).user();
    bh.consume(u.subject());
    bh.consume(u.roles());
  }

  @Benchmark
  public void hs256_identsphere(Blackhole bh) throws Exception {
    IdentSphereUser u = oursHs.validate(hsToken).user();
    bh.consume(u.subject());
    bh.consume(u.roles());
  }

  @Benchmark
  public void rs256_identsphereCacheHit(Blackhole bh) throws Exception {
    IdentSphereUser u = cachedRs.validate(rsTokenCopy).user();
    bh.consume(u.subject());
    bh.consume(u.roles());
  }

  @Benchmark
  public void hs256_identsphereCacheHit(Blackhole bh) throws Exception {
    IdentSphereUser u = cachedHs.validate(hsTokenCopy).user();
    bh.consume(u.subject());
    bh.consume(u.roles());
  }

  @Benchmark
  public void rs256_nimbus(Blackhole bh) throws Exception {
    JWTClaimsSet c = nimbusRs.process(rsToken, null);
    bh.consume(c.getSubject());
    bh.consume(c.getStringListClaim("roles"));
  }

  @Benchmark
  public void hs256_nimbus(Blackhole bh) throws Exception {
    JWTClaimsSet c = nimbusHs.process(hsToken, null);
    bh.consume(c.getSubject());
    bh.consume(c.getStringListClaim("roles"));
  }

  @Benchmark
  public void rs256_jose4j(Blackhole bh) throws Exception {
    org.jose4j.jwt.JwtClaims c = jose4jRs.processToClaims(rsToken);
    bh.consume(c.getSubject());
    bh.consume(c.getStringListClaimValue("roles"));
  }

  @Benchmark
  public void hs256_jose4j(Blackhole bh) throws Exception {
    org.jose4j.jwt.JwtClaims c = jose4jHs.processToClaims(hsToken);
    bh.consume(c.getSubject());
    bh.consume(c.getStringListClaimValue("roles"));
  }

  @Benchmark
  public void rs256_auth0(Blackhole bh) throws Exception {
    com.auth0.jwt.interfaces.DecodedJWT c = auth0Rs.verify(rsToken);
    bh.consume(c.getSubject());
    bh.consume(c.getClaim("roles").asList(String.class));
  }

  @Benchmark
  public void hs256_auth0(Blackhole bh) throws Exception {
    com.auth0.jwt.interfaces.DecodedJWT c = auth0Hs.verify(hsToken);
    bh.consume(c.getSubject());
    bh.consume(c.getClaim("roles").asList(String.class));
  }

  @Benchmark
  public void rs256_jjwt(Blackhole bh) throws Exception {
    io.jsonwebtoken.Claims c = jjwtRs.parseSignedClaims(rsToken).getPayload();
    bh.consume(c.getSubject());
    bh.consume(c.get("roles", List.class));
  }

  @Benchmark
  public void hs256_jjwt(Blackhole bh) throws Exception {
    io.jsonwebtoken.Claims c = jjwtHs.parseSignedClaims(hsToken).getPayload();
    bh.consume(c.getSubject());
    bh.consume(c.get("roles", List.class));
  }
}
