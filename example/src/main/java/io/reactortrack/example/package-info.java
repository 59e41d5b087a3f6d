/**
 * The original Reactor Track example, ported from Twisted Deferreds to
 * {@code CompletableFuture}: a chain of callbacks, one that sleeps, one that
 * fails, an errback that recovers, and a second future chained to the first.
 */
package io.reactortrack.example;
