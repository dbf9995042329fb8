/**
 * Jakarta REST integration: register {@link io.identsphere.jaxrs.IdentSphereFeature} and annotate
 * resources. Every parameter is non-null unless documented otherwise.
 */
package io.identsphere.jaxrs;
