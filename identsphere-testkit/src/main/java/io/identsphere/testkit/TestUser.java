package io.identsphere.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A user of the fake server. The same claims appear in its ID tokens, access tokens, userinfo,
 * introspection and {@code /v1/users/me}.
 *
 * <p>Immutable and thread-safe; built with {@link #builder(String)} (the builder is not thread-safe).
 */
public final class TestUser {
  private final String subject;
  private final String email;
  private final String password;
  private final String givenName;
  private final String familyName;
  private final String tenant;
  private final List<String> roles;
  private final List<String> customRoles;
  private final List<String> scopes;
  private final Map<String, Object> extra;

  private TestUser(Builder b) {
    this.subject = b.subject;
    this.email = b.email != null ? b.email : b.subject + "@example.test";
    this.password = b.password;
    this.givenName = b.givenName;
    this.familyName = b.familyName;
    this.tenant = b.tenant;
    this.roles = List.copyOf(b.roles);
    this.customRoles = List.copyOf(b.customRoles);
    this.scopes = List.copyOf(b.scopes);
    this.extra = Map.copyOf(b.extra);
  }

  /**
   * Starts a user with this subject.
   *
   * @param subject the {@code sub}
   * @return a builder
   */
  public static Builder builder(String subject) {
    return new Builder(Objects.requireNonNull(subject, "subject == null"));
  }

  /**
   * Returns the {@code sub}.
   *
   * @return the {@code sub}
   */
  public String subject() {
    return subject;
  }

  /**
   * Returns the email, also the login name.
   *
   * @return the email, also the login name
   */
  public String email() {
    return email;
  }

  /**
   * Returns the password for the login form and {@code /v1/auth/login}.
   *
   * @return the password for the login form and {@code /v1/auth/login}
   */
  public String password() {
    return password;
  }

  /**
   * Returns the built-in roles.
   *
   * @return the built-in roles
   */
  public List<String> roles() {
    return roles;
  }

  /**
   * Returns the tenant ({@code org} and {@code tenant_id}), or null.
   *
   * @return the tenant ({@code org} and {@code tenant_id}), or null
   */
  public String tenant() {
    return tenant;
  }

  /**
   * Returns the profile claims that every token and endpoint shares.
   *
   * @return sub, email, email_verified, names, org / tenant_id, roles, custom_roles, and any extra
   *     claims
   */
  public Map<String, Object> claims() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("sub", subject);
    c.put("email", email);
    c.put("email_verified", true);
    if (givenName != null) c.put("given_name", givenName);
    if (familyName != null) c.put("family_name", familyName);
    String name = ((givenName == null ? "" : givenName) + " " + (familyName == null ? "" : familyName)).trim();
    if (!name.isEmpty()) c.put("name", name);
    if (tenant != null) {
      c.put("org", tenant);
      c.put("tenant_id", tenant);
    }
    c.put("roles", roles);
    if (!customRoles.isEmpty()) c.put("custom_roles", customRoles);
    c.putAll(extra);
    return c;
  }

  /**
   * Returns the scopes this user's tokens may carry beyond those requested (none by default).
   *
   * @return the scopes this user's tokens may carry beyond those requested (none by default)
   */
  public List<String> scopes() {
    return scopes;
  }

  @Override
  public String toString() {
    return "TestUser{" + subject + ", " + email + ", roles=" + roles + (tenant == null ? "" : ", tenant=" + tenant) + "}";
  }

  /** Builds a {@link TestUser}. Not thread-safe. */
  public static final class Builder {
    private final String subject;
    private String email;
    private String password = "password";
    private String givenName;
    private String familyName;
    private String tenant;
    private final List<String> roles = new ArrayList<>();
    private final List<String> customRoles = new ArrayList<>();
    private final List<String> scopes = new ArrayList<>();
    private final Map<String, Object> extra = new LinkedHashMap<>();

    private Builder(String subject) {
      this.subject = subject;
    }

    /**
     * Sets the email and login name.
     *
     * @param email the email and login name
     * @return this builder
     */
    public Builder email(String email) {
      this.email = email;
      return this;
    }

    /**
     * Sets the password (default {@code password}).
     *
     * @param password the password (default {@code password})
     * @return this builder
     */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /**
     * Sets the given and family names (claims {@code given_name}, {@code family_name} and {@code name}).
     *
     * @param given given name
     * @param family family name
     * @return this builder
     */
    public Builder name(String given, String family) {
      this.givenName = given;
      this.familyName = family;
      return this;
    }

    /**
     * Sets the tenant ({@code org}, {@code tenant_id}).
     *
     * @param tenant the tenant ({@code org}, {@code tenant_id})
     * @return this builder
     */
    public Builder tenant(String tenant) {
      this.tenant = tenant;
      return this;
    }

    /**
     * Adds built-in roles.
     *
     * @param roles built-in roles
     * @return this builder
     */
    public Builder roles(String... roles) {
      this.roles.addAll(List.of(roles));
      return this;
    }

    /**
     * Adds custom roles of the tenant.
     *
     * @param roles the tenant's custom roles
     * @return this builder
     */
    public Builder customRoles(String... roles) {
      this.customRoles.addAll(List.of(roles));
      return this;
    }

    /**
     * Adds scopes granted to this user's tokens beyond those requested.
     *
     * @param scopes extra scopes granted to this user's tokens
     * @return this builder
     */
    public Builder scopes(String... scopes) {
      this.scopes.addAll(List.of(scopes));
      return this;
    }

    /**
     * Adds a claim to this user's profile claims.
     *
     * @param name claim name
     * @param value plain JDK value
     * @return this builder
     */
    public Builder claim(String name, Object value) {
      this.extra.put(name, value);
      return this;
    }

    /**
     * Builds the user.
     *
     * @return the user
     */
    public TestUser build() {
      return new TestUser(this);
    }
  }
}
