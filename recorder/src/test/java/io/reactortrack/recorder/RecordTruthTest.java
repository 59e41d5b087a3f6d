package io.reactortrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.reactortrack.events.ReactorTrackEvents;
import io.reactortrack.recorder.internal.Errors;
import io.reactortrack.recorder.internal.Outcome;
import io.reactortrack.recorder.testing.JfrCapture;
import io.reactortrack.recorder.testing.ManualExecutors;
import io.reactortrack.recorder.testing.MonOut;
import io.reactortrack.recorder.testing.Pipeline;
import io.reactortrack.recorder.testing.PipelineRun;
import io.reactortrack.recorder.testing.PipelineRun.World;
import org.junit.jupiter.api.Test;

/**
 * The record tells the truth, as a property of random pipelines: every
 * {@code CompletableFuture} method, sync and async, stages completed, failed,
 * cancelled and timed out from outside while their inputs are pending, and
 * inputs that never complete. At the end, for every tracked future:
 * <ul>
 * <li>done ⇔ exactly one completion record (plus revisions, which
 *     {@code obtrude*} writes), and the last one says how it really completed:
 *     success, failure with its error, or cancellation;</li>
 * <li>not done ⇔ no completion record, and the future is listed as pending.</li>
 * </ul>
 * Checked on the {@link JsonMonitor}'s lines, and on the events of a
 * {@link JfrMonitor} under a recording with the shipped settings files, read
 * back from the recording.
 *
 * <p>Reproduce a failure with {@code -Dreactortrack.seed=<seed>}, printed in
 * the failure message.
 */
class RecordTruthTest {

    private static final int PIPELINES = Integer.getInteger("reactortrack.truth.pipelines", 250);

    /** What a future really was at the end of its pipeline. */
    private record Truth(String where, long id, boolean done, Outcome outcome) {
        String describe() {
            if (!done) {
                return "pending";
            }
            return outcome.success() ? "success" : outcome.cancelled ? "cancelled" : "failed " + Errors.describe(outcome.error);
        }
    }

    /** A completion as a record says it; {@code at} orders the records of a recording. */
    private record Fired(boolean success, boolean cancelled, String error, boolean revised, Instant at) {
        Fired(boolean success, boolean cancelled, String error, boolean revised) {
            this(success, cancelled, error, revised, Instant.EPOCH);
        }

        String describe() {
            return success ? "success" : cancelled ? "cancelled" : "failed " + error;
        }
    }

    private static List<Truth> truths(PipelineRun run, String where) {
        List<Truth> truths = new ArrayList<>();
        for (int i = 0; i < run.pipeline.nodeCount(); i++) {
            CompletableFuture<Object> f = run.node(i);
            if (f instanceof TrackedFuture && ((TrackedFuture<?>) f).id() != 0) {
                TrackedFuture<?> t = (TrackedFuture<?>) f;
                truths.add(new Truth(where + " n" + i, t.id(), t.isDone(), t.rawOutcome()));
            }
        }
        return truths;
    }

    private static void check(Truth t, List<Fired> fired, Set<Long> pending, Map<Long, String> failures) {
        check(t, fired, pending, failures, false);
    }

    /**
     * @param firstMayBeMissing the settings keep only failures and long lives: a future that first
     *                          succeeded quickly and was then forced to fail shows its revision only
     */
    private static void check(Truth t, List<Fired> fired, Set<Long> pending, Map<Long, String> failures,
                              boolean firstMayBeMissing) {
        String what = t.where + " #" + t.id + " (" + t.describe() + ")";
        if (!t.done) {
            if (!fired.isEmpty()) {
                failures.put(t.id, what + " is pending but recorded as completed: " + fired);
            } else if (!pending.contains(t.id)) {
                failures.put(t.id, what + " is pending but not listed as pending");
            }
            return;
        }
        long first = fired.stream().filter(f -> !f.revised).count();
        boolean onlyRevised = firstMayBeMissing && first == 0 && !fired.isEmpty();
        if (first != 1 && !onlyRevised) {
            failures.put(t.id, what + " has " + first + " completion records: " + fired);
            return;
        }
        if (pending.contains(t.id)) {
            failures.put(t.id, what + " is done but listed as pending");
            return;
        }
        Fired last = fired.get(fired.size() - 1);
        Outcome o = t.outcome;
        boolean same = last.success == o.success() && (o.success()
                || last.cancelled == o.cancelled && last.error.equals(Errors.describe(o.error)));
        if (!same) {
            failures.put(t.id, what + " is recorded as " + last.describe() + " " + fired);
        }
    }

    private static void assertNoFailures(Map<Long, String> failures, long seed, List<Pipeline> pipelines) {
        if (failures.isEmpty()) {
            return;
        }
        StringBuilder m = new StringBuilder("seed=" + seed + ": " + failures.size() + " untrue records:\n");
        failures.values().stream().limit(12).forEach(f -> m.append("  ").append(f).append('\n'));
        String firstWhere = failures.values().iterator().next();
        for (Pipeline p : pipelines) {
            if (firstWhere.contains("pipeline=" + p.seed + " ")) {
                m.append(p.listing());
            }
        }
        fail(m.toString());
    }

    @Test
    void every_state_the_json_monitor_records_is_the_real_one() {
        long seed = Long.getLong("reactortrack.seed", System.nanoTime());
        System.out.println("RecordTruthTest (json) seed=" + seed);
        Random master = new Random(seed);
        Map<Long, String> failures = new HashMap<>();
        List<Pipeline> pipelines = new ArrayList<>();
        int futures = 0;
        int pendingAtEnd = 0;
        try (ManualExecutors executors = new ManualExecutors("exec-A", "exec-B")) {
            Long only = Long.getLong("reactortrack.pipeline");
            for (int n = 0; n < (only != null ? 1 : PIPELINES); n++) {
                Pipeline p = Pipeline.generateWithHangs(only != null ? only : master.nextLong());
                pipelines.add(p);
                String where = "pipeline=" + p.seed;
                JsonMonitor monitor = new JsonMonitor(p.trackChained);
                PipelineRun run = PipelineRun.run(p, World.tracked("json", monitor), executors);
                assertTrue(run.violations.isEmpty(), () -> where + " " + run.violations + "\n" + p.listing());
                Map<Long, List<Fired>> fired = new HashMap<>();
                for (Map<String, Object> l : MonOut.withAction(MonOut.parseAll(monitor.buffer()), "fired")) {
                    fired.computeIfAbsent(MonOut.id(l, "deferred"), k -> new ArrayList<>()).add(new Fired(
                            (Boolean) l.get("success"), (Boolean) l.get("cancelled"), (String) l.get("error"),
                            Boolean.TRUE.equals(l.get("revised"))));
                }
                if (only != null) {
                    System.out.println(p.listing());
                    monitor.buffer().forEach(System.out::println);
                }
                Set<Long> pending = new HashSet<>();
                for (PendingFuture pf : monitor.pending()) {
                    pending.add(pf.id());
                }
                for (Truth t : truths(run, where + " ")) {
                    check(t, fired.getOrDefault(t.id, List.of()), pending, failures);
                    futures++;
                    pendingAtEnd += t.done ? 0 : 1;
                }
                assertEquals(0, monitor.stats().tracerErrors(), () -> where + ": " + monitor.lastTracerError());
            }
        }
        System.out.println("RecordTruthTest (json): " + pipelines.size() + " pipelines, " + futures + " tracked futures, "
                + pendingAtEnd + " pending at the end");
        assertTrue(pendingAtEnd > 0, "no pipeline left a future pending: the hang side is not exercised");
        assertNoFailures(failures, seed, pipelines);
    }

    @Test
    void every_state_a_profile_recording_holds_is_the_real_one() {
        checkRecording("reactortrack-profile.jfc", true);
    }

    @Test
    void every_failure_a_continuous_recording_holds_is_real_and_none_is_missing() {
        checkRecording("reactortrack.jfc", false);
    }

    /**
     * Runs pipelines on a {@link JfrMonitor} under a recording with the
     * shipped settings {@code settings}, and checks the events read back. With
     * the continuous settings only failures, long-lived futures and pending
     * futures are recorded: every failure must be there, and nothing recorded
     * may be untrue.
     */
    private void checkRecording(String settings, boolean everything) {
        long seed = Long.getLong("reactortrack.seed", System.nanoTime());
        System.out.println("RecordTruthTest (" + settings + ") seed=" + seed);
        Random master = new Random(seed);
        List<Truth> truths = new ArrayList<>();
        List<Pipeline> pipelines = new ArrayList<>();
        // The runs stay reachable until the recording has listed what is pending at its end.
        List<PipelineRun> runs = new ArrayList<>();
        Map<Long, List<Fired>> fired = new HashMap<>();
        Set<Long> pending = new HashSet<>();
        Instant stopping;
        try (ManualExecutors executors = new ManualExecutors("exec-A", "exec-B");
             JfrCapture jfr = JfrCapture.withSettings(settings)) {
            for (int n = 0; n < PIPELINES; n++) {
                Pipeline p = Pipeline.generateWithHangs(master.nextLong());
                pipelines.add(p);
                String where = "pipeline=" + p.seed;
                JfrMonitor monitor = new JfrMonitor(p.trackChained);
                PipelineRun run = PipelineRun.run(p, World.tracked("jfr", monitor), executors);
                assertTrue(run.violations.isEmpty(), () -> where + " " + run.violations + "\n" + p.listing());
                assertEquals(0, monitor.stats().tracerErrors(), () -> where + ": " + monitor.lastTracerError());
                truths.addAll(truths(run, where + " "));
                runs.add(run);
            }
            stopping = Instant.now();
            jfr.stopAndStream(e -> {
                switch (e.getEventType().getName()) {
                    case ReactorTrackEvents.FUTURE_COMPLETED:
                        fired.computeIfAbsent(e.getLong("futureId"), k -> new ArrayList<>()).add(new Fired(
                                e.getBoolean("success"), e.getBoolean("cancelled"), e.getString("error"), false,
                                e.getEndTime()));
                        break;
                    case ReactorTrackEvents.FUTURE_FAILED:
                        fired.computeIfAbsent(e.getLong("futureId"), k -> new ArrayList<>()).add(new Fired(
                                false, e.getBoolean("cancelled"), e.getString("error"), false, e.getEndTime()));
                        break;
                    case ReactorTrackEvents.FUTURE_REVISED:
                        fired.computeIfAbsent(e.getLong("futureId"), k -> new ArrayList<>()).add(new Fired(
                                e.getBoolean("success"), e.getBoolean("cancelled"), e.getString("error"), true,
                                e.getEndTime()));
                        break;
                    case ReactorTrackEvents.CALLBACK_EXECUTED:
                        if (e.getBoolean("completesStage")) {
                            fired.computeIfAbsent(e.getLong("resultId"), k -> new ArrayList<>())
                                    .add(new Fired(true, false, null, false, e.getEndTime()));
                        }
                        break;
                    case ReactorTrackEvents.PENDING_FUTURE:
                        if (!e.getStartTime().isBefore(stopping)) {
                            pending.add(e.getLong("futureId"));
                        }
                        break;
                    default:
                        break;
                }
            });
        }
        Map<Long, String> failures = new HashMap<>();
        int pendingAtEnd = 0;
        for (Truth t : truths) {
            List<Fired> f = new ArrayList<>(fired.getOrDefault(t.id, List.of()));
            f.sort(java.util.Comparator.comparing(Fired::at));
            pendingAtEnd += t.done ? 0 : 1;
            boolean firstFailed = f.stream().filter(x -> !x.revised).anyMatch(x -> !x.success);
            if (everything || !t.done || !t.outcome.success() || firstFailed) {
                check(t, f, pending, failures, !everything);
            } else if (f.stream().filter(x -> !x.revised).count() > 1
                    || !f.isEmpty() && !f.get(f.size() - 1).success) {
                // Continuous settings: a short-lived success may go unrecorded; what is recorded must hold.
                failures.put(t.id, t.where + " #" + t.id + " (success) is recorded as " + f);
            }
        }
        System.out.println("RecordTruthTest (" + settings + "): " + PIPELINES + " pipelines, " + truths.size()
                + " tracked futures, " + pendingAtEnd + " pending at the end, " + runs.size() + " runs");
        assertTrue(pendingAtEnd > 0, "no pipeline left a future pending: the hang side is not exercised");
        assertNoFailures(failures, seed, pipelines);
    }
}
