package io.reactortrack.viewer.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The callbacks attached to each future and which {@code executed} line ran which of them.
 *
 * <p>An {@code executed} line names the callback and the path it ran on, not which attachment it
 * was; it is matched to the first attachment on that future with that name on that path that has
 * not run yet (a stage runs each of its dependents at most once). An execution that matches no
 * attachment gets an attachment of its own, so nothing that ran is lost.
 *
 * <p>The page applies the same rule in its model ({@code findSlot} in
 * {@code model.js}); {@code CallbackMatchingTest} and {@code model.test.js}
 * hold both to one file of expected answers.
 */
public final class Callbacks {

    /** One attachment of a callback and/or errback to a future. */
    public static final class Slot {
        public final long future;
        public final String callback;
        public final String errback;
        public final String method;
        /** The stage this callback completes, or {@code null}. */
        public final Long result;
        public final List<Run> runs = new ArrayList<>(1);

        Slot(long future, String callback, String errback, String method, Long result) {
            this.future = future;
            this.callback = callback;
            this.errback = errback;
            this.method = method;
            this.result = result;
        }
    }

    /** One run of a callback. Times are nanoseconds on the trace's own clock. */
    public static final class Run {
        public final Slot slot;
        public final int tid;
        public final long startNanos;
        public final long durationNanos;

        Run(Slot slot, int tid, long startNanos, long durationNanos) {
            this.slot = slot;
            this.tid = tid;
            this.startNanos = startNanos;
            this.durationNanos = durationNanos;
        }

        /** A point inside the run, where a flow arrow can bind to it. */
        public long midNanos() {
            return startNanos + durationNanos / 2;
        }
    }

    private final Map<Long, List<Slot>> slotsByFuture = new HashMap<>();
    private final Map<Long, List<Run>> runsByFuture = new HashMap<>();
    private final Map<Long, Slot> completerOf = new HashMap<>();

    public Slot attach(long future, String callback, String errback, String method, Long result) {
        Slot slot = new Slot(future, callback, errback, method, result);
        slotsByFuture.computeIfAbsent(future, f -> new ArrayList<>(2)).add(slot);
        if (result != null) {
            completerOf.putIfAbsent(result, slot);
        }
        return slot;
    }

    /** Finds the attachment an {@code executed} line ran, and records the run. */
    public Run executed(
            long future, String name, boolean successPath, int tid, long startNanos, long durationNanos) {
        List<Slot> slots = slotsByFuture.computeIfAbsent(future, f -> new ArrayList<>(2));
        Slot match = null;
        Slot ranAlready = null;
        for (Slot slot : slots) {
            if (Objects.equals(successPath ? slot.callback : slot.errback, name)) {
                if (slot.runs.isEmpty()) {
                    match = slot;
                    break;
                }
                if (ranAlready == null) {
                    ranAlready = slot;
                }
            }
        }
        if (match == null) {
            match = ranAlready;
        }
        if (match == null) {
            match = new Slot(future, successPath ? name : null, successPath ? null : name, null, null);
            slots.add(match);
        }
        Run run = new Run(match, tid, startNanos, durationNanos);
        match.runs.add(run);
        runsByFuture.computeIfAbsent(future, f -> new ArrayList<>(2)).add(run);
        return run;
    }

    /** The runs of callbacks attached to {@code future}, in the order they finished. */
    public List<Run> runsOn(long future) {
        return runsByFuture.getOrDefault(future, List.of());
    }

    /** The attachment whose callback completes {@code future}, or {@code null}. */
    public Slot completerOf(long future) {
        return completerOf.get(future);
    }

    /** Every attachment, future by future. */
    public Iterable<List<Slot>> slots() {
        return slotsByFuture.values();
    }
}
