/**
 * Weaves the agent's advice into {@code CompletableFuture} with Byte Buddy
 * (relocated inside the agent jar). Loaded by a class loader of the agent's
 * own: nothing here is visible to the application. The advice classes are
 * templates whose code is copied into the JDK's methods, so they refer only
 * to the JDK and to the bootstrap classes.
 */
package io.reactortrack.agent.installer;
