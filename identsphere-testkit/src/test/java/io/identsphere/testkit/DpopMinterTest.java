package io.identsphere.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.dpop.DpopKey;
import io.identsphere.dpop.DpopProofException;
import io.identsphere.dpop.DpopProofException.Reason;
import io.identsphere.dpop.DpopVerifier;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.token.VerifiedToken;
import java.net.URI;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The minter's DPoP-bound tokens and proofs, and that each bad preset fails for its own reason. */
class DpopMinterTest {
  @RegisterExtension
  static final IdentSphereExtension IDP = new IdentSphereExtension();
  private static final DpopKey KEY = DpopKey.generate();
  private static final URI API = URI.create("https://api.example.test/orders");

  private static VerifiedToken validate(String token) {
    FakeIdentSphere idp = IDP.server();
    return IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").audience("api").clock(idp.clock()).build()
        .accessTokenValidator().validate(token);
  }

  private static DpopVerifier verifier() {
    return DpopVerifier.newBuilder().clock(IDP.server().clock()).build();
  }

  @Test
  void boundToken_carriesTheKeysThumbprint_andAGoodProofVerifies() {
    String token = IDP.server().minter().accessToken("alice").boundTo(KEY).sign();
    VerifiedToken t = validate(token);
    assertThat(DpopVerifier.boundThumbprint(t)).contains(KEY.thumbprint());
    String proof = IDP.server().minter().dpopProof(KEY, "GET", API).accessToken(token).sign();
    assertThat(verifier().verify(proof, "GET", API, token, t).thumbprint()).isEqualTo(KEY.thumbprint());
  }

  @Test
  void eachBadPreset_isRefusedForItsOwnReason() {
    String token = IDP.server().minter().accessToken("alice").boundTo(KEY).sign();
    VerifiedToken t = validate(token);
    refused(d -> d.wrongUri(), token, t, Reason.WRONG_URI);
    refused(d -> d.wrongMethod(), token, t, Reason.WRONG_METHOD);
    refused(d -> d.oldIssuedAt(), token, t, Reason.EXPIRED);
    refused(d -> d.wrongKey(), token, t, Reason.BAD_SIGNATURE);
    refused(d -> d.withoutAccessTokenHash(), token, t, Reason.MISSING_ACCESS_TOKEN_HASH);
    DpopVerifier v = verifier();
    String replayed = IDP.server().minter().dpopProof(KEY, "GET", API).accessToken(token).jwtId("same").sign();
    v.verify(replayed, "GET", API, token, t);
    assertThatThrownBy(() -> v.verify(replayed, "GET", API, token, t))
        .isInstanceOfSatisfying(DpopProofException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REPLAYED));
  }

  private static void refused(UnaryOperator<DpopProofDraft> preset, String token, VerifiedToken t, Reason reason) {
    String proof = preset.apply(IDP.server().minter().dpopProof(KEY, "GET", API).accessToken(token)).sign();
    assertThatThrownBy(() -> verifier().verify(proof, "GET", API, token, t)).as("%s", reason)
        .isInstanceOfSatisfying(DpopProofException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
