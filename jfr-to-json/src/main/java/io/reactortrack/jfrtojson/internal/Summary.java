package io.reactortrack.jfrtojson.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.reactortrack.monout.Action;
import io.reactortrack.monout.MonOutLine;
import io.reactortrack.monout.ThreadNames;

/**
 * What {@code --summary} answers, gathered line by line in bounded memory:
 * which futures failed and why, which are still pending, which lived longest,
 * which callbacks took the time and on which threads.
 *
 * <p>A fired line with {@code revised} replaces the earlier fired line of its
 * future: the last one is the outcome. Tables that could grow with the
 * recording stop growing at a cap and say so ({@link #capped}).
 */
final class Summary {

    static final int SHOWN = 10;
    private static final int MAX_GROUPS = 10_000;
    private static final int MAX_FAILED = 200_000;
    private static final int MAX_PENDING = 200_000;
    private static final int MAX_NAMES = 50_000;
    /** Pending lines further apart than this belong to different snapshots. */
    private static final long SNAPSHOT_GAP_MICROS = 1_000_000;

    long lines;
    final long[] byAction = new long[Action.values().length];
    long firstTs = Long.MAX_VALUE;
    long lastTs = Long.MIN_VALUE;
    long unhandled;
    boolean capped;

    // ------------------------------------------------------------ failures

    /** Failed futures of one kind: what failed (callback or name) and the error's class. */
    static final class Failure {
        final String what;
        final String errorClass;
        long count;
        /** The first example still standing. */
        long exampleId;
        int exampleJvm;
        long exampleTs;
        String exampleError;

        Failure(String what, String errorClass) {
            this.what = what;
            this.errorClass = errorClass;
        }
    }

    private final Map<String, Failure> failures = new HashMap<>();
    /** Futures whose outcome is a failure now: to undo when a revised line says otherwise. */
    private final Map<Long, Outcome> failedFutures = new HashMap<>();

    private record Outcome(Failure group, boolean cancelled) {
    }
    long failed;
    long cancelled;
    long completed;

    // ------------------------------------------------------------ pending

    /** A future found pending, as its last snapshot said. */
    record Pending(int jvm, long id, String name, long ageNanos, int dependents, String origin, long ts) {
    }

    /** The latest snapshot of pending futures of one JVM run. */
    private static final class Snapshot {
        final Map<Long, Pending> futures = new HashMap<>();
        long lastTs = Long.MIN_VALUE;
        long chunk = Long.MIN_VALUE;
    }

    private final Map<Integer, Snapshot> snapshots = new HashMap<>();
    /** The chunk each run's last line came from: a snapshot older than its run's last chunk is stale. */
    private final Map<Integer, Long> lastChunk = new HashMap<>();

    // ------------------------------------------------------------ slowest

    record Slow(int jvm, long id, String name, long lifetimeNanos, long ts) {
    }

    private final List<Slow> slowest = new ArrayList<>();

    // ------------------------------------------------------------ callbacks and threads

    static final class Callback {
        final String name;
        long runs;
        long totalNanos;
        long worstNanos = -1;
        long worstId;
        int worstJvm;
        String worstThread;

        Callback(String name) {
            this.name = name;
        }
    }

    static final class ThreadTime {
        final String name;
        long runs;
        long totalNanos;

        ThreadTime(String name) {
            this.name = name;
        }
    }

    private final Map<String, Callback> callbacks = new HashMap<>();
    private final Map<String, ThreadTime> platformThreads = new HashMap<>();
    final ThreadTime platform = new ThreadTime("platform");
    final ThreadTime virtual = new ThreadTime("virtual");
    private final Set<String> virtualThreads = new HashSet<>();
    boolean virtualThreadsCapped;

    void add(MonRecord r) {
        lines++;
        Action a = r.action();
        byAction[a.ordinal()]++;
        long ts = r.ts();
        firstTs = Math.min(firstTs, ts);
        lastTs = Math.max(lastTs, ts);
        int jvm = r.jvm();
        lastChunk.put(jvm, r.chunkKey());
        switch (a) {
            case FIRED:
                fired(r, jvm);
                break;
            case EXECUTED:
                executed(r, jvm);
                break;
            case PENDING:
                pending(r, jvm);
                break;
            case UNHANDLED:
                unhandled++;
                break;
            default:
                break;
        }
    }

    private static long key(int jvm, long id) {
        return ((long) jvm << 48) ^ id;
    }

    private void fired(MonRecord r, int jvm) {
        long key = key(jvm, r.deferred());
        Outcome before = failedFutures.remove(key);
        if (before != null) {
            // The earlier outcome of this future is replaced.
            before.group.count--;
            failed--;
            if (before.cancelled) {
                cancelled--;
            }
            if (before.group.exampleId == r.deferred() && before.group.exampleJvm == jvm) {
                before.group.exampleError = null;
            }
        }
        if (!r.revised()) {
            completed++; // a revised line replaces a completion counted already
        }
        if (!r.success()) {
            failure(r, jvm, key);
        }
        Snapshot s = snapshots.get(jvm);
        if (s != null) {
            Pending p = s.futures.get(r.deferred());
            if (p != null && p.ts <= r.ts()) {
                s.futures.remove(r.deferred());
            }
        }
        long life = r.lifetimeNanos();
        if (life != MonOutLine.UNKNOWN) {
            slow(new Slow(jvm, r.deferred(), r.name(), life, r.ts()));
        }
    }

    private void failure(MonRecord r, int jvm, long key) {
        String what = r.callback() != null ? r.callback() : r.name() != null ? r.name() : "(a future without a name)";
        String error = r.error();
        String errorClass = error == null ? "(unknown error)" : errorClass(error);
        String groupKey = what + '\u0000' + errorClass;
        Failure f = failures.get(groupKey);
        if (f == null) {
            if (failures.size() >= MAX_GROUPS) {
                capped = true;
                return;
            }
            f = new Failure(what, errorClass);
            failures.put(groupKey, f);
        }
        f.count++;
        failed++;
        if (r.cancelled()) {
            cancelled++;
        }
        if (f.exampleError == null) {
            f.exampleId = r.deferred();
            f.exampleJvm = jvm;
            f.exampleTs = r.ts();
            f.exampleError = error == null ? "(no message recorded)" : error;
        }
        if (failedFutures.size() < MAX_FAILED) {
            failedFutures.put(key, new Outcome(f, r.cancelled()));
        } else {
            capped = true;
        }
    }

    /** "java.io.IOException: reset" is of class java.io.IOException. */
    static String errorClass(String error) {
        int colon = error.indexOf(':');
        return (colon < 0 ? error : error.substring(0, colon)).trim();
    }

    private void slow(Slow s) {
        for (int i = 0; i < slowest.size(); i++) {
            Slow o = slowest.get(i);
            if (o.jvm == s.jvm && o.id == s.id) {
                slowest.remove(i); // a revised completion: its life is the one that counts
                break;
            }
        }
        slowest.add(s);
        slowest.sort(Comparator.comparingLong(Slow::lifetimeNanos).reversed());
        if (slowest.size() > SHOWN) {
            slowest.remove(slowest.size() - 1);
        }
    }

    private void executed(MonRecord r, int jvm) {
        long nanos = r.durationNanos();
        String name = r.callback() == null ? "(a callback without a name)" : r.callback();
        Callback c = callbacks.get(name);
        if (c == null && callbacks.size() < MAX_NAMES) {
            c = new Callback(name);
            callbacks.put(name, c);
        } else if (c == null) {
            capped = true;
        }
        if (c != null) {
            c.runs++;
            c.totalNanos += nanos;
            if (nanos > c.worstNanos) {
                c.worstNanos = nanos;
                c.worstId = r.deferred();
                c.worstJvm = jvm;
                c.worstThread = r.thread();
            }
        }
        String thread = r.thread() == null ? "(unknown thread)" : r.thread();
        if (ThreadNames.isVirtual(thread)) {
            virtual.runs++;
            virtual.totalNanos += nanos;
            if (virtualThreads.size() < MAX_NAMES) {
                virtualThreads.add(jvm + "/" + thread);
            } else {
                virtualThreadsCapped = true;
            }
        } else {
            platform.runs++;
            platform.totalNanos += nanos;
            ThreadTime t = platformThreads.get(jvm + "/" + thread);
            if (t == null && platformThreads.size() < MAX_NAMES) {
                t = new ThreadTime(thread);
                platformThreads.put(jvm + "/" + thread, t);
            }
            if (t != null) {
                t.runs++;
                t.totalNanos += nanos;
            }
        }
    }

    private void pending(MonRecord r, int jvm) {
        Snapshot s = snapshots.computeIfAbsent(jvm, k -> new Snapshot());
        long ts = r.ts();
        boolean fromAChunk = r.chunkKey() >= 0;
        // Pending lines come in snapshots: all those of one chunk's end, or,
        // in a mon.out, a run of them close in time with no future twice.
        boolean newSnapshot = fromAChunk ? r.chunkKey() != s.chunk
                : ts - s.lastTs > SNAPSHOT_GAP_MICROS || s.futures.containsKey(r.deferred());
        if (newSnapshot) {
            s.futures.clear();
            s.chunk = r.chunkKey();
        }
        s.lastTs = ts;
        if (s.futures.size() < MAX_PENDING) {
            s.futures.put(r.deferred(), new Pending(jvm, r.deferred(), r.name(), r.ageNanos(), r.dependents(),
                    r.origin(), ts));
        } else {
            capped = true;
        }
    }

    // ------------------------------------------------------------ results

    /** Failure groups, most futures first. */
    List<Failure> failures() {
        List<Failure> list = new ArrayList<>();
        for (Failure f : failures.values()) {
            if (f.count > 0) {
                list.add(f);
            }
        }
        list.sort(Comparator.comparingLong((Failure f) -> f.count).reversed().thenComparing(f -> f.what));
        return list;
    }

    /** Futures pending in the last snapshot of their run, oldest first. */
    List<Pending> pending() {
        List<Pending> list = new ArrayList<>();
        snapshots.forEach((jvm, s) -> {
            // A snapshot from a chunk before the run's last chunk is stale: that chunk ended with none pending.
            if (s.chunk < 0 || s.chunk == lastChunk.getOrDefault(jvm, s.chunk)) {
                list.addAll(s.futures.values());
            }
        });
        list.sort(Comparator.comparingLong(Pending::ageNanos).reversed().thenComparingLong(Pending::id));
        return list;
    }

    List<Slow> slowest() {
        return slowest;
    }

    /** Callbacks, most total time first. */
    List<Callback> callbacks() {
        List<Callback> list = new ArrayList<>(callbacks.values());
        list.sort(Comparator.comparingLong((Callback c) -> c.totalNanos).reversed().thenComparing(c -> c.name));
        return list;
    }

    /** Platform threads, most time first. */
    List<ThreadTime> platformThreads() {
        List<ThreadTime> list = new ArrayList<>(platformThreads.values());
        list.sort(Comparator.comparingLong((ThreadTime t) -> t.totalNanos).reversed().thenComparing(t -> t.name));
        return list;
    }

    int distinctVirtualThreads() {
        return virtualThreads.size();
    }

    int distinctPlatformThreads() {
        return platformThreads.size();
    }
}
