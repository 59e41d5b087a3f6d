package io.reactortrack.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.reactortrack.agent.boot.Woven;
import io.reactortrack.events.ReactorTrackEvents;
import io.reactortrack.recorder.ReactorTrack;
import io.reactortrack.recorder.TrackedFuture;
import io.reactortrack.recorder.internal.Recorder;
import io.reactortrack.recorder.testing.JfrCapture;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code CompletableFuture}'s documented contract, checked on woven futures
 * while a recording takes every Reactor Track event, so that every future
 * here is traced: what the application sees must be what the JDK documents.
 */
class CompletableFutureContractIT {

    private JfrCapture jfr;
    private long errorsBefore;

    @BeforeEach
    void record() {
        jfr = JfrCapture.withSettings("reactortrack-profile.jfc");
        errorsBefore = Woven.stats().tracerErrors();
    }

    @AfterEach
    void stop() {
        jfr.close();
    }

    private List<RecordedEvent> events(String type) {
        return jfr.stop().stream().filter(e -> e.getEventType().getName().equals(type)).collect(Collectors.toList());
    }

    private void assertNoTracerErrors() {
        assertEquals(errorsBefore, Woven.stats().tracerErrors(), () -> "swallowed: " + Woven.lastError());
    }

    private static String trimmed(String s) {
        return s.trim();
    }

    @Test
    void a_callback_runs_on_the_completing_thread_or_on_the_caller_when_the_input_is_done() throws Exception {
        AtomicReference<Thread> ran = new AtomicReference<>();
        CompletableFuture<String> f = new CompletableFuture<>();
        CompletableFuture<String> g = f.thenApply(s -> {
            ran.set(Thread.currentThread());
            return s + "!";
        });
        Thread completer = new Thread(() -> f.complete("x"), "completer");
        completer.start();
        completer.join();
        assertEquals("x!", g.join());
        assertSame(completer, ran.get());
        CompletableFuture<String> h = f.thenApply(CompletableFutureContractIT::trimmed);
        assertEquals("x", h.getNow(null));
        assertTrue(Woven.id(g) > 0 && Woven.id(h) > 0, "traced");
        assertNoTracerErrors();
    }

    @Test
    void failures_are_wrapped_as_documented() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<String> f = CompletableFuture.completedFuture("x");
        CompletableFuture<String> g = f.thenApply(s -> {
            throw boom;
        });
        CompletionException joined = assertThrows(CompletionException.class, g::join);
        assertSame(boom, joined.getCause());
        ExecutionException got = assertThrows(ExecutionException.class, g::get);
        assertSame(boom, got.getCause());
        CompletionException own = new CompletionException(boom);
        CompletableFuture<String> h = f.thenApply(s -> {
            throw own;
        });
        assertSame(own, assertThrows(CompletionException.class, h::join));
        CompletableFuture<String> recovered = g.exceptionally(e -> e.getClass().getSimpleName() + ":" + e.getCause().getMessage());
        assertEquals("CompletionException:boom", recovered.join());
        assertTrue(g.isCompletedExceptionally());
        assertNoTracerErrors();
    }

    @Test
    void cancel_obtrude_and_timed_get_behave_as_documented() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        CompletableFuture<Integer> dependent = f.thenApply(String::length);
        assertThrows(TimeoutException.class, () -> f.get(1, TimeUnit.MILLISECONDS));
        assertTrue(f.cancel(true));
        assertTrue(f.isCancelled());
        assertTrue(f.cancel(false), "cancel of a cancelled future returns true");
        assertThrows(CancellationException.class, f::join);
        CompletionException wrapped = assertThrows(CompletionException.class, dependent::join);
        assertInstanceOf(CancellationException.class, wrapped.getCause());
        assertFalse(dependent.isCancelled());
        f.obtrudeValue("forced");
        assertEquals("forced", f.join());
        IllegalArgumentException later = new IllegalArgumentException("later");
        f.obtrudeException(later);
        assertSame(later, assertThrows(CompletionException.class, f::join).getCause());
        assertThrows(NullPointerException.class, () -> f.obtrudeException(null));
        assertNoTracerErrors();
    }

    @Test
    void dependents_and_to_string_count_only_the_applications_stages() {
        CompletableFuture<String> f = new CompletableFuture<>();
        assertEquals(0, f.getNumberOfDependents());
        assertTrue(f.toString().endsWith("[Not completed]"), f.toString());
        f.thenApply(String::length);
        f.thenAccept(s -> { });
        assertEquals(2, f.getNumberOfDependents());
        assertTrue(f.toString().endsWith("[Not completed, 2 dependents]"), f.toString());
        f.complete("done");
        assertEquals(0, f.getNumberOfDependents());
        assertTrue(f.toString().endsWith("[Completed normally]"), f.toString());
        CompletableFuture<String> failed = CompletableFuture.failedFuture(new IllegalStateException("x"));
        failed.exceptionally(e -> "y");
        // JDK 17 adds the message, later JDKs only the class.
        assertTrue(failed.toString().contains("[Completed exceptionally: java.lang.IllegalStateException"),
                failed.toString());
        assertNoTracerErrors();
    }

    /** A subclass as libraries write them: its own stages and default executor. */
    static final class Sub<T> extends CompletableFuture<T> {
        final Executor executor;

        Sub(Executor executor) {
            this.executor = executor;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new Sub<>(executor);
        }

        @Override
        public Executor defaultExecutor() {
            return executor;
        }
    }

    @Test
    void subclasses_keep_their_stages_and_default_executor() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "sub-pool"));
        try {
            Sub<String> f = new Sub<>(pool);
            AtomicReference<String> thread = new AtomicReference<>();
            CompletableFuture<Integer> g = f.thenApplyAsync(s -> {
                thread.set(Thread.currentThread().getName());
                return s.length();
            });
            assertInstanceOf(Sub.class, g);
            f.complete("four");
            assertEquals(4, g.get(10, TimeUnit.SECONDS));
            assertEquals("sub-pool", thread.get());
            CompletableFuture<Integer> done = f.thenApply(String::length);
            assertInstanceOf(Sub.class, done);
            assertEquals(4, done.join());
            assertTrue(Woven.id(g) > 0 && Woven.id(done) > 0, "a subclass's stages are traced");
        } finally {
            pool.shutdownNow();
        }
        assertNoTracerErrors();
    }

    @Test
    void minimal_stages_timeouts_and_async_completion_behave_as_documented() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        CompletionStage<String> minimal = f.minimalCompletionStage();
        assertThrows(UnsupportedOperationException.class, () -> ((CompletableFuture<String>) minimal).get());
        CompletableFuture<Integer> fromMinimal = minimal.thenApply(String::length).toCompletableFuture();
        f.complete("abc");
        assertEquals(3, fromMinimal.join());
        CompletableFuture<String> late = new CompletableFuture<String>().orTimeout(5, TimeUnit.MILLISECONDS);
        assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, late::join).getCause());
        assertEquals("default", new CompletableFuture<String>().completeOnTimeout("default", 5, TimeUnit.MILLISECONDS)
                .join());
        CompletableFuture<String> async = new CompletableFuture<String>().completeAsync(() -> "supplied", Runnable::run);
        assertEquals("supplied", async.getNow(null));
        AtomicReference<Thread> ran = new AtomicReference<>();
        CompletableFuture<Thread> direct = CompletableFuture.supplyAsync(Thread::currentThread, Runnable::run);
        assertSame(Thread.currentThread(), direct.join());
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> ran.set(Thread.currentThread()), Runnable::run);
        assertTrue(run.isDone() && ran.get() == Thread.currentThread());
        Executor defaults = new CompletableFuture<>().defaultExecutor();
        assertSame(defaults, f.defaultExecutor(), "one default executor");
        if (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() > 1) {
            assertSame(java.util.concurrent.ForkJoinPool.commonPool(), defaults);
        } else if (Runtime.version().feature() == 17) {
            // "if it does not support a parallelism level of at least two, a new Thread is created to run each task"
            assertEquals("java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor", defaults.getClass().getName());
        }
        assertNoTracerErrors();
    }

    @Test
    void a_tracked_future_is_traced_once_by_its_own_front_end() {
        TrackedFuture<String> t = ReactorTrack.track(new CompletableFuture<>(), "tracked");
        CompletableFuture<Integer> stage = t.thenApply(CompletableFutureContractIT::length);
        t.complete("abc");
        assertEquals(3, stage.join());
        assertEquals(0, Woven.id(t), "the woven front end leaves a TrackedFuture alone");
        List<RecordedEvent> attached = events(ReactorTrackEvents.CALLBACK_ATTACHED).stream()
                .filter(e -> e.getString("callback").endsWith("::length")).collect(Collectors.toList());
        assertEquals(1, attached.size(), attached::toString);
        assertEquals(t.id(), attached.get(0).getLong("futureId"));
        assertNoTracerErrors();
    }

    @Test
    void a_tracked_future_comes_from_the_agents_copy_of_the_recorder_and_reports_what_nobody_read() throws Exception {
        List<String> problems = TrackedInspection.check();
        assertTrue(problems.isEmpty(), problems::toString);
    }

    private static int length(String s) {
        return s.length();
    }

    @Test
    void only_the_applications_callbacks_start_a_trace() {
        CompletableFuture<String> jdkOnly = new CompletableFuture<>();
        CompletableFuture<String> same = jdkOnly.thenApply(Function.identity());
        jdkOnly.complete("x");
        assertEquals("x", same.join());
        assertEquals(0, Woven.id(jdkOnly), "a JDK function does not make a future the application's");
        CompletableFuture<String> mine = new CompletableFuture<>();
        mine.thenApply(CompletableFutureContractIT::trimmed);
        assertTrue(Woven.id(mine) > 0);
        CompletableFuture<String> follows = mine.thenApply(Function.identity());
        assertTrue(Woven.id(follows) > 0, "a stage of a traced future is traced whatever its callback");
        assertNoTracerErrors();
    }

    @Test
    void an_error_of_the_tracer_is_swallowed_and_counted_never_thrown_into_the_application() {
        Recorder.faultInjector = step -> {
            throw new IllegalStateException("injected in " + step);
        };
        try {
            CompletableFuture<String> f = new CompletableFuture<>();
            CompletableFuture<Integer> g = f.thenApply(CompletableFutureContractIT::length)
                    .thenCompose(n -> CompletableFuture.supplyAsync(() -> n * 2, Runnable::run));
            f.complete("abcd");
            assertEquals(8, g.join());
            assertTrue(Woven.stats().tracerErrors() > errorsBefore, "the injected errors were counted");
        } finally {
            Recorder.faultInjector = null;
        }
    }
}
