package io.reactortrack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * What the agent costs an application that does not know it is there: plain
 * {@code CompletableFuture} code, run without the agent, with the agent and
 * no recording, and with the agent and a recording with the continuous
 * settings ({@code reactortrack.jfc}).
 *
 * <pre>java -cp benchmarks.jar io.reactortrack.bench.AgentBench [ROUNDS] [--quick] [--csv FILE]</pre>
 *
 * runs every measurement ROUNDS times (default 3; {@code --quick}: tiny
 * iterations, for a smoke run), with and without the same recording, the configurations
 * interleaved within each round so that the load of a shared machine falls
 * on all of them alike, and prints the medians, the spread (min..max) and the
 * ratios to the run without the agent:
 * <ul>
 * <li>{@link #thenApply}: a trivial operation (thenApply, complete, join), JMH, ns/op;</li>
 * <li>start-up: the wall time of a JVM whose {@code main} returns at once ({@link Startup});</li>
 * <li>an application-shaped workload: {@link AppWorkload} in plain mode, its warm time,
 *     with callbacks that do nothing (work 0) and some work (1000).</li>
 * </ul>
 * {@code --csv} also writes the medians to FILE, for {@code bench/run}'s report.
 * The agent jar and the settings file are found from this jar's place in the
 * repository ({@code bench/target/benchmarks.jar}); the system properties
 * {@code reactortrack.agent.jar} and {@code reactortrack.settings} override them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class AgentBench {

    /** A lambda of the application's: what the agent traces while a recording runs. */
    private static final Function<Integer, Integer> INC = x -> x + 1;

    /** Not a constant, so the JIT cannot fold the arithmetic away. */
    public int input = 1;

    @Benchmark
    public Integer thenApply() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        CompletableFuture<Integer> g = f.thenApply(INC);
        f.complete(input);
        return g.join();
    }

    /** A {@code main} that returns at once, for the start-up time. */
    public static final class Startup {
        private Startup() {
        }

        public static void main(String[] args) {
            // Nothing: the time measured is the JVM's start and exit.
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        boolean quick = false;
        Path csv = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick":
                    quick = true;
                    break;
                case "--csv":
                    csv = Path.of(args[++i]);
                    break;
                default:
                    rounds = Integer.parseInt(args[i]);
            }
        }
        Path jar = Path.of(AgentBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path root = jar.getParent().getParent().getParent();
        Path agent = Path.of(System.getProperty("reactortrack.agent.jar",
                root.resolve("agent/target/reactortrack-agent.jar").toString()));
        Path settings = Path.of(System.getProperty("reactortrack.settings", root.resolve("reactortrack.jfc").toString()));
        if (!Files.isRegularFile(agent) || !Files.isRegularFile(settings)) {
            throw new IllegalStateException("need " + agent + " and " + settings);
        }
        Path work = Files.createTempDirectory("agent-bench");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> recording = List.of(
                "-XX:StartFlightRecording:settings=" + settings + ",filename=" + work.resolve("bench.jfr"),
                "-Xlog:jfr+startup=error");
        List<String> agentAndRecording = new ArrayList<>(List.of("-javaagent:" + agent));
        agentAndRecording.addAll(recording);
        Map<String, List<String>> configs = new LinkedHashMap<>();
        configs.put(NONE, List.of());
        configs.put(AGENT, List.of("-javaagent:" + agent));
        configs.put(RECORDING, recording);
        configs.put(AGENT_RECORDING, agentAndRecording);

        int starts = quick ? 2 : 10;
        int appN = quick ? 10_000 : 100_000;
        int[] appWork = quick ? new int[] {0} : new int[] {0, 1000};
        Map<String, List<Double>> op = new LinkedHashMap<>();
        Map<String, List<Double>> start = new LinkedHashMap<>();
        Map<Integer, Map<String, List<Double>>> app = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, List<String>> c : configs.entrySet()) {
                op.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(jmh(c.getValue(), quick));
            }
            for (int i = 0; i < starts; i++) {
                for (Map.Entry<String, List<String>> c : configs.entrySet()) {
                    // Start-up with a recording adds Flight Recorder's own start, not the agent's.
                    if (c.getKey().equals(NONE) || c.getKey().equals(AGENT)) {
                        start.computeIfAbsent(c.getKey(), k -> new ArrayList<>())
                                .add(wallMillis(java, c.getValue(), jar, Startup.class.getName(), List.of()));
                    }
                }
            }
            for (int w : appWork) {
                for (Map.Entry<String, List<String>> c : configs.entrySet()) {
                    app.computeIfAbsent(w, k -> new LinkedHashMap<>()).computeIfAbsent(c.getKey(), k -> new ArrayList<>())
                            .add(appWarmMillis(java, c.getValue(), jar, appN, w));
                }
            }
        }
        List<String> rows = new ArrayList<>();
        rows.add("measure,config,median,min,max,n");
        System.out.println();
        report("thenApply + complete + join (ns/op, JMH)", "op", op, true, rows);
        report("JVM start-up, main returns at once (ms, wall)", "startup", start, false, rows);
        for (Map.Entry<Integer, Map<String, List<Double>>> e : app.entrySet()) {
            report("AppWorkload plain, " + appN + " pipelines, work " + e.getKey() + " (warm ms)", "app-work" + e.getKey(),
                    e.getValue(), true, rows);
        }
        if (csv != null) {
            Files.write(csv, rows);
        }
    }

    private static final String NONE = "no agent";
    private static final String AGENT = "agent";
    private static final String RECORDING = "no agent + reactortrack.jfc";
    private static final String AGENT_RECORDING = "agent + reactortrack.jfc";

    private static double jmh(List<String> jvmArgs, boolean quick) throws Exception {
        List<String> args = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
        args.addAll(jvmArgs);
        Options o = new OptionsBuilder().include(AgentBench.class.getName() + ".thenApply")
                .forks(1).warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.milliseconds(quick ? 100 : 1000))
                .measurementIterations(quick ? 1 : 5).measurementTime(TimeValue.milliseconds(quick ? 200 : 1000))
                .jvmArgsAppend(args.toArray(new String[0])).build();
        RunResult r = new Runner(o).runSingle();
        return r.getPrimaryResult().getScore();
    }

    private static double wallMillis(String java, List<String> jvmArgs, Path jar, String main, List<String> args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", jar.toString(), main));
        cmd.addAll(args);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + cmd);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double appWarmMillis(String java, List<String> jvmArgs, Path jar, int n, int work) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-Xms2g", "-Xmx2g", "-cp", jar.toString(), AppWorkload.class.getName(), "plain",
                Integer.toString(n), "7", Integer.toString(work)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0 || !out.contains("warm_ms=")) {
            throw new IllegalStateException("failed: " + cmd + "\n" + out);
        }
        String warm = out.substring(out.indexOf("warm_ms=") + "warm_ms=".length()).split("\\s")[0];
        return Double.parseDouble(warm);
    }

    /** Medians, spread, and each median against the first configuration's: as a ratio, or as a difference. */
    private static void report(String what, String measure, Map<String, List<Double>> values, boolean ratio,
            List<String> rows) {
        System.out.println("== " + what);
        double base = Double.NaN;
        for (Map.Entry<String, List<Double>> e : values.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            if (Double.isNaN(base)) {
                base = median;
            }
            String rel = ratio ? String.format(Locale.ROOT, "%.2fx", median / base)
                    : String.format(Locale.ROOT, "%+.0f ms", median - base);
            System.out.printf(Locale.ROOT, "  %-28s median %9.1f  spread %9.1f .. %-9.1f  %s  (n=%d)%n", e.getKey(),
                    median, v[0], v[v.length - 1], rel, v.length);
            rows.add(String.format(Locale.ROOT, "%s,%s,%.2f,%.2f,%.2f,%d", measure, e.getKey(), median, v[0],
                    v[v.length - 1], v.length));
        }
    }
}
