package io.reactortrack.jfrtojson.internal;

import java.util.Arrays;

import io.reactortrack.monout.Action;

/**
 * The converted events of one chunk, column by column, and the order that
 * sorts them by {@code ts}.
 *
 * <p>Columns rather than an object per event: a 12 MB chunk can hold 700,000
 * events, and three chunks of them are alive at once while chunks are merged.
 * As objects they would not fit the memory bound; as columns they take 42
 * bytes a line, plus the strings that are not shared.
 */
final class RecordBatch implements Lines {

    static final byte CALLBACK_PATH = 1;
    static final byte FAILED = 2;
    static final byte SUCCESS = 4;
    static final byte CANCELLED = 8;
    static final byte REVISED = 16;

    /** Position of the recording among the inputs, for a stable merge. */
    final int recording;
    /** Position of the chunk within its recording, for a stable merge. */
    final long chunkSeq;

    /** Lines read from a mon.out rather than a recording's chunk. */
    boolean monOut;
    /** Bytes of the chunk the events come from. */
    long chunkBytes;
    /** The JVM run number written as {@code jvm}, assigned after loading. */
    int jvm;
    /** "pid@start" from jdk.JVMInformation, or null when the chunk has none. */
    String jvmIdentity;
    long dataLossBytes;
    int dataLossEvents;

    int size;
    long[] ts;
    long[] deferred;
    /**
     * tracked, attached, chained: parent, result or target id (0 for none);
     * executed: time; fired: lifetime ({@code UNKNOWN} when not measured); pending: age.
     */
    long[] num;
    /** pending: dependents. Pending events are few: allocated at the first one. */
    int[] dependents;
    /**
     * The JVM run of each line, for lines read from a mon.out that has
     * {@code jvm} keys; null when the whole batch is of one run ({@link #jvm}).
     */
    int[] jvms;
    byte[] action;
    byte[] flags;
    /** tracked, fired, unhandled and pending: name; attached and executed: callback. */
    String[] s0;
    /** tracked: via; attached: errback; executed: thread; fired: callback; unhandled and pending: origin. */
    String[] s1;
    /** attached: method; executed, fired and unhandled: error. */
    String[] s2;

    /** Indexes into the columns, in ts order. */
    int[] order;

    RecordBatch(int recording, long chunkSeq, int capacity) {
        this.recording = recording;
        this.chunkSeq = chunkSeq;
        allocate(Math.max(capacity, 0));
    }

    private void allocate(int n) {
        ts = new long[n];
        deferred = new long[n];
        num = new long[n];
        action = new byte[n];
        flags = new byte[n];
        s0 = new String[n];
        s1 = new String[n];
        s2 = new String[n];
    }

    private int add(Action a, long tsMicros, long id) {
        if (size == ts.length) {
            // Only when the chunk holds more events than the scan counted.
            int n = Math.max(16, size * 2);
            ts = Arrays.copyOf(ts, n);
            deferred = Arrays.copyOf(deferred, n);
            num = Arrays.copyOf(num, n);
            if (dependents != null) {
                dependents = Arrays.copyOf(dependents, n);
            }
            if (jvms != null) {
                jvms = Arrays.copyOf(jvms, n);
            }
            action = Arrays.copyOf(action, n);
            flags = Arrays.copyOf(flags, n);
            s0 = Arrays.copyOf(s0, n);
            s1 = Arrays.copyOf(s1, n);
            s2 = Arrays.copyOf(s2, n);
        }
        int i = size++;
        action[i] = (byte) a.ordinal();
        ts[i] = tsMicros;
        deferred[i] = id;
        return i;
    }

    /** Numbers the JVM run of the line last added, for lines that each say theirs. */
    void jvmOfLast(int run) {
        if (jvms == null) {
            jvms = new int[ts.length];
            Arrays.fill(jvms, jvm);
        }
        jvms[size - 1] = run;
    }

    @Override
    public void tracked(long tsMicros, long id, String name, long parent, String via) {
        int i = add(Action.TRACKED, tsMicros, id);
        num[i] = parent;
        s0[i] = name;
        s1[i] = via;
    }

    @Override
    public void attached(long tsMicros, long id, String callback, String errback, String method, long result) {
        int i = add(Action.ATTACHED, tsMicros, id);
        num[i] = result;
        s0[i] = callback;
        s1[i] = errback;
        s2[i] = method;
    }

    @Override
    public void chained(long tsMicros, long id, long target) {
        int i = add(Action.CHAINED, tsMicros, id);
        num[i] = target;
    }

    @Override
    public void executed(long tsMicros, long id, String callback, boolean callbackPath, long nanos, String thread,
            boolean failed, String error) {
        int i = add(Action.EXECUTED, tsMicros, id);
        num[i] = nanos;
        s0[i] = callback;
        s1[i] = thread;
        s2[i] = error;
        flags[i] = (byte) ((callbackPath ? CALLBACK_PATH : 0) | (failed ? FAILED : 0));
    }

    @Override
    public void fired(long tsMicros, long id, boolean success, boolean cancelled, String error, String name,
            String callback, long lifetimeNanos, boolean revised) {
        int i = add(Action.FIRED, tsMicros, id);
        num[i] = lifetimeNanos;
        s0[i] = name;
        s1[i] = callback;
        s2[i] = error;
        flags[i] = (byte) ((success ? SUCCESS : 0) | (cancelled ? CANCELLED : 0) | (revised ? REVISED : 0));
    }

    @Override
    public void unhandled(long tsMicros, long id, String name, String error, String origin) {
        int i = add(Action.UNHANDLED, tsMicros, id);
        s0[i] = name;
        s1[i] = origin;
        s2[i] = error;
    }

    @Override
    public void pending(long tsMicros, long id, String name, long ageNanos, int dependentCount, String origin) {
        int i = add(Action.PENDING, tsMicros, id);
        num[i] = ageNanos;
        s0[i] = name;
        s1[i] = origin;
        if (dependents == null) {
            dependents = new int[ts.length];
        }
        dependents[i] = dependentCount;
    }

    /** Computes {@link #order}: by ts, and by position in the chunk for equal ts. */
    void sort() {
        int n = size;
        order = new int[n];
        if (n == 0) {
            return;
        }
        long min = ts[0];
        long max = ts[0];
        boolean sorted = true;
        for (int i = 1; i < n; i++) {
            long t = ts[i];
            if (t < ts[i - 1]) {
                sorted = false;
            }
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        if (sorted) {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            return;
        }
        int indexBits = 32 - Integer.numberOfLeadingZeros(n - 1);
        long span = max - min;
        if (indexBits < 63 && span >= 0 && span < (1L << (63 - indexBits))) {
            // ts and position packed in one long: a primitive sort is several
            // times faster than sorting boxed indexes, and the position in the
            // low bits keeps equal timestamps in recording order.
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = ((ts[i] - min) << indexBits) | i;
            }
            Arrays.sort(keys);
            int mask = (int) ((1L << indexBits) - 1);
            for (int i = 0; i < n; i++) {
                order[i] = (int) keys[i] & mask;
            }
            return;
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> Long.compare(ts[a], ts[b])); // stable
        for (int i = 0; i < n; i++) {
            order[i] = boxed[i];
        }
    }
}
