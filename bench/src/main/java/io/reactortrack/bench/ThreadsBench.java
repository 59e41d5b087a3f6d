package io.reactortrack.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Many threads at once, to show there is no global lock on the tracked path.
 *
 * <ul>
 *   <li>{@code independent}: every thread runs the trivial
 *       make-attach-complete-join operation on its own futures (run with
 *       {@code -t 1}, {@code -t 2}, {@code -t 8}): what the threads share is
 *       only the tracer's own state (id counter, statistics, JFR buffers).</li>
 *   <li>{@code shared}: attaching threads and completing threads work on the
 *       same futures, a table of slots: an attacher adds a callback to the
 *       future in a slot, a completer completes it (running the callbacks
 *       attached so far) and puts a fresh future in the slot (run with
 *       {@code -tg 1,1} and {@code -tg 4,4}).</li>
 * </ul>
 *
 * Throughput in operations per microsecond, all threads together.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ThreadsBench {

    private static final Function<Integer, Integer> INC = x -> x + 1;
    private static final int SLOTS = 1024;

    @State(Scope.Benchmark)
    public static class Env {
        @Param({Tracing.PLAIN, Tracing.TRACKED, Tracing.CONTINUOUS, Tracing.PROFILE})
        public String mode;

        public int input = 1;

        Tracing tracing;

        @Setup(Level.Trial)
        public void setUp() {
            tracing = new Tracing(mode);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            tracing.close();
        }
    }

    /** The futures the threads of one group share. */
    @State(Scope.Group)
    public static class Slots {
        @Param({Tracing.PLAIN, Tracing.TRACKED, Tracing.CONTINUOUS, Tracing.PROFILE})
        public String mode;

        Tracing tracing;
        AtomicReferenceArray<CompletableFuture<Integer>> slots;

        @Setup(Level.Trial)
        public void setUp() {
            tracing = new Tracing(mode);
            slots = new AtomicReferenceArray<>(SLOTS);
            for (int i = 0; i < SLOTS; i++) {
                slots.set(i, tracing.newFuture());
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            tracing.close();
        }
    }

    /** Where a thread is in the table. */
    @State(Scope.Thread)
    public static class Cursor {
        int next = ThreadLocalRandom.current().nextInt(SLOTS);

        int next() {
            int i = next;
            next = (i + 1) & (SLOTS - 1);
            return i;
        }
    }

    @Benchmark
    public Integer independent(Env env) {
        CompletableFuture<Integer> f = env.tracing.newFuture();
        CompletableFuture<Integer> g = f.thenApply(INC);
        f.complete(env.input);
        return g.join();
    }

    @Benchmark
    @Group("shared")
    @GroupThreads(1)
    public CompletableFuture<Integer> attach(Slots s, Cursor c) {
        return s.slots.get(c.next()).thenApply(INC);
    }

    @Benchmark
    @Group("shared")
    @GroupThreads(1)
    public boolean complete(Slots s, Cursor c) {
        int i = c.next();
        CompletableFuture<Integer> f = s.slots.getAndSet(i, s.tracing.newFuture());
        return f.complete(i);
    }
}
