/**
 * Internals of the recorder. Not an API: anything here may change without notice.
 */
package io.reactortrack.recorder.internal;
