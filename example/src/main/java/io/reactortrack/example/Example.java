package io.reactortrack.example;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.reactortrack.recorder.JsonMonitor;
import io.reactortrack.recorder.TrackedFuture;

/**
 * The original {@code example.py}, line for line where Java allows:
 *
 * <pre>{@code
 * monitor = JSONMonitor(True)          ->  new JsonMonitor(true)
 * d = defer.Deferred()                 ->  monitor.track(new CompletableFuture<>(), "d")
 * d2 = defer.Deferred()                ->  new TrackedFuture<>()  (tracked only once chained)
 * d.addCallback(simpleCallback)        ->  .thenApply(Example::simpleCallback)
 * d.addCallbacks(followup)             ->  .thenApply(Example::followup)
 * d.addCallbacks(problem)              ->  .thenApply(Example::problem)
 * d.addErrback(simpleErrback)          ->  .exceptionally(Example::simpleErrback)
 * d.chainDeferred(d2)                  ->  .chain(d2)
 * d2.addCallback(simpleCallback)       ->  d2.thenApply(Example::simpleCallback)
 * d.addCallback(finished)              ->  .thenApply(Example::finished)
 * reactor.callLater(0.1, d.callback)   ->  scheduler.schedule(() -> d.complete(null), 100, ms)
 * }</pre>
 *
 * <p>Unlike the original it stops by itself once both chains are done, then
 * writes {@code mon.out}.
 */
public final class Example {

    private Example() {
    }

    static Object simpleCallback(Object ignored) {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 1;
    }

    static Object followup(Object ignored) {
        return 2;
    }

    static Object problem(Object ignored) {
        throw new IllegalStateException("oh no");
    }

    static Object simpleErrback(Throwable failure) {
        return null;
    }

    static Object finished(Object ignored) {
        System.out.println("FINISHED!");
        return null;
    }

    /**
     * Runs the example with {@code monitor} and returns when both chains are
     * done. The scheduler thread is called {@code scheduler-1}.
     */
    static void run(JsonMonitor monitor) {
        AtomicInteger threads = new AtomicInteger();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scheduler-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            TrackedFuture<Object> d = monitor.track(new CompletableFuture<>(), "d");
            TrackedFuture<Object> d2 = new TrackedFuture<>();

            TrackedFuture<Object> recovered = d
                    .thenApply(Example::simpleCallback)
                    .thenApply(Example::followup)
                    .thenApply(Example::problem)
                    .exceptionally(Example::simpleErrback)
                    .chain(d2);
            CompletableFuture<Object> d2Done = d2.thenApply(Example::simpleCallback);
            CompletableFuture<Object> done = recovered.thenApply(Example::finished);

            scheduler.schedule(() -> d.complete(null), 100, TimeUnit.MILLISECONDS);
            CompletableFuture.allOf(done, d2Done).join();
        } finally {
            scheduler.shutdownNow();
        }
    }

    /**
     * The two bugs nobody sees: a pipeline whose failure nobody handles (its
     * last stage is dropped), and a future nobody ever completes. Returns the
     * forgotten future, so that it stays pending.
     */
    static CompletableFuture<Object> runBuggy(JsonMonitor monitor) {
        TrackedFuture<Object> lost = monitor.track(new CompletableFuture<>(), "lost");
        lost.thenApply(Example::followup).thenApply(Example::problem);
        TrackedFuture<Object> forgotten = monitor.track(new CompletableFuture<>(), "forgotten");
        forgotten.thenApply(Example::finished);
        lost.complete(null);
        return forgotten;
    }

    /**
     * Runs the example and writes {@code mon.out}.
     *
     * @param args {@code [--buggy] [file]}: {@code --buggy} adds a failure nobody
     *             handles and a future nobody completes; the file to write is
     *             {@code mon.out} by default
     */
    public static void main(String[] args) throws IOException {
        boolean buggy = false;
        String file = "mon.out";
        for (String arg : args) {
            if (arg.equals("--buggy")) {
                buggy = true;
            } else if (arg.startsWith("-")) {
                System.err.println("example: unknown option " + arg + " (usage: [--buggy] [file])");
                System.exit(2);
            } else {
                file = arg;
            }
        }
        Path out = Path.of(file);
        JsonMonitor monitor = new JsonMonitor(true);
        run(monitor);
        CompletableFuture<Object> forgotten = buggy ? runBuggy(monitor) : null;
        if (forgotten != null) {
            monitor.pending().forEach(p -> System.out.println("pending: " + p));
        }
        // Reports the failures nobody handled and the futures still pending.
        monitor.close();
        monitor.writeTo(out);
        System.out.println("wrote " + monitor.buffer().size() + " lines to " + out.toAbsolutePath());
    }
}
