/**
 * Tracked futures and the monitors that record what they do.
 *
 * <p>A {@link io.reactortrack.recorder.Monitor} tracks a future and returns a
 * {@link io.reactortrack.recorder.TrackedFuture}: a {@code CompletableFuture}
 * that behaves exactly like the one it stands for (same results, same
 * exceptions, same threads) and reports its life as JDK Flight Recorder events.
 * Every stage derived from it is tracked too.
 *
 * <ul>
 *   <li>{@link io.reactortrack.recorder.JfrMonitor} only emits JFR events; with
 *       no recording running it costs next to nothing. Use it in production,
 *       or through {@link io.reactortrack.recorder.ReactorTrack}.</li>
 *   <li>{@link io.reactortrack.recorder.JsonMonitor} also keeps the run as
 *       {@code mon.out} lines in memory, like the original Twisted tool.</li>
 * </ul>
 *
 * <p>Tracing never changes what the program does: an error inside the tracer
 * is swallowed and counted in {@link io.reactortrack.recorder.Monitor#stats()}.
 */
package io.reactortrack.recorder;
