package io.identsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Roles, custom roles and scopes as sets: the no-copy view of one claim behaves like the copy of several. */
class IdentSphereUserRolesTest {
  static IdentSphereUser user(Map<String, Object> claims) {
    return IdentSphereUser.fromClaims(claims, ClaimMapping.DEFAULT);
  }

  @Test
  void roles_fromOneArray_keepTheClaimOrderAndTheSetContract() {
    IdentSphereUser u = user(Map.of("sub", "a", "roles", List.of("Admin", "member", "auditor")));
    Set<String> roles = u.roles();
    assertThat(roles).containsExactly("Admin", "member", "auditor");
    assertThat(roles).isEqualTo(Set.of("auditor", "Admin", "member")).hasSameHashCodeAs(Set.of("auditor", "Admin", "member"));
    assertThat(roles.contains("member")).isTrue();
    assertThat(roles.contains("admin")).isFalse(); // the set is exact; role checks ignore case
    assertThat(u.hasRole("ADMIN")).isTrue();
    assertThat(u.hasRole("owner")).isFalse();
    assertThat(u.hasAllRoles(false, "admin", "AUDITOR")).isTrue();
    assertThatThrownBy(() -> roles.add("owner")).isInstanceOf(UnsupportedOperationException.class);
    Iterator<String> it = roles.iterator();
    it.next();
    assertThatThrownBy(it::remove).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void roles_withDuplicatesOrEmptyStrings_areCleanedAsBefore() {
    assertThat(user(Map.of("roles", List.of("a", "b", "a", ""))).roles()).containsExactly("a", "b");
    assertThat(user(Map.of("roles", List.of())).roles()).isEmpty();
    assertThat(user(Map.of("roles", List.of(""))).roles()).isEmpty();
  }

  @Test
  void roles_fromBothRoleClaims_areTheirUnion() {
    IdentSphereUser u = user(Map.of("roles", List.of("a", "b"), "realm_access", Map.of("roles", List.of("b", "c"))));
    assertThat(u.roles()).containsExactly("a", "b", "c");
    assertThat(u.hasRole("C")).isTrue();
    assertThat(user(Map.of("realm_access", Map.of("roles", List.of("kc")))).roles()).containsExactly("kc");
  }

  @Test
  void roles_manyOfThem_areCopiedAndStillComplete() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 40; i++) many.add("Role" + i);
    IdentSphereUser u = user(Map.of("roles", many));
    assertThat(u.roles()).containsExactlyElementsOf(new LinkedHashSet<>(many));
    assertThat(u.hasRole("role39")).isTrue();
  }

  @Test
  void customRolesAndScopes_areReadOnTheirOwn() {
    IdentSphereUser u = user(Map.of("roles", List.of("a"), "custom_roles", List.of("Editor"), "scope", "openid  orders:read"));
    assertThat(u.customRoles()).containsExactly("Editor");
    assertThat(u.hasRole("editor")).isFalse();
    assertThat(u.hasRole("editor", true)).isTrue();
    assertThat(u.hasCustomRole("EDITOR")).isTrue();
    assertThat(u.scopes()).containsExactly("openid", "orders:read");
    assertThat(u.hasScope("orders:read")).isTrue();
    assertThat(user(Map.of("scp", List.of("x", "y"))).scopes()).containsExactly("x", "y");
  }
}
