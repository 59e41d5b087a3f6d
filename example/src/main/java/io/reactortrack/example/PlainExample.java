package io.reactortrack.example;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The example as an application that knows nothing of Reactor Track: the
 * same pipeline as {@link Example}, with plain {@code CompletableFuture}s
 * only. Run it with the agent ({@code ./run-example --agent}) and its
 * recording tells the same story:
 *
 * <pre>{@code
 * d = defer.Deferred()                 ->  new CompletableFuture<>()
 * d2 = defer.Deferred()                ->  new CompletableFuture<>()
 * d.addCallback(simpleCallback)        ->  .thenApply(PlainExample::simpleCallback)
 * d.addCallbacks(followup)             ->  .thenApply(PlainExample::followup)
 * d.addCallbacks(problem)              ->  .thenApply(PlainExample::problem)
 * d.addErrback(simpleErrback)          ->  .exceptionally(PlainExample::simpleErrback)
 * d.chainDeferred(d2)                  ->  .whenComplete(completing d2)
 * d2.addCallback(simpleCallback)       ->  d2.thenApply(PlainExample::simpleCallback)
 * d.addCallback(finished)              ->  .thenApply(PlainExample::finished)
 * reactor.callLater(0.1, d.callback)   ->  scheduler.schedule(() -> d.complete(null), 100, ms)
 * }</pre>
 */
public final class PlainExample {

    private PlainExample() {
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

    /** Twisted's chainDeferred: {@code target} completes as {@code source} does. */
    static void chain(CompletableFuture<Object> source, CompletableFuture<Object> target) {
        source.whenComplete((value, error) -> {
            if (error == null) {
                target.complete(value);
            } else {
                target.completeExceptionally(error);
            }
        });
    }

    static void run() {
        AtomicInteger threads = new AtomicInteger();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scheduler-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            CompletableFuture<Object> d = new CompletableFuture<>();
            CompletableFuture<Object> d2 = new CompletableFuture<>();

            CompletableFuture<Object> recovered = d
                    .thenApply(PlainExample::simpleCallback)
                    .thenApply(PlainExample::followup)
                    .thenApply(PlainExample::problem)
                    .exceptionally(PlainExample::simpleErrback);
            chain(recovered, d2);
            CompletableFuture<Object> d2Done = d2.thenApply(PlainExample::simpleCallback);
            CompletableFuture<Object> done = recovered.thenApply(PlainExample::finished);

            scheduler.schedule(() -> d.complete(null), 100, TimeUnit.MILLISECONDS);
            CompletableFuture.allOf(done, d2Done).join();
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** A failure nobody handles and a future nobody completes; returns the latter, so that it stays pending. */
    static CompletableFuture<Object> runBuggy() {
        CompletableFuture<Object> lost = new CompletableFuture<>();
        lost.thenApply(PlainExample::followup).thenApply(PlainExample::problem);
        CompletableFuture<Object> forgotten = new CompletableFuture<>();
        forgotten.thenApply(PlainExample::finished);
        lost.complete(null);
        return forgotten;
    }

    /** @param args {@code [--buggy]}: adds a failure nobody handles and a future nobody completes */
    public static void main(String[] args) {
        boolean buggy = false;
        for (String arg : args) {
            if (arg.equals("--buggy")) {
                buggy = true;
            } else {
                System.err.println("plain example: unknown argument " + arg + " (usage: [--buggy])");
                System.exit(2);
            }
        }
        run();
        CompletableFuture<Object> forgotten = buggy ? runBuggy() : null;
        if (forgotten != null) {
            System.out.println("left pending: " + forgotten);
        }
    }
}
