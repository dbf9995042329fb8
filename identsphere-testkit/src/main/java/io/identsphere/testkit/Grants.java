package io.identsphere.testkit;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Codes, refresh-token families and revocations of the fake server. Thread-safe. */
final class Grants {
  static final class Code {
    final String clientId;
    final URI redirectUri;
    final String challenge;
    final String nonce;
    final String scope;
    final String subject;
    final String issuer;
    final Instant expiresAt;
    volatile boolean used;
    volatile String family;

    Code(String clientId, URI redirectUri, String challenge, String nonce, String scope, String subject, String issuer,
        Instant expiresAt) {
      this.clientId = clientId;
      this.redirectUri = redirectUri;
      this.challenge = challenge;
      this.nonce = nonce;
      this.scope = scope;
      this.subject = subject;
      this.issuer = issuer;
      this.expiresAt = expiresAt;
    }
  }

  static final class Refresh {
    final String family;
    final String clientId;
    final String subject;
    final String scope;
    final String issuer;
    final Instant expiresAt;
    volatile boolean used;

    Refresh(String family, String clientId, String subject, String scope, String issuer, Instant expiresAt) {
      this.family = family;
      this.clientId = clientId;
      this.subject = subject;
      this.scope = scope;
      this.issuer = issuer;
      this.expiresAt = expiresAt;
    }
  }

  final Map<String, Code> codes = new ConcurrentHashMap<>();
  final Map<String, Refresh> refreshTokens = new ConcurrentHashMap<>();
  /** Refresh token to the thumbprint of the DPoP key it is bound to (RFC 9449 §5). */
  final Map<String, String> refreshKeys = new ConcurrentHashMap<>();
  final Map<String, String> familySubjects = new ConcurrentHashMap<>();
  final Set<String> revokedFamilies = ConcurrentHashMap.newKeySet();
  final Set<String> revokedJtis = ConcurrentHashMap.newKeySet();
  /** Opaque access token to the JWT it stands for; only the server can resolve it. */
  final Map<String, String> opaqueTokens = new ConcurrentHashMap<>();

  /** When each family's user signed in: a refreshed ID token repeats it (OIDC Core 12.2). */
  final Map<String, Instant> familyAuthTimes = new ConcurrentHashMap<>();

  Instant authTime(String family, Instant now) {
    return family == null ? now : familyAuthTimes.computeIfAbsent(family, f -> now);
  }

  String opaque(String jwt) {
    String handle = Exchanges.random();
    opaqueTokens.put(handle, jwt);
    return handle;
  }

  void revokeFamily(String family) {
    if (family != null) revokedFamilies.add(family);
  }

  void revokeSubject(String subject) {
    familySubjects.forEach((family, sub) -> {
      if (sub.equals(subject)) revokedFamilies.add(family);
    });
  }

  void clear() {
    codes.clear();
    refreshTokens.clear();
    refreshKeys.clear();
    familySubjects.clear();
    revokedFamilies.clear();
    revokedJtis.clear();
    opaqueTokens.clear();
    familyAuthTimes.clear();
  }
}
