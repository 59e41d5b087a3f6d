package io.reactortrack.recorder;

import java.time.Duration;

/**
 * A tracked future that had not completed when a snapshot was taken: what
 * {@link Monitor#pending()} returns and what the {@code reactortrack.PendingFuture}
 * event records. Immutable.
 */
public final class PendingFuture {

    private final long id;
    private final String name;
    private final Duration age;
    private final int dependents;
    private final String origin;

    PendingFuture(long id, String name, Duration age, int dependents, String origin) {
        this.id = id;
        this.name = name;
        this.age = age;
        this.dependents = dependents;
        this.origin = origin;
    }

    /** The future's id ({@code deferred} in mon.out). */
    public long id() {
        return id;
    }

    /** The name it was tracked under, or null. */
    public String name() {
        return name;
    }

    /** How long ago it started being tracked. */
    public Duration age() {
        return age;
    }

    /** How many stages wait on it. */
    public int dependents() {
        return dependents;
    }

    /**
     * Where it came from: the stack of the code that tracked it, or the method
     * and callback that derived it from another future.
     */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        String from = origin == null ? "?" : origin.lines().findFirst().orElse("?");
        return "#" + id + (name != null ? " " + name : "") + " pending for " + age.toMillis() + " ms, "
                + dependents + " dependent(s), from " + from;
    }
}
