package io.reactortrack.jfrtojson.internal;

import java.util.Arrays;

/**
 * The converted events of one chunk, column by column, and the order that
 * sorts them by {@code ts}.
 *
 * <p>Columns rather than an object per event: a 12 MB chunk can hold 700,000
 * events, and three chunks of them are alive at once while chunks are merged.
 * As objects they would not fit the memory bound; as columns they take 42
 * bytes an event, plus the strings that are not shared.
 */
final class RecordBatch {

    static final byte CALLBACK_PATH = 1;
    static final byte FAILED = 2;
    static final byte SUCCESS = 4;
    static final byte CANCELLED = 8;

    /** Position of the recording among the inputs, for a stable merge. */
    final int recording;
    /** Position of the chunk within its recording, for a stable merge. */
    final long chunkSeq;

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
    /** tracked, attached, chained: parent, result or target id (0 for none); executed: time; pending: age. */
    long[] num;
    /** pending: dependents. Pending events are few: allocated at the first one. */
    int[] dependents;
    byte[] action;
    byte[] flags;
    /** tracked, unhandled and pending: name; attached and executed: callback. */
    String[] s0;
    /** tracked: via; attached: errback; executed: thread; unhandled and pending: origin. */
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

    int add(Action a, long tsMicros, long id) {
        if (size == ts.length) {
            // Only when the chunk holds more events than the scan counted.
            int n = Math.max(16, size * 2);
            ts = Arrays.copyOf(ts, n);
            deferred = Arrays.copyOf(deferred, n);
            num = Arrays.copyOf(num, n);
            if (dependents != null) {
                dependents = Arrays.copyOf(dependents, n);
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

    void dependents(int i, int n) {
        if (dependents == null) {
            dependents = new int[ts.length];
        }
        dependents[i] = n;
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
