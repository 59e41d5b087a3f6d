package io.reactortrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.reactortrack.recorder.testing.MonOut;
import org.junit.jupiter.api.Test;

/**
 * Alarms are true and complete: a failure that is handled, however it is
 * handled, raises no alarm; a failure dropped with nobody looking raises
 * exactly one, on the future where it was dropped.
 */
class UnhandledAlarmsTest {

    private static final IllegalStateException BOOM = new IllegalStateException("boom");

    /** Runs {@code scenario} on a fresh monitor, closes it, and returns the ids it reported unhandled. */
    private static List<Long> alarms(Consumer<JsonMonitor> scenario) {
        JsonMonitor m = new JsonMonitor(true);
        scenario.accept(m);
        m.close();
        List<Long> ids = new ArrayList<>();
        for (Map<String, Object> l : MonOut.withAction(MonOut.parseAll(m.buffer()), "unhandled")) {
            ids.add(MonOut.id(l, "deferred"));
        }
        assertEquals(0, m.stats().tracerErrors(), () -> String.valueOf(m.lastTracerError()));
        return ids;
    }

    private static void noAlarm(Consumer<JsonMonitor> scenario) {
        assertEquals(List.of(), alarms(scenario));
    }

    private static TrackedFuture<String> failing(JsonMonitor m, String name) {
        TrackedFuture<String> f = m.newFuture(name);
        f.completeExceptionally(BOOM);
        return f;
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "the condition never held");
            Thread.onSpinWait();
        }
    }

    // ------------------------------------------------------------------ handled: no alarm

    @Test
    void a_failed_future_returned_by_a_compose_function_and_handled_downstream_raises_no_alarm() {
        noAlarm(m -> {
            TrackedFuture<String> inner = failing(m, "inner");
            TrackedFuture<String> src = m.newFuture("src");
            src.thenCompose(x -> inner).exceptionally(e -> "fallback");
            src.complete("go");
        });
    }

    @Test
    void a_composed_future_failing_later_and_handled_downstream_raises_no_alarm() {
        noAlarm(m -> {
            TrackedFuture<String> inner = m.newFuture("inner");
            TrackedFuture<String> src = m.newFuture("src");
            src.thenCompose(x -> inner).exceptionally(e -> "fallback");
            src.complete("go");
            inner.completeExceptionally(BOOM);
        });
    }

    @Test
    void a_failure_recovered_by_exceptionally_compose_raises_no_alarm() {
        noAlarm(m -> {
            TrackedFuture<String> src = m.newFuture("src");
            TrackedFuture<String> retry = m.newFuture("retry");
            src.exceptionallyCompose(e -> retry).exceptionally(e -> "fallback");
            src.completeExceptionally(BOOM);
            retry.completeExceptionally(BOOM);
        });
    }

    @Test
    void a_failure_passed_to_all_of_raises_no_alarm() {
        noAlarm(m -> {
            TrackedFuture<String> f = m.newFuture("f");
            CompletableFuture.allOf(f).exceptionally(e -> null);
            f.completeExceptionally(BOOM);
        });
    }

    @Test
    void a_failure_a_when_complete_action_reads_raises_no_alarm_even_when_its_stage_is_dropped() {
        noAlarm(m -> {
            TrackedFuture<String> f = m.newFuture("f");
            f.whenComplete((v, e) -> { });
            f.completeExceptionally(BOOM);
        });
    }

    @Test
    void a_failure_read_by_join_get_get_now_or_is_completed_exceptionally_raises_no_alarm() {
        noAlarm(m -> assertThrows(CompletionException.class, () -> failing(m, "join").join()));
        noAlarm(m -> assertThrows(ExecutionException.class, () -> failing(m, "get").get()));
        noAlarm(m -> assertThrows(ExecutionException.class, () -> failing(m, "get").get(1, TimeUnit.SECONDS)));
        noAlarm(m -> assertThrows(CompletionException.class, () -> failing(m, "getNow").getNow("x")));
        noAlarm(m -> assertTrue(failing(m, "isCompletedExceptionally").isCompletedExceptionally()));
    }

    @Test
    void a_dependent_attached_after_the_failure_takes_it_over() {
        noAlarm(m -> failing(m, "late").exceptionally(e -> "handled later"));
    }

    @Test
    void a_failure_chained_to_a_target_that_handles_it_raises_no_alarm() {
        noAlarm(m -> {
            TrackedFuture<String> f = m.newFuture("f");
            TrackedFuture<String> target = new TrackedFuture<>();
            f.chain(target);
            target.exceptionally(e -> "handled");
            f.completeExceptionally(BOOM);
        });
    }

    @Test
    void cancellations_are_not_failures_even_where_they_run_down_a_chain() {
        noAlarm(m -> {
            TrackedFuture<String> f = m.newFuture("f");
            f.thenApply(String::trim).thenApply(String::length);
            f.cancel(false);
        });
    }

    // ------------------------------------------------------------------ dropped: exactly one alarm

    @Test
    void a_failure_at_the_end_of_a_chain_is_reported_once_at_the_end() {
        List<Long> ids = new ArrayList<>();
        List<Long> alarms = alarms(m -> {
            TrackedFuture<String> src = m.newFuture("src");
            TrackedFuture<String> thrower = src.thenApply(x -> {
                throw BOOM;
            });
            TrackedFuture<Integer> last = thrower.thenApply(String::length);
            src.complete("go");
            ids.add(last.id());
        });
        assertEquals(ids, alarms);
    }

    @Test
    void a_dropped_stage_that_times_out_is_reported() {
        List<Long> ids = new ArrayList<>();
        List<Long> alarms = alarms(m -> {
            TrackedFuture<String> src = m.newFuture("never answers");
            TrackedFuture<String> stage = src.thenApply(String::trim).orTimeout(5, TimeUnit.MILLISECONDS);
            ids.add(stage.id());
            // The JDK's timer thread completes it, and records it right after: wait for the record.
            await(() -> m.buffer().stream().anyMatch(l -> l.contains("\"fired\",\"deferred\":" + stage.id() + ",")));
        });
        assertEquals(ids, alarms);
    }

    @Test
    void a_failure_inside_a_composed_future_nobody_composes_further_is_reported_once() {
        List<Long> ids = new ArrayList<>();
        List<Long> alarms = alarms(m -> {
            TrackedFuture<String> inner = m.newFuture("inner");
            TrackedFuture<String> src = m.newFuture("src");
            TrackedFuture<String> composed = src.thenCompose(x -> inner);
            src.complete("go");
            inner.completeExceptionally(BOOM);
            ids.add(composed.id());
        });
        assertEquals(ids, alarms);
    }

    @Test
    void a_tracked_future_failed_with_nobody_looking_is_reported() {
        List<Long> ids = new ArrayList<>();
        List<Long> alarms = alarms(m -> ids.add(failing(m, "alone").id()));
        assertEquals(ids, alarms);
    }

    // ------------------------------------------------------------------ races

    /**
     * A handler attached while the failure is being recorded: the watch is
     * published on one side and the observation on the other, and one of the
     * two must see the other, or a handled failure raises a false alarm.
     */
    @Test
    void a_handler_attached_while_the_failure_is_recorded_never_raises_a_false_alarm() throws Exception {
        int rounds = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch failed = new CountDownLatch(rounds);
            List<Long> alarms = alarms(m -> {
                for (int i = 0; i < rounds; i++) {
                    TrackedFuture<String> f = m.newFuture(null);
                    CountDownLatch go = new CountDownLatch(1);
                    pool.execute(() -> {
                        awaitQuietly(go);
                        f.completeExceptionally(BOOM);
                        failed.countDown();
                    });
                    go.countDown();
                    f.exceptionally(e -> "handled");
                }
                awaitQuietly(failed);
            });
            assertEquals(List.of(), alarms);
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
