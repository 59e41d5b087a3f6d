package io.reactortrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.reactortrack.events.FutureTrackedEvent;
import io.reactortrack.recorder.testing.JfrCapture;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;

/**
 * A {@link JfrMonitor} with no recording that wants the Reactor Track events
 * records nothing at all, and its futures behave exactly like plain ones.
 */
class InactiveJfrMonitorTest {

    private static final TrackStats NOTHING = new TrackStats(0, 0, 0, 0, 0);

    /** The same small pipeline on any future: values, a failure, a recovery, a cancellation, a chain. */
    private static List<Object> pipeline(Function<String, CompletableFuture<Object>> source,
                                         ExecutorService exec) throws Exception {
        CompletableFuture<Object> a = source.apply("a");
        CompletableFuture<Object> b = source.apply("b");
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<Object> up = a.thenApply(x -> x + "!");
        CompletableFuture<Object> async = up.thenApplyAsync(x -> x + Thread.currentThread().getName(), exec);
        CompletableFuture<Object> failed = a.thenApply(x -> {
            throw boom;
        });
        CompletableFuture<Object> recovered = failed.exceptionally(e -> e.getCause() == boom ? "same" : "other");
        CompletableFuture<Object> both = async.thenCombine(b, (x, y) -> x + "+" + y);
        CompletableFuture<Object> cancelled = b.thenApply(x -> x);
        cancelled.cancel(false);
        CompletableFuture<Object> target = new CompletableFuture<>();
        if (a instanceof TrackedFuture) {
            ((TrackedFuture<Object>) a).chain(target);
        } else {
            a.whenComplete((v, e) -> target.complete(v));
        }
        a.complete("A");
        b.complete("B");
        CompletionException thrown = assertThrows(CompletionException.class, failed::join);
        assertSame(boom, thrown.getCause());
        assertThrows(CancellationException.class, cancelled::join);
        return List.of(up.join(), async.get(10, TimeUnit.SECONDS), recovered.join(), both.get(10, TimeUnit.SECONDS),
                target.join(), failed.isCompletedExceptionally(), cancelled.isCancelled(),
                a.getNumberOfDependents(), b.getNumberOfDependents());
    }

    @Test
    void with_no_recording_nothing_is_recorded_and_results_are_those_of_plain_futures() throws Exception {
        assertFalse(new FutureTrackedEvent().isEnabled(), "a recording with the Reactor Track events is running");
        JfrMonitor monitor = new JfrMonitor(true);
        ExecutorService exec = Executors.newSingleThreadExecutor(r -> new Thread(r, "inactive-exec"));
        try {
            List<Object> plain = pipeline(name -> new CompletableFuture<>(), exec);
            List<Object> tracked = pipeline(name -> monitor.track(new CompletableFuture<>(), name), exec);
            List<Object> adopted = pipeline(name -> monitor.newFuture(name), exec);
            assertEquals(plain, tracked);
            assertEquals(plain, adopted);
            assertEquals(NOTHING, monitor.stats(), "an inactive monitor recorded something");
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void a_recording_with_the_reactor_track_events_disabled_does_not_turn_the_monitor_on() throws Exception {
        JfrMonitor monitor = new JfrMonitor(true);
        ExecutorService exec = Executors.newSingleThreadExecutor(r -> new Thread(r, "inactive-exec"));
        try (Recording other = new Recording()) {
            other.enable("jdk.JavaMonitorEnter");
            // Event types are enabled by default in a recording that does not mention them: say so.
            for (String name : JfrCapture.EVENT_NAMES) {
                other.disable(name);
            }
            other.start();
            assertFalse(new FutureTrackedEvent().isEnabled());
            List<Object> plain = pipeline(name -> new CompletableFuture<>(), exec);
            List<Object> tracked = pipeline(name -> monitor.track(new CompletableFuture<>(), name), exec);
            assertEquals(plain, tracked);
            assertEquals(NOTHING, monitor.stats());
            other.stop();
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void the_same_monitor_records_once_a_recording_starts_and_stops_recording_when_it_ends() throws Exception {
        JfrMonitor monitor = new JfrMonitor(true);
        TrackedFuture<String> before = monitor.track(new CompletableFuture<>(), "before");
        assertEquals(NOTHING, monitor.stats());
        List<RecordedEvent> events;
        TrackedFuture<String> during;
        try (JfrCapture jfr = JfrCapture.start()) {
            during = monitor.track(new CompletableFuture<>(), "during");
            during.thenApply(String::length);
            during.complete("x");
            events = jfr.stop();
        }
        TrackStats recorded = monitor.stats();
        assertTrue(recorded.futuresTracked() >= 2 && recorded.callbacksAttached() == 1
                && recorded.callbacksExecuted() == 1, recorded.toString());
        assertTrue(events.stream().anyMatch(e -> "during".equals(e.getString("name"))), "no event of the recording");
        before.thenApply(String::length);
        before.complete("late");
        assertEquals(recorded, monitor.stats(), "recorded after the recording stopped");
    }
}
