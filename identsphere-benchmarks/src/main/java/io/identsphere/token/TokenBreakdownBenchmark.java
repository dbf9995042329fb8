package io.identsphere.token;

import io.identsphere.bench.ValidationBenchmark;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * The validator's HS256 path in cumulative steps (split and decode; plus the MAC; plus the claims
 * parse; the whole validation) and two steps alone (the claim checks with the result objects, and
 * reading the clock). For performance work, not for the README table; it sits in the validator's
 * package to reach the package-private steps (the benchmark runs on the class path).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(2)
public class TokenBreakdownBenchmark {
  ValidationBenchmark v = new ValidationBenchmark();
  TokenValidator validator;
  String token;
  CompactJws jws;
  Map<String, Object> claims;

  @Setup
  public void setup() throws Exception {
    v.setup();
    validator = v.hs256Validator();
    token = v.hs256Token();
    jws = validator.verifySignature(token);
    claims = jws.claims();
  }

  @Benchmark public Object parse() { return CompactJws.parse(token); }
  @Benchmark public Object verify() { return validator.verifySignature(token); }
  @Benchmark public Object verifyAndClaims() { return validator.verifySignature(token).claims(); }
  @Benchmark public Object validateUser() { return validator.validate(token).user().subject(); }
  @Benchmark public Object checks() { return validator.checkClaims(jws, claims); }
  @Benchmark public Object clock() { return validator.clock().instant(); }

  // The claim checks one by one, to find where checks() goes.
  ClaimRules rules = new ClaimRules(io.identsphere.ClaimMapping.DEFAULT);
  @Benchmark public void markers() { ClaimRules.refuseNonAccessTokens(claims, jws.type); }
  @Benchmark public void times() { validator.steps.times.check(claims); }
  @Benchmark public void issuerAudience() {
    validator.steps.expectations.checkIssuer(claims);
    validator.steps.expectations.checkAudience(claims);
  }
  @Benchmark public void types() { rules.checkTypes(claims); }
  @Benchmark public Object user() { return io.identsphere.IdentSphereUser.fromClaims(claims, io.identsphere.ClaimMapping.DEFAULT); }
  @Benchmark public void type() { validator.steps.expectations.checkType(jws.type); }
}
