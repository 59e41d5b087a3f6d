package io.reactortrack.jfrtojson.internal;

import io.reactortrack.monout.Action;
import io.reactortrack.monout.MonOutLine;
import io.reactortrack.monout.MonOutWriter;

/**
 * One line of mon.out, as an {@link OutputFormat} sees it.
 *
 * <p>A view, not a value: the converter moves the same instance from line to
 * line, so a format must copy what it wants to keep before
 * {@link OutputFormat#write} returns. Accessors that do not belong to the
 * record's {@link #action()} return null, 0 or false; the keys each action
 * carries are listed in {@code docs/mon-out.md}.
 */
public final class MonRecord {

    private static final Action[] ACTIONS = Action.values();

    private RecordBatch batch;
    private int i;
    private int jvm;

    MonRecord() {
    }

    MonRecord at(RecordBatch b, int index, int jvmKey) {
        this.batch = b;
        this.i = index;
        this.jvm = jvmKey;
        return this;
    }

    /** What happened. */
    public Action action() {
        return ACTIONS[batch.action[i]];
    }

    /** The JVM run, numbered from 1, when the conversion holds more than one; 0 otherwise. */
    public int jvm() {
        return jvm;
    }

    /** Id of the future it happened to. */
    public long deferred() {
        return batch.deferred[i];
    }

    /** Microseconds since the epoch; for {@code executed}, when the callback finished. */
    public long ts() {
        return batch.ts[i];
    }

    /**
     * Which chunk of which recording the line comes from (pending lines of one
     * chunk are one snapshot); -1 for a line of a mon.out, which has no chunks.
     */
    long chunkKey() {
        return batch.monOut ? -1 : ((long) batch.recording << 40) ^ batch.chunkSeq;
    }

    /** tracked, fired, unhandled and pending: the name given to the future, or null. */
    public String name() {
        return is(Action.TRACKED) || is(Action.FIRED) || is(Action.UNHANDLED) || is(Action.PENDING)
                ? batch.s0[i] : null;
    }

    /** tracked: id of the future it comes from; 0 for none. */
    public long parent() {
        return is(Action.TRACKED) ? batch.num[i] : 0;
    }

    /** tracked: track, derived, chained or composed. */
    public String via() {
        return is(Action.TRACKED) ? batch.s1[i] : null;
    }

    /** attached and executed: the callback's name; fired: the callback whose exception failed the future. */
    public String callback() {
        if (is(Action.FIRED)) {
            return batch.s1[i];
        }
        return is(Action.ATTACHED) || is(Action.EXECUTED) ? batch.s0[i] : null;
    }

    /** attached: the errback's name. */
    public String errback() {
        return is(Action.ATTACHED) ? batch.s1[i] : null;
    }

    /** attached: the CompletableFuture method. */
    public String method() {
        return is(Action.ATTACHED) ? batch.s2[i] : null;
    }

    /** attached: id of the stage the callback completes; 0 for none. */
    public long result() {
        return is(Action.ATTACHED) ? batch.num[i] : 0;
    }

    /** chained: id of the future that receives the result; 0 when it is not tracked. */
    public long target() {
        return is(Action.CHAINED) ? batch.num[i] : 0;
    }

    /** executed: true on the success path ({@code callback?}). */
    public boolean callbackPath() {
        return is(Action.EXECUTED) && (batch.flags[i] & RecordBatch.CALLBACK_PATH) != 0;
    }

    /** executed: how long the callback ran, in nanoseconds. */
    public long durationNanos() {
        return is(Action.EXECUTED) ? batch.num[i] : 0;
    }

    /** executed: the thread that ran the callback. */
    public String thread() {
        return is(Action.EXECUTED) ? batch.s1[i] : null;
    }

    /** executed: true when the callback threw. */
    public boolean failed() {
        return is(Action.EXECUTED) && (batch.flags[i] & RecordBatch.FAILED) != 0;
    }

    /** executed, fired and unhandled: the failure as "ClassName: message", or null. */
    public String error() {
        return is(Action.EXECUTED) || is(Action.FIRED) || is(Action.UNHANDLED) ? batch.s2[i] : null;
    }

    /** unhandled and pending: where the future came from, or null. */
    public String origin() {
        return is(Action.UNHANDLED) || is(Action.PENDING) ? batch.s1[i] : null;
    }

    /** pending: nanoseconds since the future started being tracked. */
    public long ageNanos() {
        return is(Action.PENDING) ? batch.num[i] : 0;
    }

    /** pending: how many stages wait on the future. */
    public int dependents() {
        return is(Action.PENDING) && batch.dependents != null ? batch.dependents[i] : 0;
    }

    /** fired: true when the future completed normally. */
    public boolean success() {
        return is(Action.FIRED) && (batch.flags[i] & RecordBatch.SUCCESS) != 0;
    }

    /** fired: true when the future was cancelled. */
    public boolean cancelled() {
        return is(Action.FIRED) && (batch.flags[i] & RecordBatch.CANCELLED) != 0;
    }

    /** fired: nanoseconds from tracked to fired, or {@link MonOutLine#UNKNOWN}. */
    public long lifetimeNanos() {
        return is(Action.FIRED) ? batch.num[i] : MonOutLine.UNKNOWN;
    }

    /** fired: this line replaces the previous fired line of the future. */
    public boolean revised() {
        return is(Action.FIRED) && (batch.flags[i] & RecordBatch.REVISED) != 0;
    }

    private boolean is(Action a) {
        return batch.action[i] == a.ordinal();
    }

    /** Writes the line with the one mon.out writer. */
    void writeTo(MonOutWriter w) {
        RecordBatch b = batch;
        int k = i;
        w.jvm(jvm);
        byte flags = b.flags[k];
        switch (ACTIONS[b.action[k]]) {
            case TRACKED:
                w.tracked(b.deferred[k], b.ts[k], b.s0[k], b.num[k], b.s1[k]);
                break;
            case ATTACHED:
                w.attached(b.deferred[k], b.ts[k], b.s0[k], b.s1[k], b.s2[k], b.num[k]);
                break;
            case CHAINED:
                w.chained(b.deferred[k], b.ts[k], b.num[k]);
                break;
            case EXECUTED:
                w.executed(b.deferred[k], b.ts[k], b.s0[k], (flags & RecordBatch.CALLBACK_PATH) != 0, b.num[k],
                        b.s1[k], b.s2[k], (flags & RecordBatch.FAILED) != 0);
                break;
            case FIRED:
                w.fired(b.deferred[k], b.ts[k], (flags & RecordBatch.SUCCESS) != 0,
                        (flags & RecordBatch.CANCELLED) != 0, b.s2[k], b.s0[k], b.s1[k], b.num[k],
                        (flags & RecordBatch.REVISED) != 0);
                break;
            case UNHANDLED:
                w.unhandled(b.deferred[k], b.ts[k], b.s0[k], b.s2[k], b.s1[k]);
                break;
            case PENDING:
                w.pending(b.deferred[k], b.ts[k], b.s0[k], b.num[k], dependents(), b.s1[k]);
                break;
            default:
                throw new IllegalStateException();
        }
    }
}
