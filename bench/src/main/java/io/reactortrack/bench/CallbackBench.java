package io.reactortrack.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Per-callback cost: a future is made, one callback (or ten) attached, the
 * future completed and the last stage joined; the same code on a plain
 * {@code CompletableFuture} and on tracked futures in each {@link Tracing} mode.
 *
 * <p>Per callback: {@code thenApply} is one callback per operation,
 * {@code pipeline10} ten. The async forms run the callbacks on a fixed pool of
 * two threads, so they mostly measure the thread hand-off; they are here to
 * show that tracing does not change it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class CallbackBench {

    private static final Function<Integer, Integer> INC = x -> x + 1;

    /** The floor's callback: the same work, inside the timed one of its two events. */
    private static final Function<Integer, Integer> FLOOR_INC = x -> {
        Floor.Run e = Floor.begin();
        Integer y = x + 1;
        Floor.end(e, x, y);
        return y;
    };

    @Param({Tracing.PLAIN, Tracing.TRACKED, Tracing.TRACKED_EXISTING, Tracing.TRACKED_OFF, Tracing.PLAIN_CONTINUOUS,
            Tracing.CONTINUOUS, Tracing.PROFILE, Tracing.PROFILE_NO_STACKS, Tracing.FLOOR, Tracing.JSON})
    public String mode;

    /** Not a constant, so the JIT cannot fold the arithmetic away. */
    public int input = 1;

    private Tracing tracing;
    private ExecutorService pool;

    @Setup(Level.Trial)
    public void setUp() {
        tracing = new Tracing(mode);
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-pool-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Setup(Level.Iteration)
    public void newIteration() {
        tracing.reset();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        tracing.close();
    }

    @Benchmark
    public Integer thenApply() {
        CompletableFuture<Integer> f = tracing.newFuture();
        if (tracing.floor) {
            Floor.attached(1, 2);
            CompletableFuture<Integer> g = f.thenApply(FLOOR_INC);
            f.complete(input);
            return g.join();
        }
        CompletableFuture<Integer> g = f.thenApply(INC);
        f.complete(input);
        return g.join();
    }

    @Benchmark
    public Integer pipeline10() {
        CompletableFuture<Integer> f = tracing.newFuture();
        CompletableFuture<Integer> g = f;
        if (tracing.floor) {
            for (int i = 0; i < 10; i++) {
                Floor.attached(i, 2);
                g = g.thenApply(FLOOR_INC);
            }
        } else {
            for (int i = 0; i < 10; i++) {
                g = g.thenApply(INC);
            }
        }
        f.complete(input);
        return g.join();
    }

    @Benchmark
    public Integer thenApplyAsync() {
        CompletableFuture<Integer> f = tracing.newFuture();
        CompletableFuture<Integer> g = f.thenApplyAsync(INC, pool);
        f.complete(input);
        return g.join();
    }

    @Benchmark
    public Integer pipeline10Async() {
        CompletableFuture<Integer> f = tracing.newFuture();
        CompletableFuture<Integer> g = f;
        for (int i = 0; i < 10; i++) {
            g = g.thenApplyAsync(INC, pool);
        }
        f.complete(input);
        return g.join();
    }
}
