/**
 * The typed user model and the root exception. Every parameter in this library's API is non-null
 * unless its javadoc says otherwise; a null where none is allowed throws
 * {@link java.lang.NullPointerException} naming the parameter.
 */
package io.identsphere;
