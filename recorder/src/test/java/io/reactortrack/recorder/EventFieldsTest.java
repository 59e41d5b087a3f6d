package io.reactortrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.reactortrack.events.ReactorTrackEvents;
import io.reactortrack.recorder.testing.JfrCapture;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Every field of every Reactor Track event, recorded by a {@link JfrMonitor}
 * under an in-process recording and read back from the dumped file.
 */
class EventFieldsTest {

    private static ExecutorService exec;

    @BeforeAll
    static void startExecutor() {
        exec = Executors.newSingleThreadExecutor(r -> new Thread(r, "exec-events"));
    }

    @AfterAll
    static void stopExecutor() {
        exec.shutdownNow();
    }

    private static List<RecordedEvent> of(List<RecordedEvent> events, String type, long futureId) {
        return events.stream()
                .filter(e -> e.getEventType().getName().equals(type) && e.getLong("futureId") == futureId)
                .collect(Collectors.toList());
    }

    private static RecordedEvent one(List<RecordedEvent> events, String type, long futureId) {
        List<RecordedEvent> found = of(events, type, futureId);
        assertEquals(1, found.size(), () -> type + " events for future " + futureId + ": " + found);
        return found.get(0);
    }

    private static boolean hasFrame(RecordedEvent e, String method) {
        if (e.getStackTrace() == null) {
            return false;
        }
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            if (f.getMethod().getName().equals(method)
                    && f.getMethod().getType().getName().equals(EventFieldsTest.class.getName())) {
                return true;
            }
        }
        return false;
    }

    private static String method(TestInfo info) {
        return info.getTestMethod().orElseThrow().getName();
    }

    @Test
    void future_tracked_says_which_future_its_parent_its_name_and_how_it_came_to_be_tracked(TestInfo info) {
        JfrMonitor monitor = new JfrMonitor(true);
        TrackedFuture<String> root;
        TrackedFuture<String> derived;
        TrackedFuture<String> target = new TrackedFuture<>();
        TrackedFuture<String> inner = new TrackedFuture<>();
        TrackedFuture<String> composed;
        List<RecordedEvent> events;
        try (JfrCapture jfr = JfrCapture.start()) {
            root = monitor.track(new CompletableFuture<>(), "root");
            derived = root.thenApply(s -> s + "!");
            root.chain(target);
            composed = root.thenCompose(Callbacks.function("compose", s -> inner));
            root.complete("x");
            inner.complete("y");
            assertEquals("y", composed.join());
            events = jfr.stop();
        }
        RecordedEvent r = one(events, ReactorTrackEvents.FUTURE_TRACKED, root.id());
        assertEquals(0, r.getLong("parentId"));
        assertEquals("root", r.getString("name"));
        assertEquals("track", r.getString("via"));
        assertTrue(hasFrame(r, method(info)), "the stack trace says where the future was tracked");

        // A derived stage's tracking is its attach event: no FutureTracked of its own.
        assertTrue(of(events, ReactorTrackEvents.FUTURE_TRACKED, derived.id()).isEmpty());
        byResult(of(events, ReactorTrackEvents.CALLBACK_ATTACHED, root.id()), derived.id());

        RecordedEvent t = one(events, ReactorTrackEvents.FUTURE_TRACKED, target.id());
        assertEquals(root.id(), t.getLong("parentId"));
        assertEquals("chained", t.getString("via"));

        RecordedEvent c = one(events, ReactorTrackEvents.FUTURE_TRACKED, inner.id());
        assertEquals(root.id(), c.getLong("parentId"));
        assertEquals("composed", c.getString("via"));

        assertTrue(of(events, ReactorTrackEvents.FUTURE_TRACKED, composed.id()).isEmpty());
        assertTrue(root.id() > 0 && derived.id() > 0 && target.id() > 0 && inner.id() > 0);
    }

    @Test
    void callback_attached_names_the_future_the_stage_it_completes_the_callback_errback_and_method(TestInfo info)
            throws Exception {
        JfrMonitor monitor = new JfrMonitor(true);
        TrackedFuture<String> a;
        TrackedFuture<String> b;
        TrackedFuture<String> c;
        TrackedFuture<String> upper;
        TrackedFuture<String> recover;
        TrackedFuture<String> both;
        TrackedFuture<String> sum;
        TrackedFuture<String> async;
        List<RecordedEvent> events;
        try (JfrCapture jfr = JfrCapture.start()) {
            a = monitor.track(new CompletableFuture<>(), "a");
            b = monitor.track(new CompletableFuture<>(), "b");
            c = monitor.track(new CompletableFuture<>(), "c");
            upper = a.thenApply(Callbacks.function("upper", String::toUpperCase));
            recover = a.exceptionally(Callbacks.function("recover", e -> "r"));
            both = a.handle(Callbacks.biFunction("both", (v, e) -> v));
            sum = a.thenCombine(b, Callbacks.biFunction("sum", (x, y) -> x + y));
            async = a.thenApplyAsync(Callbacks.function("later", s -> s), exec);
            c.completeAsync(Callbacks.supplier("supplier", () -> "s"), exec);
            a.complete("a");
            b.complete("b");
            assertEquals("ab", sum.join());
            assertEquals("a", async.get(10, TimeUnit.SECONDS));
            assertEquals("s", c.get(10, TimeUnit.SECONDS));
            events = jfr.stop();
        }
        List<RecordedEvent> onA = of(events, ReactorTrackEvents.CALLBACK_ATTACHED, a.id());
        assertEquals(5, onA.size(), () -> "attached to a: " + onA);
        assertTrue(onA.stream().filter(x -> x.getLong("resultId") != sum.id()).allMatch(x -> x.getLong("otherId") == 0),
                "one-input methods have no other input");
        RecordedEvent e = byResult(onA, upper.id());
        assertEquals("upper", e.getString("callback"));
        assertNull(e.getString("errback"));
        assertEquals("thenApply", e.getString("method"));
        assertTrue(hasFrame(e, method(info)), "the stack trace says where the callback was attached");

        e = byResult(onA, recover.id());
        assertNull(e.getString("callback"));
        assertEquals("recover", e.getString("errback"));
        assertEquals("exceptionally", e.getString("method"));

        e = byResult(onA, both.id());
        assertEquals("both", e.getString("callback"));
        assertEquals("both", e.getString("errback"));
        assertEquals("handle", e.getString("method"));

        e = byResult(onA, async.id());
        assertEquals("later", e.getString("callback"));
        assertEquals("thenApplyAsync", e.getString("method"));

        RecordedEvent fromA = byResult(onA, sum.id());
        assertEquals(b.id(), fromA.getLong("otherId"), "a two-input stage names its second input");
        assertTrue(of(events, ReactorTrackEvents.CALLBACK_ATTACHED, b.id()).isEmpty(), "one event per stage");
        assertEquals("sum", fromA.getString("callback"));
        assertEquals("thenCombine", fromA.getString("method"));

        RecordedEvent supplied = one(events, ReactorTrackEvents.CALLBACK_ATTACHED, c.id());
        assertEquals(c.id(), supplied.getLong("resultId"), "completeAsync completes the future itself");
        assertEquals("supplier", supplied.getString("callback"));
        assertEquals("completeAsync", supplied.getString("method"));
    }

    private static RecordedEvent byResult(List<RecordedEvent> events, long resultId) {
        List<RecordedEvent> found = events.stream().filter(e -> e.getLong("resultId") == resultId)
                .collect(Collectors.toList());
        assertEquals(1, found.size(), () -> "attached events with result " + resultId + ": " + events);
        return found.get(0);
    }

    /** Runs for at least {@code millis} without sleeping, so that the event has a known minimum duration. */
    private static String busy(String s, long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long spins = 0;
        while (System.nanoTime() - end < 0) {
            spins++;
        }
        return spins >= 0 ? s : null;
    }

    @Test
    void callback_executed_times_the_run_on_its_thread_with_its_path_and_failure_and_no_stack_trace()
            throws Exception {
        JfrMonitor monitor = new JfrMonitor(true);
        TrackedFuture<String> x;
        TrackedFuture<String> y;
        TrackedFuture<String> z;
        TrackedFuture<String> w;
        List<RecordedEvent> events;
        try (JfrCapture jfr = JfrCapture.start()) {
            x = monitor.track(new CompletableFuture<>(), "x");
            y = x.thenApplyAsync(Callbacks.function("slow", s -> busy(s, 5)), exec);
            z = y.thenApply(Callbacks.function("fails", s -> {
                throw new IllegalStateException("boom");
            }));
            w = z.exceptionally(Callbacks.function("errback", e -> "ok"));
            x.complete("v");
            assertEquals("ok", w.get(10, TimeUnit.SECONDS));
            events = jfr.stop();
        }
        RecordedEvent slow = one(events, ReactorTrackEvents.CALLBACK_EXECUTED, x.id());
        assertEquals(y.id(), slow.getLong("resultId"));
        assertTrue(slow.getBoolean("completesStage"), "its value completed y: no other record of y's completion");
        assertTrue(of(events, ReactorTrackEvents.FUTURE_COMPLETED, y.id()).isEmpty());
        assertEquals("slow", slow.getString("callback"));
        assertTrue(slow.getBoolean("callbackPath"));
        assertFalse(slow.getBoolean("failed"));
        assertNull(slow.getString("error"));
        assertTrue(slow.getDuration().compareTo(Duration.ofMillis(5)) >= 0, "duration " + slow.getDuration());
        assertEquals("exec-events", slow.getThread().getJavaName());
        assertNull(slow.getStackTrace(), "CallbackExecuted carries no stack trace");

        RecordedEvent fails = one(events, ReactorTrackEvents.CALLBACK_EXECUTED, y.id());
        assertEquals("fails", fails.getString("callback"));
        assertTrue(fails.getBoolean("callbackPath"));
        assertTrue(fails.getBoolean("failed"));
        assertEquals("java.lang.IllegalStateException: boom", fails.getString("error"));
        assertEquals("exec-events", fails.getThread().getJavaName(), "it ran on the thread that completed y");
        assertFalse(fails.getBoolean("completesStage"), "a callback that threw fails its stage");
        RecordedEvent zFailed = one(events, ReactorTrackEvents.FUTURE_COMPLETED, z.id());
        assertEquals("fails", zFailed.getString("callback"), "the failed stage names the callback that threw");
        assertEquals("java.lang.IllegalStateException: boom", zFailed.getString("error"));

        RecordedEvent errback = one(events, ReactorTrackEvents.CALLBACK_EXECUTED, z.id());
        assertEquals("errback", errback.getString("callback"));
        assertFalse(errback.getBoolean("callbackPath"), "an errback runs on the failure path");
        assertFalse(errback.getBoolean("failed"));
        assertNull(errback.getString("error"));
        assertTrue(of(events, ReactorTrackEvents.CALLBACK_EXECUTED, w.id()).isEmpty());
    }

    @Test
    void future_chained_links_a_future_to_the_one_it_completes() {
        JfrMonitor monitor = new JfrMonitor(true);
        JfrMonitor untracking = new JfrMonitor(false);
        TrackedFuture<String> src;
        TrackedFuture<String> target = new TrackedFuture<>();
        TrackedFuture<String> inner = new TrackedFuture<>();
        TrackedFuture<String> composed;
        TrackedFuture<String> other;
        CompletableFuture<String> plainTarget = new CompletableFuture<>();
        List<RecordedEvent> events;
        try (JfrCapture jfr = JfrCapture.start()) {
            src = monitor.track(new CompletableFuture<>(), "src");
            src.chain(target);
            composed = src.thenCompose(s -> inner);
            other = untracking.track(new CompletableFuture<>(), "other");
            other.chain(plainTarget);
            src.complete("v");
            inner.complete("w");
            other.complete("o");
            assertEquals("w", composed.join());
            assertEquals("o", plainTarget.join());
            events = jfr.stop();
        }
        List<RecordedEvent> fromSrc = of(events, ReactorTrackEvents.FUTURE_CHAINED, src.id());
        assertEquals(2, fromSrc.size(), () -> "chained events of src: " + fromSrc);
        assertTrue(fromSrc.stream().anyMatch(e -> e.getLong("targetId") == target.id()), "chain(target)");
        assertTrue(fromSrc.stream().anyMatch(e -> e.getLong("targetId") == inner.id()), "thenCompose's future");
        assertNotEquals(0, target.id());
        RecordedEvent untracked = one(events, ReactorTrackEvents.FUTURE_CHAINED, other.id());
        assertEquals(0, untracked.getLong("targetId"), "a target that is not tracked is 0");
        assertNotNull(untracked.getStackTrace(), "FutureChained says where the chain was made");
    }

    @Test
    void future_fired_says_success_failure_cancellation_and_timeout_with_the_error() {
        JfrMonitor monitor = new JfrMonitor(true);
        TrackedFuture<String> ok;
        TrackedFuture<String> bad;
        TrackedFuture<String> derived;
        TrackedFuture<String> cancelled;
        TrackedFuture<String> late;
        List<RecordedEvent> events;
        try (JfrCapture jfr = JfrCapture.start()) {
            ok = monitor.track(new CompletableFuture<>(), "ok");
            bad = monitor.track(new CompletableFuture<>(), "bad");
            derived = bad.thenApply(s -> s);
            cancelled = monitor.track(new CompletableFuture<>(), "cancelled");
            late = monitor.track(new CompletableFuture<String>(), "late").orTimeout(1, TimeUnit.MILLISECONDS);
            ok.complete("v");
            bad.completeExceptionally(new IllegalStateException("bad"));
            cancelled.cancel(true);
            TrackedFuture<String> l = late;
            assertThrows(CompletionException.class, l::join);
            // The JDK's timer thread records the timeout right after it completes the future: wait for it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (monitor.stats().futuresFired() < 5 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            events = jfr.stop();
        }
        RecordedEvent e = one(events, ReactorTrackEvents.FUTURE_COMPLETED, ok.id());
        assertTrue(e.getBoolean("success"));
        assertFalse(e.getBoolean("cancelled"));
        assertNull(e.getString("error"));
        assertNull(e.getStackTrace(), "FutureCompleted carries no stack trace by default");
        assertEquals("ok", e.getString("name"));

        e = one(events, ReactorTrackEvents.FUTURE_COMPLETED, bad.id());
        assertFalse(e.getBoolean("success"));
        assertFalse(e.getBoolean("cancelled"));
        assertEquals("java.lang.IllegalStateException: bad", e.getString("error"));

        e = one(events, ReactorTrackEvents.FUTURE_COMPLETED, derived.id());
        assertFalse(e.getBoolean("success"));
        assertEquals("java.lang.IllegalStateException: bad", e.getString("error"),
                "the CompletionException a derived stage holds is described by its cause");

        e = one(events, ReactorTrackEvents.FUTURE_COMPLETED, cancelled.id());
        assertFalse(e.getBoolean("success"));
        assertTrue(e.getBoolean("cancelled"));
        assertEquals("java.util.concurrent.CancellationException", e.getString("error"));

        e = one(events, ReactorTrackEvents.FUTURE_COMPLETED, late.id());
        assertFalse(e.getBoolean("success"));
        assertFalse(e.getBoolean("cancelled"));
        assertEquals("java.util.concurrent.TimeoutException", e.getString("error"));
    }
}
