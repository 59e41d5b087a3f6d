package io.reactortrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.reactortrack.recorder.internal.Recorder;
import io.reactortrack.recorder.testing.ManualExecutors;
import io.reactortrack.recorder.testing.Pipeline;
import io.reactortrack.recorder.testing.PipelineRun;
import io.reactortrack.recorder.testing.PipelineRun.World;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A failing tracer never changes what the application sees: the tracer's
 * failures are swallowed and counted, the results, exceptions and threads stay
 * those of plain futures.
 *
 * <p>Failures are injected through {@link BaseMonitor#faultInjector}, a test
 * seam called at the start of every guarded tracer step, and, without any seam,
 * through a user exception whose {@code getMessage()} throws.
 */
class TracerFailuresTest {

    /** Every step the injector can fail, i.e. every guarded block of the tracer. */
    private static final List<String> STEPS = List.of("newId", "tracked", "attached", "chained", "completed",
            "beginExecuted", "executed", "adopt", "derive", "reserve", "supply", "copy", "chain", "wrap",
            "enter", "exit", "composed");

    @AfterEach
    void noMoreFaults() {
        Recorder.faultInjector = null;
    }

    /** Fails {@code step} every time (or only now and then), with a RuntimeException or an Error. */
    private static Map<String, AtomicInteger> inject(String step, boolean always, boolean error) {
        return inject(step, always, error, new Random(step.hashCode()));
    }

    private static Map<String, AtomicInteger> inject(String step, boolean always, boolean error, Random random) {
        Map<String, AtomicInteger> hits = new TreeMap<>();
        Recorder.faultInjector = s -> {
            if (s.equals(step) || step.equals("*")) {
                boolean fire;
                synchronized (random) {
                    fire = always || random.nextBoolean();
                }
                if (fire) {
                    synchronized (hits) {
                        hits.computeIfAbsent(s, k -> new AtomicInteger()).incrementAndGet();
                    }
                    if (error) {
                        throw new InternalError("injected tracer failure at " + s);
                    }
                    throw new IllegalStateException("injected tracer failure at " + s);
                }
            }
        };
        return hits;
    }

    @Test
    void a_tracer_failing_at_any_step_leaves_random_pipelines_exactly_as_on_plain_futures() {
        long seed = Long.getLong("reactortrack.seed", System.nanoTime());
        Random master = new Random(seed);
        List<String> neverHit = new ArrayList<>();
        try (ManualExecutors executors = new ManualExecutors("exec-A", "exec-B")) {
            List<String> cases = new ArrayList<>(STEPS);
            cases.add("*");
            for (String step : cases) {
                for (int variant = 0; variant < 2; variant++) {
                    Map<String, AtomicInteger> hits = null;
                    long swallowed = 0;
                    Random coin = new Random(master.nextLong());
                    // At least 8 pipelines, and more (up to 60) until the step was reached.
                    for (int i = 0; i < 60 && (i < 8 || swallowed == 0); i++) {
                        long pipelineSeed = master.nextLong();
                        Pipeline p = Pipeline.generate(pipelineSeed, null);
                        String where = "seed=" + seed + " step=" + step + " variant=" + variant
                                + " pipeline=" + pipelineSeed;
                        Recorder.faultInjector = null;
                        PipelineRun plain = PipelineRun.run(p, World.plain(), executors);
                        JsonMonitor monitor = new JsonMonitor(p.trackChained);
                        hits = inject(step, variant == 0, variant == 1, coin);
                        PipelineRun tracked = PipelineRun.run(p, World.tracked("failing json", monitor), executors);
                        Recorder.faultInjector = null;
                        assertTrue(tracked.violations.isEmpty(), () -> where + ": " + tracked.violations
                                + "\n" + p.listing());
                        List<String> a = plain.everything();
                        List<String> b = tracked.everything();
                        if (!a.equals(b)) {
                            int k = 0;
                            while (k < a.size() && k < b.size() && a.get(k).equals(b.get(k))) {
                                k++;
                            }
                            fail(where + ": differs at line " + k + "\nplain:   " + (k < a.size() ? a.get(k) : "<end>")
                                    + "\ntracked: " + (k < b.size() ? b.get(k) : "<end>") + "\n" + p.listing());
                        }
                        int injected = hits.values().stream().mapToInt(AtomicInteger::get).sum();
                        long counted = monitor.stats().tracerErrors();
                        assertTrue(counted >= injected, () -> where + ": " + injected + " failures injected, "
                                + counted + " counted");
                        swallowed += counted;
                    }
                    if (swallowed == 0) {
                        neverHit.add(step + "/" + variant);
                    }
                }
            }
        }
        assertTrue(neverHit.isEmpty(), "seed=" + seed + ": these tracer steps were never reached: " + neverHit);
    }

    @Test
    void a_tracer_failing_while_wrapping_a_callback_gives_the_same_result_on_the_same_thread() throws Exception {
        JsonMonitor monitor = new JsonMonitor(true);
        ExecutorService exec = Executors.newSingleThreadExecutor(r -> new Thread(r, "worker-1"));
        try {
            inject("*", true, false);
            TrackedFuture<String> f = monitor.track(new CompletableFuture<>(), "f");
            AtomicReference<String> thread = new AtomicReference<>();
            TrackedFuture<String> g = f.thenApplyAsync(s -> {
                thread.set(Thread.currentThread().getName());
                return s + "!";
            }, exec);
            f.complete("x");
            assertEquals("x!", g.get(10, TimeUnit.SECONDS));
            assertEquals("worker-1", thread.get());
            assertTrue(monitor.stats().tracerErrors() > 0, "the injected failures were not counted");
            assertInstanceOf(IllegalStateException.class, monitor.lastTracerError());
            assertTrue(monitor.lastTracerError().getMessage().startsWith("injected tracer failure"));
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void a_callback_that_throws_while_the_tracer_fails_throws_the_same_exception_object() {
        JsonMonitor monitor = new JsonMonitor(true);
        inject("*", true, true);
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        TrackedFuture<String> f = monitor.track(new CompletableFuture<>(), "f");
        TrackedFuture<String> g = f.thenApply(s -> {
            throw boom;
        });
        TrackedFuture<String> h = g.exceptionally(e -> "recovered from " + e.getCause().getMessage());
        f.complete("x");
        CompletionException thrown = assertThrows(CompletionException.class, g::join);
        assertSame(boom, thrown.getCause());
        assertEquals("recovered from boom", h.join());
        assertTrue(monitor.stats().tracerErrors() > 0);
        assertInstanceOf(InternalError.class, monitor.lastTracerError());
    }

    /**
     * A user exception whose message cannot be read: the tracer calls
     * getMessage() to write "error". (Its toString() works: CompletableFuture
     * itself calls that to wrap it in a CompletionException.)
     */
    static final class Unprintable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @Override
        public String getMessage() {
            throw new UnsupportedOperationException("no message for you");
        }

        @Override
        public String toString() {
            return "Unprintable";
        }
    }

    @Test
    void a_user_exception_whose_getMessage_throws_reaches_the_application_unchanged() {
        JsonMonitor monitor = new JsonMonitor(true);
        Unprintable bad = new Unprintable();
        TrackedFuture<String> f = monitor.track(new CompletableFuture<>(), "f");
        TrackedFuture<String> g = f.thenApply(s -> {
            throw bad;
        });
        AtomicReference<Throwable> seen = new AtomicReference<>();
        TrackedFuture<String> h = g.whenComplete((v, e) -> seen.set(e));
        f.complete("x");
        CompletionException thrown = assertThrows(CompletionException.class, h::join);
        assertSame(bad, thrown.getCause());
        assertSame(bad, seen.get().getCause());
        assertTrue(g.isCompletedExceptionally());
        assertTrue(monitor.stats().tracerErrors() > 0, "describing the exception did not fail?");
        assertInstanceOf(UnsupportedOperationException.class, monitor.lastTracerError());
    }

    @Test
    void tracer_failures_while_completing_never_leak_out_of_complete_cancel_or_obtrude() {
        JsonMonitor monitor = new JsonMonitor(true);
        inject("*", true, false);
        TrackedFuture<String> a = monitor.track(new CompletableFuture<>(), "a");
        TrackedFuture<String> b = monitor.track(new CompletableFuture<>(), "b");
        TrackedFuture<String> c = monitor.track(new CompletableFuture<>(), "c");
        assertTrue(a.complete("v"));
        assertTrue(b.cancel(true));
        assertTrue(c.completeExceptionally(new IllegalStateException("x")));
        c.obtrudeValue("forced");
        b.obtrudeException(new IllegalArgumentException("forced"));
        assertEquals("v", a.join());
        assertEquals("forced", c.join());
        assertInstanceOf(IllegalArgumentException.class, assertThrows(CompletionException.class, b::join).getCause());
        assertEquals(0, a.id(), "an id could not be given out, so the future has none");
        assertTrue(monitor.stats().tracerErrors() > 0);
    }
}
