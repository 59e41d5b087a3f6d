package io.reactortrack.recorder;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.reactortrack.events.FutureTrackedEvent;
import io.reactortrack.recorder.internal.Recorder;

/** What both monitors do: track futures with their {@link Recorder}. */
abstract class AbstractMonitor implements Monitor {

    final Recorder recorder;

    AbstractMonitor(boolean trackChained, boolean json) {
        recorder = new Recorder(this, trackChained, json);
    }

    @Override
    public final boolean trackChained() {
        return recorder.trackChained();
    }

    @Override
    public final TrackStats stats() {
        return recorder.stats();
    }

    /** The last error swallowed by the tracer, or null; for diagnosing a non-zero {@link TrackStats#tracerErrors()}. */
    final Throwable lastTracerError() {
        return recorder.lastError();
    }

    /*
     * The public methods commit the FutureTracked event themselves, so that its
     * stack trace starts at their caller.
     */

    @Override
    public final <T> TrackedFuture<T> track(CompletableFuture<T> future) {
        TrackedFuture<T> t = trackQuietly(future, null);
        FutureTrackedEvent e = t.takeAnnouncement();
        if (e != null) {
            e.commit();
        }
        return follow(future, t);
    }

    @Override
    public final <T> TrackedFuture<T> track(CompletableFuture<T> future, String name) {
        TrackedFuture<T> t = trackQuietly(future, name);
        FutureTrackedEvent e = t.takeAnnouncement();
        if (e != null) {
            e.commit();
        }
        return follow(future, t);
    }

    @Override
    public final <T> TrackedFuture<T> newFuture(String name) {
        TrackedFuture<T> t = TrackedFuture.create(recorder, name);
        FutureTrackedEvent e = t.takeAnnouncement();
        if (e != null) {
            e.commit();
        }
        return t;
    }

    /**
     * Tracks {@code future}, leaving its tracking event to the caller to commit
     * and then to call {@link #follow}: the tracking is recorded before a
     * completion that comes at once.
     */
    final <T> TrackedFuture<T> trackQuietly(CompletableFuture<T> future, String name) {
        if (future == null) {
            throw new NullPointerException("future");
        }
        if (future instanceof TrackedFuture) {
            TrackedFuture<T> t = (TrackedFuture<T>) future;
            t.adopt(recorder, 0, name, "track");
            return t;
        }
        return TrackedFuture.create(recorder, name);
    }

    /** Makes the tracked future {@code t} complete as {@code future} does (or record it done already). */
    static <T> TrackedFuture<T> follow(CompletableFuture<T> future, TrackedFuture<T> t) {
        if (future == t) {
            t.settleIfDone();
        } else {
            future.whenComplete(t::mirror);
        }
        return t;
    }

    @Override
    public final List<PendingFuture> pending() {
        return recorder.pending().stream()
                .map(p -> new PendingFuture(p.id(), p.name(), Duration.ofNanos(p.ageNanos()), p.dependents(),
                        p.origin()))
                .collect(Collectors.toUnmodifiableList());
    }

    @Override
    public void close() {
        recorder.close();
    }
}
