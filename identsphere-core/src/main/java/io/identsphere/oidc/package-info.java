/** The OpenID Connect and IdentSphere API client, and the remote JWK Set key source. */
package io.identsphere.oidc;
