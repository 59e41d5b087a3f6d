package io.reactortrack.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.reactortrack.agent.boot.Woven;
import io.reactortrack.events.ReactorTrackEvents;
import io.reactortrack.recorder.testing.Coverage;
import io.reactortrack.recorder.testing.JfrCapture;
import io.reactortrack.recorder.testing.ManualExecutors;
import io.reactortrack.recorder.testing.Pipeline;
import io.reactortrack.recorder.testing.PipelineRun;
import jdk.jfr.consumer.RecordedEvent;

/**
 * The recorder's fidelity proof, on plain {@code CompletableFuture}s woven by
 * the agent: random pipelines over every method run first while nothing
 * records (the woven code stands aside), then again while a recording with
 * the profile settings takes every Reactor Track event (every future of the
 * pipelines is traced); everything a user can observe must be the same, the
 * tracer must swallow no error, and every run of a named callback must have
 * its {@code CallbackExecuted} event.
 *
 * <p>Runs in the JVM of the test (started with the agent) and, through
 * {@link #main}, in a child JVM of another JDK.
 */
public final class PlainFutureFidelity {

    /** What a run found: the failures, empty when none, and a summary. */
    public record Result(List<String> failures, String summary) {
    }

    private PlainFutureFidelity() {
    }

    public static Result run(long seed, int minPipelines, long budgetNanos) {
        List<String> failures = new ArrayList<>();
        boolean sideTable = Boolean.getBoolean("reactortrack.expectSideTable");
        if (Woven.stateInField() == sideTable) {
            failures.add(sideTable ? "the agent found a field for its state although CompletableFuture was loaded before it"
                    : "the agent did not add its field to CompletableFuture although it was loaded at start-up");
        }
        Random master = new Random(seed);
        Coverage coverage = new Coverage();
        List<Pipeline> pipelines = new ArrayList<>();
        List<List<String>> untraced = new ArrayList<>();
        long start = System.nanoTime();
        long errorsBefore = Woven.stats().tracerErrors();
        try (ManualExecutors executors = new ManualExecutors("exec-A", "exec-B")) {
            while (pipelines.size() < minPipelines * 3) {
                boolean enough = pipelines.size() >= minPipelines && coverage.missing().isEmpty();
                boolean outOfTime = System.nanoTime() - start > budgetNanos && pipelines.size() >= 50;
                if (enough || outOfTime) {
                    break;
                }
                Pipeline p = Pipeline.generate(master.nextLong(), coverage.wanted());
                PipelineRun plain = PipelineRun.run(p, PipelineRun.World.plain(), executors);
                if (!plain.violations.isEmpty()) {
                    failures.add("untraced run of pipeline " + p.seed + ": " + plain.violations);
                    return new Result(failures, "");
                }
                coverage.add(p, plain);
                pipelines.add(p);
                untraced.add(plain.everything());
            }
            Map<String, Integer> runsByName = new HashMap<>();
            JfrCapture jfr = JfrCapture.withSettings("reactortrack-profile.jfc");
            try {
                for (int i = 0; i < pipelines.size(); i++) {
                    Pipeline p = pipelines.get(i);
                    PipelineRun traced = PipelineRun.run(p, PipelineRun.World.plain(), executors);
                    String diff = firstDifference(untraced.get(i), traced.everything());
                    if (diff != null || !traced.violations.isEmpty()) {
                        failures.add("seed=" + seed + " pipeline=" + p.seed + ": the traced run differs from the"
                                + " untraced one " + (diff != null ? diff : traced.violations) + "\n" + p.listing());
                        break;
                    }
                    synchronized (traced.runs) {
                        for (PipelineRun.Run r : traced.runs) {
                            if (r.callback.named) {
                                runsByName.merge(r.callback.name() + "#" + i, 1, Integer::sum);
                            }
                        }
                    }
                }
            } finally {
                List<RecordedEvent> events = jfr.stop();
                jfr.close();
                checkExecuted(events, runsByName, failures);
            }
            long errors = Woven.stats().tracerErrors() - errorsBefore;
            if (errors != 0) {
                java.io.StringWriter trace = new java.io.StringWriter();
                Woven.lastError().printStackTrace(new java.io.PrintWriter(trace));
                failures.add("the agent swallowed " + errors + " errors, the last: " + trace);
            }
        }
        String summary = pipelines.size() + " pipelines run untraced and traced in "
                + (System.nanoTime() - start) / 1_000_000 + " ms; " + coverage.rows() + " method forms, "
                + coverage.cells() + " cells; missing: " + coverage.missing();
        if (!coverage.missing().isEmpty()) {
            failures.add("cases never exercised: " + coverage.missing());
        }
        return new Result(failures, summary);
    }

    /**
     * Every named callback ran as often as it has CallbackExecuted events.
     * Names repeat across pipelines (cb0, cb1, ...): the totals per name are compared.
     */
    private static void checkExecuted(List<RecordedEvent> events, Map<String, Integer> runsByName,
                                      List<String> failures) {
        Map<String, Integer> expected = new HashMap<>();
        runsByName.forEach((k, v) -> expected.merge(k.substring(0, k.indexOf('#')), v, Integer::sum));
        Map<String, Integer> recorded = new HashMap<>();
        for (RecordedEvent e : events) {
            if (e.getEventType().getName().equals(ReactorTrackEvents.CALLBACK_EXECUTED)) {
                String name = e.getString("callback");
                if (name != null && name.matches("cb\\d+")) {
                    recorded.merge(name, 1, Integer::sum);
                }
            }
        }
        if (!expected.equals(recorded)) {
            failures.add("named callback runs " + new java.util.TreeMap<>(expected) + " but CallbackExecuted events "
                    + new java.util.TreeMap<>(recorded));
        }
        if (expected.isEmpty()) {
            failures.add("no named callback ran: the pipelines tested nothing");
        }
    }

    private static String firstDifference(List<String> a, List<String> b) {
        if (a.equals(b)) {
            return null;
        }
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        return "at line " + i + ":\n  untraced: " + (i < a.size() ? a.get(i) : "<end>") + "\n  traced:   "
                + (i < b.size() ? b.get(i) : "<end>");
    }

    /**
     * Runs in a child JVM: prints the summary and the failures, exits 1 when
     * there are any. {@code SEED PIPELINES [attach AGENT_JAR]}: with
     * {@code attach}, the JVM loads the agent into itself first, after
     * {@code CompletableFuture} is loaded, as an attach to a running
     * application does (it needs {@code -Djdk.attach.allowAttachSelf=true}).
     */
    public static void main(String[] args) throws Exception {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : System.nanoTime();
        int pipelines = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        if (args.length > 3 && args[2].equals("attach")) {
            new java.util.concurrent.CompletableFuture<>().complete("loaded before the agent");
            com.sun.tools.attach.VirtualMachine vm =
                    com.sun.tools.attach.VirtualMachine.attach(Long.toString(ProcessHandle.current().pid()));
            try {
                vm.loadAgent(args[3], "");
            } finally {
                vm.detach();
            }
        }
        Result r = run(seed, pipelines, 40_000_000_000L);
        System.out.println("seed=" + seed + " " + r.summary());
        r.failures().forEach(System.out::println);
        System.exit(r.failures().isEmpty() ? 0 : 1);
    }
}
