package io.reactortrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

import io.reactortrack.recorder.testing.Coverage;
import io.reactortrack.recorder.testing.JfrCapture;
import io.reactortrack.recorder.testing.ManualExecutors;
import io.reactortrack.recorder.testing.MonOut;
import io.reactortrack.recorder.testing.Pipeline;
import io.reactortrack.recorder.testing.Pipeline.Callback;
import io.reactortrack.recorder.testing.Pipeline.Method;
import io.reactortrack.recorder.testing.Pipeline.Op;
import io.reactortrack.recorder.testing.Pipeline.Step;
import io.reactortrack.recorder.testing.PipelineRun;
import io.reactortrack.recorder.testing.PipelineRun.World;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;

/**
 * The fidelity proof: random pipelines over every {@code CompletableFuture}
 * method run on plain futures, on futures tracked by a {@link JsonMonitor},
 * and on futures tracked by a {@link JfrMonitor} while a JFR recording takes
 * the Reactor Track events; everything a user can observe must be the same
 * (see {@link PipelineRun} for what is observed). On the JSON run the
 * {@code mon.out} lines must also account for exactly the callbacks that ran.
 *
 * <p>Reproduce a failure with {@code -Dreactortrack.seed=<seed>} (the whole
 * run) or {@code -Dreactortrack.pipeline=<pipeline seed>} (one pipeline), both
 * printed in the failure message.
 */
class DifferentialFidelityTest {

    private static final int MIN_PIPELINES = Integer.getInteger("reactortrack.pipelines", 300);
    private static final int MAX_PIPELINES = MIN_PIPELINES * 3;
    private static final long BUDGET_NANOS = Long.getLong("reactortrack.budgetSeconds", 45) * 1_000_000_000L;

    @Test
    void tracked_pipelines_give_exactly_the_results_exceptions_threads_and_order_of_plain_ones() {
        long seed = Long.getLong("reactortrack.seed", System.nanoTime());
        Long only = Long.getLong("reactortrack.pipeline");
        System.out.println("DifferentialFidelityTest seed=" + seed + (only != null ? " pipeline=" + only : ""));
        Random master = new Random(seed);
        Coverage coverage = new Coverage();
        long start = System.nanoTime();
        int pipelines = 0;
        int steps = 0;
        long jsonLines = 0;
        try (ManualExecutors executors = new ManualExecutors("exec-A", "exec-B");
             JfrCapture jfr = JfrCapture.start()) {
            while (true) {
                boolean enough = pipelines >= MIN_PIPELINES && coverage.missing().isEmpty();
                boolean outOfTime = System.nanoTime() - start > BUDGET_NANOS && pipelines >= 50;
                if (only != null ? pipelines == 1 : enough || outOfTime || pipelines >= MAX_PIPELINES) {
                    break;
                }
                long pipelineSeed = only != null ? only : master.nextLong();
                String where = "seed=" + seed + " pipeline=" + pipelineSeed;
                Pipeline p = Pipeline.generate(pipelineSeed, coverage.wanted());

                PipelineRun plain = PipelineRun.run(p, World.plain(), executors);
                assertTrue(plain.violations.isEmpty(), () -> where + " plain run: " + plain.violations);

                JsonMonitor json = new JsonMonitor(p.trackChained);
                PipelineRun jsonRun = PipelineRun.run(p, World.tracked("json", json), executors);
                assertSame(plain, jsonRun, where);
                checkMonOut(p, jsonRun, json, where);
                jsonLines += json.buffer().size();

                JfrMonitor jfrMonitor = new JfrMonitor(p.trackChained);
                PipelineRun jfrRun = PipelineRun.run(p, World.tracked("jfr", jfrMonitor), executors);
                assertSame(plain, jfrRun, where);
                assertEquals(0, jfrMonitor.stats().tracerErrors(), () -> where + " JfrMonitor swallowed errors: "
                        + jfrMonitor.lastTracerError());
                if (json.stats().futuresTracked() > 0) {
                    assertTrue(jfrMonitor.stats().futuresTracked() > 0,
                            () -> where + " the JfrMonitor recorded nothing although a recording runs");
                }

                coverage.add(p, plain);
                pipelines++;
                steps += p.steps.size();
            }
            List<RecordedEvent> events = jfr.stop();
            Map<String, Long> byType = events.stream()
                    .collect(Collectors.groupingBy(e -> e.getEventType().getName(), Collectors.counting()));
            System.out.println("JFR events during the run: " + byType);
            for (String type : JfrCapture.EVENT_NAMES) {
                assertTrue(byType.getOrDefault(type, 0L) > 0, "no " + type + " event was recorded");
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("Differential coverage: " + pipelines + " pipelines, " + steps + " steps, each run plain,"
                + " on a JsonMonitor and on a JfrMonitor under a recording (" + jsonLines + " mon.out lines), in "
                + millis + " ms; " + coverage.rows() + " method forms, " + coverage.cells() + " cells:");
        System.out.println(coverage.matrix());
        if (only == null) {
            List<String> missing = coverage.missing();
            assertTrue(missing.isEmpty(), () -> "seed=" + seed + ": cases never exercised: " + missing);
        }
    }

    private static void assertSame(PipelineRun expected, PipelineRun actual, String where) {
        assertTrue(actual.violations.isEmpty(), () -> where + " " + actual.world.name() + " run: " + actual.violations
                + "\n" + expected.pipeline.listing());
        List<String> a = expected.everything();
        List<String> b = actual.everything();
        if (a.equals(b)) {
            return;
        }
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        StringBuilder m = new StringBuilder(where).append(": the tracked run differs from the plain run at line ")
                .append(i).append('\n');
        for (int k = Math.max(0, i - 12); k < i; k++) {
            m.append("    ").append(a.get(k)).append('\n');
        }
        m.append("plain:   ").append(i < a.size() ? a.get(i) : "<end>").append('\n');
        m.append("tracked: ").append(i < b.size() ? b.get(i) : "<end>").append('\n');
        m.append(expected.pipeline.listing());
        fail(m.toString());
    }

    // ====================================================================== mon.out checks on the JSON run

    /**
     * The JSON run's mon.out accounts for what happened: one tracked line per
     * id, every id referenced is tracked, and every named callback has exactly
     * the attached lines its method implies and one executed line per run, on
     * the thread it ran on, with its path, failure and error.
     */
    private static void checkMonOut(Pipeline p, PipelineRun run, JsonMonitor monitor, String where) {
        assertEquals(0, monitor.stats().tracerErrors(),
                () -> where + " JsonMonitor swallowed errors: " + monitor.lastTracerError());
        List<Map<String, Object>> lines = MonOut.parseAll(monitor.buffer());
        Set<Long> tracked = new HashSet<>();
        for (Map<String, Object> l : MonOut.withAction(lines, "tracked")) {
            long id = MonOut.id(l, "deferred");
            assertTrue(tracked.add(id), () -> where + " two tracked lines for " + id + "\n" + p.listing());
        }
        for (Map<String, Object> l : lines) {
            for (String key : List.of("deferred", "result", "target", "parent")) {
                if (l.containsKey(key) && l.get(key) != null) {
                    long id = MonOut.id(l, key);
                    assertTrue(tracked.contains(id), () -> where + " " + key + " " + id
                            + " has no tracked line: " + l + "\n" + p.listing());
                }
            }
        }
        Map<String, List<Map<String, Object>>> executed = new HashMap<>();
        for (Map<String, Object> l : MonOut.withAction(lines, "executed")) {
            executed.computeIfAbsent((String) l.get("callback"), k -> new ArrayList<>()).add(l);
        }
        Map<String, List<Map<String, Object>>> attached = new HashMap<>();
        for (Map<String, Object> l : MonOut.withAction(lines, "attached")) {
            Object name = l.get("callback") != null ? l.get("callback") : l.get("errback");
            attached.computeIfAbsent((String) name, k -> new ArrayList<>()).add(l);
        }
        Map<Integer, List<PipelineRun.Run>> runs = new HashMap<>();
        synchronized (run.runs) {
            for (PipelineRun.Run r : run.runs) {
                runs.computeIfAbsent(r.callback.id, k -> new ArrayList<>()).add(r);
            }
        }
        // Exactly the attaching and running of the user's callbacks, nothing of the tracer's own or the JDK's.
        long totalAttached = 0;
        long totalExecuted = 0;
        for (Map.Entry<Integer, Boolean> e : run.recorded.entrySet()) {
            if (e.getValue()) {
                totalAttached += run.attachedIds.get(e.getKey())[1] != 0 ? 2 : 1;
                totalExecuted += runs.getOrDefault(e.getKey(), List.of()).size();
            }
        }
        assertEquals(totalAttached, MonOut.withAction(lines, "attached").size(),
                () -> where + " attached lines\n" + String.join("\n", monitor.buffer()) + "\n" + p.listing());
        assertEquals(totalExecuted, MonOut.withAction(lines, "executed").size(),
                () -> where + " executed lines\n" + String.join("\n", monitor.buffer()) + "\n" + p.listing());
        for (Step s : p.steps) {
            Callback c = s.callback;
            if (c == null || !c.named || !run.recorded.containsKey(c.id)) {
                continue;
            }
            boolean recorded = run.recorded.get(c.id);
            long[] ids = run.attachedIds.get(c.id);
            String what = where + " " + s;
            // attached
            List<Map<String, Object>> att = attached.getOrDefault(c.name(), List.of());
            int expectedAttached = recorded ? (ids[1] != 0 ? 2 : 1) : 0;
            assertEquals(expectedAttached, att.size(), () -> what + ": attached lines " + att + "\n" + p.listing());
            for (Map<String, Object> l : att) {
                String method = s.op == Op.COMPLETE_ASYNC ? "completeAsync" : s.method.methodName(s.exec);
                assertEquals(method, l.get("method"), what);
                Pipeline.Path path = s.op == Op.COMPLETE_ASYNC ? Pipeline.Path.SUCCESS : s.method.path;
                assertEquals(path == Pipeline.Path.FAILURE ? null : c.name(), l.get("callback"), what);
                assertEquals(path == Pipeline.Path.SUCCESS ? null : c.name(), l.get("errback"), what);
                long deferred = MonOut.id(l, "deferred");
                assertTrue(deferred == ids[0] || deferred == ids[1], () -> what + ": attached to " + deferred);
            }
            // executed
            List<PipelineRun.Run> ran = runs.getOrDefault(c.id, List.of());
            List<Map<String, Object>> exe = executed.getOrDefault(c.name(), List.of());
            assertEquals(recorded ? ran.size() : 0, exe.size(),
                    () -> what + ": " + ran.size() + " runs but executed lines " + exe + "\n" + p.listing());
            for (int i = 0; i < exe.size(); i++) {
                Map<String, Object> l = exe.get(i);
                PipelineRun.Run r = ran.get(i);
                assertEquals(ids[0], MonOut.id(l, "deferred"), what);
                assertEquals(r.thread.getName(), l.get("thread"), what);
                assertEquals(r.thrown != null, l.get("failed"), what);
                assertEquals(r.thrown == null ? null : describe(r.thrown), l.get("error"), what);
                boolean callbackPath;
                if (s.op == Op.COMPLETE_ASYNC || s.method.path == Pipeline.Path.SUCCESS) {
                    callbackPath = true;
                } else if (s.method.path == Pipeline.Path.FAILURE) {
                    callbackPath = false;
                } else {
                    callbackPath = r.args[1] == null;
                }
                assertEquals(callbackPath, l.get("callback?"), what);
                if (s.method == Method.HANDLE || s.method == Method.WHEN_COMPLETE) {
                    assertTrue(l.containsKey("time"), what);
                }
            }
        }
    }

    /** "ClassName: message" of what a callback threw, a CompletionException standing for its cause. */
    private static String describe(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getName() : t.getClass().getName() + ": " + t.getMessage();
    }
}
