package io.identsphere;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The user model's counterparts of the Python SDK's {@code user_id}, {@code tenant_id}, {@code email_verified}, {@code has_any_role}. */
class IdentSphereUserTest {
  private static final String USER = "3f2c1a9e-7b4d-4c1e-9a3b-5d6e7f8a9b0c";
  private static final String TENANT = "0A1B2C3D-4E5F-4061-8293-A4B5C6D7E8F9";

  static IdentSphereUser user(Object... nameValues) {
    Map<String, Object> c = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) c.put((String) nameValues[i], nameValues[i + 1]);
    return IdentSphereUser.fromClaims(c, ClaimMapping.DEFAULT);
  }

  @Test
  void userUuidAndTenantUuid_whenTheyAreUuids_areParsed() {
    IdentSphereUser u = user("sub", USER, "org", TENANT);
    assertThat(u.userUuid()).contains(UUID.fromString(USER));
    assertThat(u.tenantUuid()).contains(UUID.fromString(TENANT));
    assertThat(u.tenantId()).contains(TENANT);
  }

  @Test
  void userUuidAndTenantUuid_whenTheyAreNotCanonicalUuids_areEmpty() {
    for (String notUuid : List.of("alice", "3f2c1a9e7b4d4c1e9a3b5d6e7f8a9b0c", "1-2-3-4-5", "3f2c1a9e-7b4d-4c1e-9a3b-5d6e7f8a9b0", 
        "3f2c1a9e-7b4d-4c1e-9a3b-5d6e7f8a9b0g", "３f2c1a9e-7b4d-4c1e-9a3b-5d6e7f8a9b0c", "+f2c1a9e-7b4d-4c1e-9a3b-5d6e7f8a9b0c")) {
      IdentSphereUser u = user("sub", notUuid, "org", notUuid);
      assertThat(u.userUuid()).as(notUuid).isEmpty();
      assertThat(u.tenantUuid()).as(notUuid).isEmpty();
    }
    assertThat(user("sub", USER).tenantUuid()).isEmpty();
  }

  @Test
  void emailVerifiedClaim_tellsAbsentFromFalse() {
    assertThat(user("sub", "a").emailVerifiedClaim()).isEmpty();
    assertThat(user("sub", "a", "email_verified", false).emailVerifiedClaim()).contains(false);
    assertThat(user("sub", "a", "email_verified", true).emailVerifiedClaim()).contains(true);
    assertThat(user("sub", "a", "email_verified", "yes").emailVerifiedClaim()).isEmpty();
    assertThat(user("sub", "a").emailVerified()).isFalse();
  }

  @Test
  void hasAnyRole_withoutTheFlag_countsCustomRolesAsThePythonSdkDoes() {
    IdentSphereUser u = user("sub", "a", "roles", List.of("member"), "custom_roles", List.of("billing-approver"));
    assertThat(u.hasAnyRole("billing-approver")).isTrue();
    assertThat(u.hasAnyRole(false, "billing-approver")).isFalse();
    assertThat(u.hasAnyRole("admin", "MEMBER")).isTrue();
    assertThat(u.hasAnyRole("admin")).isFalse();
    assertThat(u.hasAnyRole()).isFalse();
  }
}
