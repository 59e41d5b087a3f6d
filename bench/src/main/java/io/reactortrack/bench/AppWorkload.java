package io.reactortrack.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.reactortrack.recorder.JfrMonitor;
import io.reactortrack.recorder.JsonMonitor;
import io.reactortrack.recorder.Monitor;
import io.reactortrack.recorder.TrackedFuture;

/**
 * The example's shape at scale, without its sleeps: {@code N} pipelines, each a
 * future completed from a pool of two threads, two callbacks (the second
 * failing every tenth time), an errback that recovers, a chain into a second
 * future with a callback of its own. All pipelines are built first, then
 * completed, then joined.
 *
 * <pre>java -cp benchmarks.jar io.reactortrack.bench.AppWorkload MODE [N [ROUNDS [WORK]]]</pre>
 *
 * WORK (0 by default) is how many rounds of arithmetic each callback does
 * (about 1 ns each), for callbacks that do something, as a service's do;
 * with 0 they do next to nothing, the worst case for a tracer.
 *
 * MODE is {@code plain} (CompletableFuture), {@code tracked} (a
 * {@link JfrMonitor}: records when the JVM runs a recording) or {@code json}
 * (a {@link JsonMonitor}). Prints one line: {@code mode=... futures=N ms=T
 * warm_ms=W result=R}, where T is the time of the first round, from the first
 * future made to the last joined, as a short-lived application sees it (JIT
 * warm-up included), and W the median of the later rounds (or T with one round).
 */
public final class AppWorkload {

    /** Rounds of arithmetic per callback. */
    private static int work;

    /** Where the arithmetic goes, so that the JIT keeps it. */
    private static volatile long sink;

    private AppWorkload() {
    }

    /** Some work for a callback: {@link #work} rounds of a mixing function over {@code x}. */
    static int work(int x) {
        long h = x;
        for (int i = 0; i < work; i++) {
            h = h * 6364136223846793005L + 1442695040888963407L;
            h ^= h >>> 29;
        }
        if (h == 42) {
            sink = h;
        }
        return x;
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "tracked";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        work = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Monitor monitor;
        switch (mode) {
            case "plain":
                monitor = null;
                break;
            case "tracked":
                monitor = new JfrMonitor(true);
                break;
            case "json":
                monitor = new JsonMonitor(true);
                break;
            default:
                throw new IllegalArgumentException("mode: plain, tracked or json");
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "app-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long[] ms = new long[rounds];
        long result = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            result = run(monitor, pool, n);
            ms[r] = (System.nanoTime() - t0) / 1_000_000;
        }
        long warm = ms[0];
        if (rounds > 1) {
            long[] later = java.util.Arrays.copyOfRange(ms, 1, rounds);
            java.util.Arrays.sort(later);
            warm = later[later.length / 2];
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        String extra = monitor instanceof JsonMonitor ? " lines=" + ((JsonMonitor) monitor).buffer().size() : "";
        if (monitor != null && monitor.stats().tracerErrors() != 0) {
            throw new IllegalStateException("the tracer swallowed errors: " + monitor.stats());
        }
        System.out.printf("mode=%s futures=%d work=%d ms=%d warm_ms=%d result=%d%s%n", mode, n, work, ms[0], warm,
                result, extra);
    }

    @SuppressWarnings("unchecked")
    static long run(Monitor monitor, ExecutorService pool, int n) {
        CompletableFuture<Integer>[] sources = new CompletableFuture[n];
        CompletableFuture<Integer>[] ends = new CompletableFuture[n];
        for (int i = 0; i < n; i++) {
            CompletableFuture<Integer> d = monitor == null ? new CompletableFuture<>() : monitor.newFuture("d");
            CompletableFuture<Integer> d2 = monitor == null ? new CompletableFuture<>() : new TrackedFuture<>();
            CompletableFuture<Integer> recovered = d
                    .thenApply(AppWorkload::parse)
                    .thenApply(AppWorkload::check)
                    .exceptionally(AppWorkload::recover);
            if (recovered instanceof TrackedFuture) {
                ((TrackedFuture<Integer>) recovered).chain(d2);
            } else {
                recovered.whenComplete((v, e) -> {
                    if (e == null) {
                        d2.complete(v);
                    } else {
                        d2.completeExceptionally(e);
                    }
                });
            }
            sources[i] = d;
            ends[i] = d2.thenApply(AppWorkload::report);
        }
        int half = n / 2;
        pool.execute(() -> {
            for (int i = 0; i < half; i++) {
                sources[i].complete(i);
            }
        });
        pool.execute(() -> {
            for (int i = half; i < n; i++) {
                sources[i].complete(i);
            }
        });
        long sum = 0;
        for (CompletableFuture<Integer> end : ends) {
            sum += end.join();
        }
        return sum;
    }

    static Integer parse(Integer x) {
        return work(x) + 1;
    }

    static Integer check(Integer x) {
        work(x);
        if (x % 10 == 0) {
            throw new IllegalArgumentException("bad input " + x);
        }
        return x * 2;
    }

    static Integer recover(Throwable failure) {
        return -1;
    }

    static Integer report(Integer x) {
        return work(x);
    }
}
