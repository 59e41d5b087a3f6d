package io.reactortrack.recorder;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Tracks futures: the entry point of Reactor Track, Twisted's {@code Monitor}.
 *
 * <p>Implementations are thread-safe.
 */
public interface Monitor extends AutoCloseable {

    /**
     * Tracks a future without a name. See {@link #track(CompletableFuture, String)}.
     */
    default <T> TrackedFuture<T> track(CompletableFuture<T> future) {
        return track(future, null);
    }

    /**
     * Tracks a future and returns the tracked future to build the pipeline on.
     *
     * <p>When {@code future} is a {@link TrackedFuture} that is not tracked yet
     * (for example one made with {@code new TrackedFuture<>()}), it is tracked
     * in place and returned. A future tracked already is returned as it is.
     * Any other {@code CompletableFuture} cannot be changed, so a new tracked
     * future is returned that completes exactly as {@code future} does (same
     * value, same exception object, on the same thread); attach callbacks to
     * the returned future to see them.
     *
     * @param future the future to track
     * @param name   a name to show for it, or null
     * @return the tracked future
     */
    <T> TrackedFuture<T> track(CompletableFuture<T> future, String name);

    /**
     * Returns a new incomplete tracked future with a name; the same as
     * {@code track(new TrackedFuture<>(), name)}.
     */
    default <T> TrackedFuture<T> newFuture(String name) {
        return track(new TrackedFuture<>(), name);
    }

    /**
     * Whether futures chained to a tracked one (by {@link TrackedFuture#chain},
     * or returned by a {@code thenCompose} function) are tracked too, like the
     * original {@code JSONMonitor(True)}.
     */
    boolean trackChained();

    /**
     * A snapshot of what this monitor has recorded so far, including how many
     * errors inside the tracer were swallowed. Cheap; call it whenever.
     */
    TrackStats stats();

    /**
     * The futures this monitor tracks that have not completed, oldest first, as
     * an immutable snapshot: what a hung application waits for. Each future's
     * real state is checked, so a future completed since is never listed.
     * Only futures tracked while the monitor was recording are known.
     */
    List<PendingFuture> pending();

    /**
     * Reports what is still open: failures nobody observed ({@code unhandled})
     * and futures still incomplete ({@code pending}), then forgets them. The
     * monitor stays usable. Closing is optional: failures are also reported
     * when their future is garbage collected, and during a recording, when
     * the JVM exits.
     */
    @Override
    void close();
}
