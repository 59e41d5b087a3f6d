/**
 * What code woven into {@code CompletableFuture} calls: the woven front end
 * of the recorder's tracing core, and which callbacks are the application's.
 * Loaded from the bootstrap class path, where the JDK's classes can see it.
 */
package io.reactortrack.agent.boot;
