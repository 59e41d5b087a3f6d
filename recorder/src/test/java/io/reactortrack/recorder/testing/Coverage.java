package io.reactortrack.recorder.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.reactortrack.recorder.testing.Pipeline.Exec;
import io.reactortrack.recorder.testing.Pipeline.Method;
import io.reactortrack.recorder.testing.Pipeline.Step;

/**
 * Which method forms the differential test exercised in which case, counted on
 * the plain run: a matrix of rows (every method form) and columns (the cases).
 */
public final class Coverage {

    public static final String DONE_IN = "done-in";
    public static final String PENDING_IN = "pending-in";
    public static final String RAN_OK = "ran-ok";
    public static final String RAN_THREW = "ran-threw";
    public static final String THREW_CE = "threw-CE";
    public static final String IN_FAILED = "in-failed";
    public static final String IN_CANCELLED = "in-cancelled";
    public static final String TIMED_OUT = "timed-out";
    public static final String BEATEN = "beaten";

    public static final List<String> COLUMNS = List.of(DONE_IN, PENDING_IN, RAN_OK, RAN_THREW, THREW_CE, IN_FAILED,
            IN_CANCELLED, TIMED_OUT, BEATEN);

    private static final List<String> CALLBACK_CASES = List.of(DONE_IN, PENDING_IN, RAN_OK, RAN_THREW, THREW_CE,
            IN_FAILED, IN_CANCELLED);

    private final Map<String, List<String>> applicable = new LinkedHashMap<>();
    private final Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();

    public Coverage() {
        for (Method m : Method.values()) {
            for (Exec e : List.of(Exec.SYNC, Exec.DEFAULT, Exec.EXEC_A)) {
                row(m.form(e), CALLBACK_CASES);
            }
        }
        for (String r : List.of("complete", "completeExceptionally", "cancel", "obtrudeValue", "obtrudeException")) {
            row(r, List.of(DONE_IN, PENDING_IN));
        }
        row("completeAsync", List.of(DONE_IN, PENDING_IN, RAN_OK, RAN_THREW, THREW_CE));
        row("completeAsync(exec)", List.of(DONE_IN, PENDING_IN, RAN_OK, RAN_THREW, THREW_CE));
        row("orTimeout", List.of(DONE_IN, PENDING_IN, TIMED_OUT, BEATEN));
        row("completeOnTimeout", List.of(DONE_IN, PENDING_IN, TIMED_OUT, BEATEN));
        row("copy", List.of(DONE_IN, PENDING_IN, IN_FAILED, IN_CANCELLED));
        row("chain", List.of(DONE_IN, PENDING_IN, IN_FAILED, IN_CANCELLED));
    }

    private void row(String name, List<String> cases) {
        applicable.put(name, cases);
        Map<String, Integer> c = new LinkedHashMap<>();
        for (String col : cases) {
            c.put(col, 0);
        }
        counts.put(name, c);
    }

    private void hit(String row, String col) {
        Map<String, Integer> r = counts.get(row);
        if (r == null || !r.containsKey(col)) {
            throw new IllegalArgumentException(row + " × " + col);
        }
        r.merge(col, 1, Integer::sum);
    }

    /** Counts what the plain run of {@code p} exercised. */
    public void add(Pipeline p, PipelineRun plain) {
        Map<Integer, List<PipelineRun.Run>> runs = new LinkedHashMap<>();
        synchronized (plain.runs) {
            for (PipelineRun.Run r : plain.runs) {
                runs.computeIfAbsent(r.callback.id, k -> new ArrayList<>()).add(r);
            }
        }
        for (Step s : p.steps) {
            String row;
            switch (s.op) {
                case ATTACH:
                    if (s.nullArg != 0) {
                        continue;
                    }
                    row = s.method.form(s.exec);
                    inputs(row, s, plain);
                    ran(row, runs.get(s.callback.id));
                    failedInputs(row, plain.node(s.in));
                    if (s.other >= 0) {
                        failedInputs(row, plain.node(s.other));
                    }
                    break;
                case COMPLETE:
                    inputs("complete", s, plain);
                    break;
                case COMPLETE_EXCEPTIONALLY:
                    inputs("completeExceptionally", s, plain);
                    break;
                case CANCEL:
                    inputs("cancel", s, plain);
                    break;
                case OBTRUDE_VALUE:
                    inputs("obtrudeValue", s, plain);
                    break;
                case OBTRUDE_EXCEPTION:
                    inputs("obtrudeException", s, plain);
                    break;
                case COMPLETE_ASYNC:
                    row = s.exec == Exec.DEFAULT ? "completeAsync" : "completeAsync(exec)";
                    inputs(row, s, plain);
                    ran(row, runs.get(s.callback.id));
                    break;
                case OR_TIMEOUT:
                case COMPLETE_ON_TIMEOUT:
                    row = s.op == Pipeline.Op.OR_TIMEOUT ? "orTimeout" : "completeOnTimeout";
                    inputs(row, s, plain);
                    if (!plain.inputsDoneAtCall[s.index]) {
                        hit(row, s.flag ? TIMED_OUT : BEATEN);
                    }
                    break;
                case COPY:
                case CHAIN:
                    row = s.op == Pipeline.Op.COPY ? "copy" : "chain";
                    inputs(row, s, plain);
                    failedInputs(row, plain.node(s.in));
                    break;
                default:
                    break;
            }
        }
    }

    private void inputs(String row, Step s, PipelineRun plain) {
        hit(row, plain.inputsDoneAtCall[s.index] ? DONE_IN : PENDING_IN);
    }

    private void ran(String row, List<PipelineRun.Run> runs) {
        if (runs == null) {
            return;
        }
        for (PipelineRun.Run r : runs) {
            hit(row, r.thrown == null ? RAN_OK : RAN_THREW);
            if (r.thrown instanceof CompletionException) {
                hit(row, THREW_CE);
            }
        }
    }

    private void failedInputs(String row, CompletableFuture<Object> in) {
        if (in.isCancelled()) {
            hit(row, IN_CANCELLED);
        } else if (in.isCompletedExceptionally()) {
            hit(row, IN_FAILED);
        }
    }

    /** Rows with at least one case not exercised yet. */
    public Set<String> wanted() {
        Set<String> w = new LinkedHashSet<>();
        counts.forEach((row, c) -> {
            if (c.containsValue(0)) {
                w.add(row);
            }
        });
        return w;
    }

    /** "row × case" for every case not exercised. */
    public List<String> missing() {
        List<String> m = new ArrayList<>();
        counts.forEach((row, c) -> c.forEach((col, n) -> {
            if (n == 0) {
                m.add(row + " × " + col);
            }
        }));
        return m;
    }

    public int rows() {
        return counts.size();
    }

    public int cells() {
        return counts.values().stream().mapToInt(Map::size).sum();
    }

    /** The matrix as text: a count per exercised case, "-" where a case does not apply. */
    public String matrix() {
        int w = "exceptionallyComposeAsync(exec)".length() + 2;
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-" + w + "s", "method \\ case"));
        for (String c : COLUMNS) {
            b.append(String.format("%13s", c));
        }
        b.append('\n');
        counts.forEach((row, c) -> {
            b.append(String.format("%-" + w + "s", row));
            for (String col : COLUMNS) {
                Integer n = c.get(col);
                b.append(String.format("%13s", n == null ? "-" : n.toString()));
            }
            b.append('\n');
        });
        return b.toString();
    }
}
