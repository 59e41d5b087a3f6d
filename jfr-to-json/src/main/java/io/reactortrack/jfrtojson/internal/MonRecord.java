package io.reactortrack.jfrtojson.internal;

/**
 * One line of mon.out, as an {@link OutputFormat} sees it.
 *
 * <p>A view, not a value: the converter moves the same instance from event to
 * event, so a format must copy what it wants to keep before
 * {@link OutputFormat#write} returns. Accessors that do not belong to the
 * record's {@link #action()} return null, 0 or false; the keys each action
 * carries are listed in {@code docs/mon-out.md}.
 */
public final class MonRecord {

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
        return Action.VALUES[batch.action[i]];
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

    /** tracked, unhandled and pending: the name given to the future, or null. */
    public String name() {
        return is(Action.TRACKED) || is(Action.UNHANDLED) || is(Action.PENDING) ? batch.s0[i] : null;
    }

    /** tracked: id of the future it comes from; 0 for none. */
    public long parent() {
        return is(Action.TRACKED) ? batch.num[i] : 0;
    }

    /** tracked: track, derived, chained or composed. */
    public String via() {
        return is(Action.TRACKED) ? batch.s1[i] : null;
    }

    /** attached and executed: the callback's name. */
    public String callback() {
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

    private boolean is(Action a) {
        return batch.action[i] == a.ordinal();
    }

    // Raw column access for the JSON writer, which knows the action already.
    byte rawAction() {
        return batch.action[i];
    }

    /** parent, result or target; the nanoseconds of time or age. */
    long rawNum() {
        return batch.num[i];
    }

    String rawS0() {
        return batch.s0[i];
    }

    String rawS1() {
        return batch.s1[i];
    }

    String rawS2() {
        return batch.s2[i];
    }

    byte rawFlags() {
        return batch.flags[i];
    }
}
