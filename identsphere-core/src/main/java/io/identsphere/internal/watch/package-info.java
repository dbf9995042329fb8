/**
 * Internal: delivery of validation events to listeners, JDK Flight Recorder and
 * {@link java.lang.System.Logger}. Not exported.
 */
package io.identsphere.internal.watch;
