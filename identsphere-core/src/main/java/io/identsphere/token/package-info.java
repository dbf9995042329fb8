/** Token validation: {@link io.identsphere.token.TokenValidator} and its verified result. */
package io.identsphere.token;
