package io.reactortrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.reactortrack.events.ReactorTrackEvents;
import io.reactortrack.recorder.testing.JfrCapture;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import org.junit.jupiter.api.Test;

/**
 * What the lean events promise: stack traces that start at the caller, a
 * future's life as the duration of its completion event, at most two events
 * per stage on the path every stage takes, and continuous settings that keep
 * only the slow and the failed.
 */
class EventCostsAndShapesTest {

    /** The classes whose public methods the application calls; one of their frames may sit above the caller's. */
    private static final Set<String> ENTRY_POINTS = Set.of(TrackedFuture.class.getName(),
            AbstractMonitor.class.getName(), ReactorTrack.class.getName());

    private static String busy(String s, long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
        return s;
    }

    private static List<RecordedEvent> ofType(List<RecordedEvent> events, String type) {
        return JfrCapture.ofType(events, type);
    }

    /** The frames above the first frame of this test class: what the tracer put above the caller. */
    private static List<String> framesAboveCaller(RecordedEvent e) {
        assertNotNull(e.getStackTrace(), e.getEventType().getName() + " has no stack trace");
        List<RecordedFrame> frames = e.getStackTrace().getFrames();
        List<String> above = new java.util.ArrayList<>();
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (type.equals(EventCostsAndShapesTest.class.getName())) {
                return above;
            }
            above.add(type + "." + f.getMethod().getName());
        }
        throw new AssertionError("the caller is not on the stack of " + e);
    }

    @Test
    void stack_traces_start_at_the_caller_with_at_most_the_method_it_called_above_it() {
        JfrMonitor monitor = new JfrMonitor(true);
        List<RecordedEvent> events;
        try (JfrCapture jfr = JfrCapture.withSettings("reactortrack-profile.jfc")) {
            TrackedFuture<String> a = monitor.track(new CompletableFuture<>(), "a");
            TrackedFuture<String> b = monitor.newFuture("b");
            TrackedFuture<String> c = ReactorTrack.track(new CompletableFuture<>(), "c");
            TrackedFuture<String> d = ReactorTrack.newFuture("d");
            a.thenApply(String::trim);
            a.thenCombine(b, (x, y) -> x + y);
            a.whenComplete((v, e) -> { });
            a.exceptionally(e -> "r");
            a.applyToEither(b, String::trim);
            c.chain(new TrackedFuture<>());
            d.completeAsync(() -> "s", Runnable::run);
            a.complete("a");
            b.complete("b");
            c.complete("c");
            events = jfr.stop();
        }
        int checked = 0;
        for (String type : List.of(ReactorTrackEvents.FUTURE_TRACKED, ReactorTrackEvents.CALLBACK_ATTACHED,
                ReactorTrackEvents.FUTURE_CHAINED)) {
            for (RecordedEvent e : ofType(events, type)) {
                List<String> above = framesAboveCaller(e);
                assertTrue(above.size() <= 1, () -> type + " has tracer frames above the caller: " + above);
                if (above.size() == 1) {
                    String frame = above.get(0);
                    assertTrue(ENTRY_POINTS.contains(frame.substring(0, frame.lastIndexOf('.'))),
                            () -> type + " starts at " + frame + ", not at a method the application called");
                }
                checked++;
            }
        }
        // 4 tracked + 1 chain target, 6 attached (completeAsync included), 1 chained.
        assertEquals(12, checked, events::toString);
    }

    @Test
    void a_futures_life_is_the_duration_of_its_completion_event() {
        JfrMonitor monitor = new JfrMonitor(true);
        TrackedFuture<String> request;
        TrackedFuture<String> composed;
        List<RecordedEvent> events;
        try (JfrCapture jfr = JfrCapture.withSettings("reactortrack-profile.jfc")) {
            request = monitor.newFuture("slow request");
            TrackedFuture<String> inner = monitor.newFuture("inner");
            composed = request.thenCompose(x -> inner);
            busy("", 25);
            request.complete("x");
            busy("", 25);
            inner.complete("y");
            assertEquals("y", composed.join());
            events = jfr.stop();
        }
        Map<Long, RecordedEvent> completed = ofType(events, ReactorTrackEvents.FUTURE_COMPLETED).stream()
                .collect(Collectors.toMap(e -> e.getLong("futureId"), e -> e));
        Duration requestLife = completed.get(request.id()).getDuration();
        assertTrue(requestLife.compareTo(Duration.ofMillis(25)) >= 0, "request lived " + requestLife);
        assertEquals("slow request", completed.get(request.id()).getString("name"));
        Duration composedLife = completed.get(composed.id()).getDuration();
        assertTrue(composedLife.compareTo(Duration.ofMillis(50)) >= 0, "the compose stage lived " + composedLife);
    }

    @Test
    void on_the_path_every_stage_takes_a_stage_costs_two_events() {
        JfrMonitor monitor = new JfrMonitor(true);
        List<RecordedEvent> events;
        int stages = 10;
        try (JfrCapture jfr = JfrCapture.withSettings("reactortrack-profile.jfc")) {
            TrackedFuture<Integer> root = monitor.newFuture("root");
            CompletableFuture<Integer> g = root;
            for (int i = 0; i < stages; i++) {
                g = g.thenApply(x -> x + 1);
            }
            root.complete(0);
            assertEquals(stages, g.join());
            events = jfr.stop();
        }
        Map<String, Long> byType = events.stream()
                .filter(e -> !e.getEventType().getName().equals(ReactorTrackEvents.PENDING_FUTURE))
                .collect(Collectors.groupingBy(e -> e.getEventType().getName(), Collectors.counting()));
        // The root: tracked and completed; each stage: attached and executed.
        assertEquals(Map.of(ReactorTrackEvents.FUTURE_TRACKED, 1L, ReactorTrackEvents.FUTURE_COMPLETED, 1L,
                ReactorTrackEvents.CALLBACK_ATTACHED, (long) stages, ReactorTrackEvents.CALLBACK_EXECUTED,
                (long) stages), byType);
    }

    @Test
    void the_continuous_settings_keep_the_slow_and_the_failed_and_nothing_else() throws Exception {
        // Thresholds raised from the shipped 10 ms and 1 s (as users can) to keep the test short
        // and its margins wide.
        JfrMonitor monitor = new JfrMonitor(true);
        TrackedFuture<String> quick;
        TrackedFuture<String> failedQuickly;
        TrackedFuture<String> thrower;
        TrackedFuture<String> slowCallback;
        TrackedFuture<String> longLived;
        TrackedFuture<String> forced;
        List<RecordedEvent> events;
        // Once before, under a recording: a cold first run (classes loaded, callbacks named, events
        // registered) must not make the quick future look slow.
        try (JfrCapture warmUp = JfrCapture.withSettings("reactortrack.jfc")) {
            TrackedFuture<String> warm = monitor.newFuture("warm");
            warm.thenApply(String::trim);
            warm.complete("w");
            warmUp.stop();
        }
        try (JfrCapture jfr = JfrCapture.withSettings("reactortrack.jfc",
                Map.of(ReactorTrackEvents.FUTURE_COMPLETED + "#threshold", "200 ms",
                        ReactorTrackEvents.CALLBACK_EXECUTED + "#threshold", "200 ms"))) {
            quick = monitor.newFuture("quick");
            quick.thenApply(String::trim);
            quick.complete("q");
            failedQuickly = monitor.newFuture("failed quickly");
            failedQuickly.completeExceptionally(new IllegalStateException("no"));
            TrackedFuture<String> src = monitor.newFuture("src");
            thrower = src.thenApply(Callbacks.function("thrower", s -> {
                throw new IllegalArgumentException("bad input");
            }));
            slowCallback = src.thenApply(Callbacks.function("slow", s -> busy(s, 250)));
            src.complete("s");
            longLived = monitor.newFuture("long lived");
            busy("", 250);
            longLived.complete("l");
            forced = monitor.newFuture("forced");
            forced.complete("first");
            forced.obtrudeException(new IllegalStateException("forced"));
            events = jfr.stop();
        }
        Set<Long> completed = ids(events, ReactorTrackEvents.FUTURE_COMPLETED);
        Set<Long> failed = ids(events, ReactorTrackEvents.FUTURE_FAILED);
        assertFalse(completed.contains(quick.id()) || failed.contains(quick.id()),
                () -> "a quick success is kept: " + events.stream().filter(e -> e.getLong("futureId") == quick.id())
                        .collect(Collectors.toList()));
        assertTrue(failed.contains(failedQuickly.id()), "every failure is kept");
        assertTrue(failed.contains(thrower.id()), "a stage failed by its callback is kept");
        RecordedEvent t = ofType(events, ReactorTrackEvents.FUTURE_FAILED).stream()
                .filter(e -> e.getLong("futureId") == thrower.id()).findFirst().orElseThrow();
        assertEquals("thrower", t.getString("callback"));
        assertEquals("java.lang.IllegalArgumentException: bad input", t.getString("error"));
        assertTrue(completed.contains(longLived.id()), "a long life is kept");
        List<RecordedEvent> executed = ofType(events, ReactorTrackEvents.CALLBACK_EXECUTED);
        assertEquals(List.of("slow"), executed.stream().map(e -> e.getString("callback")).collect(Collectors.toList()),
                "only the callback above the threshold is kept");
        assertEquals(slowCallback.id(), executed.get(0).getLong("resultId"));
        assertEquals(Set.of(forced.id()), ids(events, ReactorTrackEvents.FUTURE_REVISED), "a forced outcome is kept");
        assertTrue(ids(events, ReactorTrackEvents.FUTURE_TRACKED).isEmpty());
        assertTrue(ids(events, ReactorTrackEvents.CALLBACK_ATTACHED).isEmpty());
    }

    private static Set<Long> ids(List<RecordedEvent> events, String type) {
        return ofType(events, type).stream().map(e -> e.getLong("futureId")).collect(Collectors.toSet());
    }
}
