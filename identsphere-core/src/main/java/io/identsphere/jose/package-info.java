/** JSON Web Keys and algorithms (RFC 7517, RFC 7518): the keys a validator trusts. */
package io.identsphere.jose;
