package io.identsphere.testkit;

import java.net.URI;
import java.time.Instant;
import java.util.List;
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
    /** The resources (RFC 8707) the authorization request named; empty for none. */
    final List<String> resources;
    volatile boolean used;
    volatile String family;

    Code(String clientId, URI redirectUri, String challenge, String nonce, String scope, String subject, String issuer,
        Instant expiresAt, List<String> resources) {
      this.resources = List.copyOf(resources);
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
    /** The resources the grant covers; empty for none. */
    final List<String> resources;
    volatile boolean used;

    Refresh(String family, String clientId, String subject, String scope, String issuer, Instant expiresAt) {
      this(family, clientId, subject, scope, issuer, expiresAt, List.of());
    }

    Refresh(String family, String clientId, String subject, String scope, String issuer, Instant expiresAt,
        List<String> resources) {
      this.resources = List.copyOf(resources);
      this.family = family;
      this.clientId = clientId;
      this.subject = subject;
      this.scope = scope;
      this.issuer = issuer;
      this.expiresAt = expiresAt;
    }
  }

  /** A pushed authorization request (RFC 9126): the parameters, by {@code request_uri}. */
  static final class Pushed {
    final String clientId;
    final Map<String, String> params;
    final List<String> resources;
    final Instant expiresAt;

    Pushed(String clientId, Map<String, String> params, List<String> resources, Instant expiresAt) {
      this.clientId = clientId;
      this.params = Map.copyOf(params);
      this.resources = List.copyOf(resources);
      this.expiresAt = expiresAt;
    }
  }

  final Map<String, Code> codes = new ConcurrentHashMap<>();
  final Map<String, Pushed> pushed = new ConcurrentHashMap<>();
  /** Client id and {@code jti} of every client assertion seen, to its {@code exp}. */
  private final Map<String, Instant> assertions = new ConcurrentHashMap<>();
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

  /** Records an assertion's id; false when it was seen before (a replay). Forgets expired ones. */
  boolean rememberAssertion(String id, Instant expiresAt, Instant now) {
    assertions.values().removeIf(exp -> exp.isBefore(now));
    return assertions.putIfAbsent(id, expiresAt) == null;
  }

  void revokeFamily(String family) {
    if (family != null) revokedFamilies.add(family);
  }

  void revokeSubject(String subject) {
    familySubjects.forEach((family, sub) -> {
      if (sub.equals(subject)) revokedFamilies.add(family);
    });
  }

  /** The open sessions (refresh families not revoked) of a subject, in no particular order. */
  java.util.List<String> sessionsOf(String subject) {
    java.util.List<String> open = new java.util.ArrayList<>();
    familySubjects.forEach((family, sub) -> {
      if (sub.equals(subject) && !revokedFamilies.contains(family)) open.add(family);
    });
    return open;
  }

  void clear() {
    codes.clear();
    pushed.clear();
    assertions.clear();
    refreshTokens.clear();
    refreshKeys.clear();
    familySubjects.clear();
    revokedFamilies.clear();
    revokedJtis.clear();
    opaqueTokens.clear();
    familyAuthTimes.clear();
  }
}
