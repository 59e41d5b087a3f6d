package io.reactortrack.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A cross-check of {@link CallbackBench} that holds up on a busy machine: the
 * same synchronous operation, timed in CPU time of the measuring thread
 * ({@link ThreadMXBean#getCurrentThreadCpuTime()}) rather than wall time, so
 * that time spent descheduled while other processes run does not count.
 * Batches of operations are timed one by one and the median batch is kept.
 * Only the synchronous operations: an asynchronous one spends its time on
 * other threads.
 *
 * <pre>java -cp benchmarks.jar io.reactortrack.bench.CpuTimePerOp MODE STAGES [SECONDS]</pre>
 *
 * MODE is a {@link Tracing} mode, STAGES 1 ({@code thenApply}) or 10
 * ({@code pipeline10}). Prints one line:
 * {@code mode=M stages=S median_ns=X p10_ns=Y batches=B ops_per_batch=N}.
 */
public final class CpuTimePerOp {

    private static final Function<Integer, Integer> INC = x -> x + 1;
    /** Not a constant, so the JIT cannot fold the arithmetic away. */
    private static int input = 1;
    static volatile int sink;

    private CpuTimePerOp() {
    }

    /** The floor's callback: the same work inside the timed one of its two events (see CallbackBench). */
    private static final Function<Integer, Integer> FLOOR_INC = x -> {
        Floor.Run e = Floor.begin();
        Integer y = x + 1;
        Floor.end(e, x, y);
        return y;
    };

    static int op(Tracing tracing, int stages) {
        CompletableFuture<Integer> f = tracing.newFuture();
        CompletableFuture<Integer> g = f;
        for (int i = 0; i < stages; i++) {
            if (tracing.floor) {
                Floor.attached(i, 2);
                g = g.thenApply(FLOOR_INC);
            } else {
                g = g.thenApply(INC);
            }
        }
        f.complete(input);
        return g.join();
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: CpuTimePerOp MODE STAGES [SECONDS]");
            System.exit(2);
        }
        String mode = args[0];
        int stages = Integer.parseInt(args[1]);
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 3;
        Tracing tracing = new Tracing(mode);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int acc = 0;

        // Warm up for about a third of the time, sizing batches to ~10 ms of CPU.
        int perBatch = 64;
        long warmEnd = System.nanoTime() + (long) (seconds / 3 * 1e9);
        while (System.nanoTime() < warmEnd) {
            long c0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < perBatch; i++) {
                acc += op(tracing, stages);
            }
            long used = mx.getCurrentThreadCpuTime() - c0;
            if (used < 5_000_000 && perBatch < (1 << 24)) {
                perBatch *= 2;
            }
            tracing.reset();
        }

        double[] perOp = new double[4096];
        int batches = 0;
        long end = System.nanoTime() + (long) (seconds * 2 / 3 * 1e9);
        while ((System.nanoTime() < end || batches < 10) && batches < perOp.length) {
            tracing.reset();
            long c0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < perBatch; i++) {
                acc += op(tracing, stages);
            }
            perOp[batches++] = (mx.getCurrentThreadCpuTime() - c0) / (double) perBatch;
        }
        sink = acc;
        tracing.close();
        double[] r = Arrays.copyOf(perOp, batches);
        Arrays.sort(r);
        System.out.printf("mode=%s stages=%d median_ns=%.1f p10_ns=%.1f batches=%d ops_per_batch=%d%n",
                mode, stages, r[batches / 2], r[batches / 10], batches, perBatch);
    }
}
