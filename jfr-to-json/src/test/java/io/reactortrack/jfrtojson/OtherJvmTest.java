package io.reactortrack.jfrtojson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.reactortrack.recorder.testing.ChildJvm;
import io.reactortrack.recorder.testing.MonOut;
import io.reactortrack.recorder.testing.OtherJdk;
import jdk.jfr.Recording;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recordings from other JVMs: a newer JDK, a JVM killed mid-recording, several runs at once. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OtherJvmTest {

    @TempDir
    Path dir;

    @Test
    void a_recording_made_on_jdk_25_converts_here_like_the_golden_one() throws Exception {
        Path file = dir.resolve("jdk25.jfr");
        generateOnJdk25("golden", file);

        Cli.Result r = Cli.run(file.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.err());
        List<Map<String, Object>> golden = MonOut.parseAll(
                Files.readAllLines(Cli.resource("golden.mon.out"), StandardCharsets.UTF_8));
        // Measured keys differ from run to run, and so does the id of the thread without a name.
        assertEquals(comparable(golden), comparable(MonOut.parseAll(r.lines())));
    }

    @Test
    void callbacks_on_virtual_threads_name_the_thread_by_its_id_as_the_contract_says() throws Exception {
        Path file = dir.resolve("virtual.jfr");
        String[] id = generateOnJdk25("virtual", file).stdout().trim().split(" ");

        Cli.Result r = Cli.run(file.toString());
        assertEquals(0, r.exitCode(), r::toString);
        List<Map<String, Object>> lines = MonOut.parseAll(r.lines());
        assertEquals(List.of("virtual#" + id[0], "fetcher (virtual#" + id[1] + ")"),
                List.of(lines.get(0).get("thread"), lines.get(1).get("thread")), r::toString);
        RoundTripTest.assertRoundTrip(file, 2);
    }

    /** Runs {@code RecordingGenerator MODE FILE} on JDK 25 (see {@link OtherJdk}), which must exit with 0. */
    private static ChildJvm.Outcome generateOnJdk25(String mode, Path file) throws Exception {
        return ChildJvm.run(List.of(OtherJdk.java(25).toString(), "-cp", RecordingGenerator.classPath(),
                RecordingGenerator.class.getName(), mode, file.toString()), null, 60)
                .assertExited0("the generator's " + mode + " on JDK 25");
    }

    private static List<Map<String, Object>> comparable(List<Map<String, Object>> lines) {
        List<Map<String, Object>> out = MonOut.withoutKeys(lines, "ts", "time", "lifetime");
        for (Map<String, Object> l : out) {
            l.computeIfPresent("thread", (k, v) -> ((String) v).replaceAll("^thread#\\d+$", "thread#N"));
        }
        return out;
    }

    @Test
    void a_jvm_killed_while_recording_leaves_a_repository_that_converts_up_to_its_last_flush() throws Exception {
        Path repository = Files.createDirectories(dir.resolve("repository"));
        Path marker = dir.resolve("flushed");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-XX:FlightRecorderOptions:repository=" + repository,
                "-cp", RecordingGenerator.classPath(), RecordingGenerator.class.getName(), "live",
                marker.toString(), "1000")
                .redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (java.io.BufferedReader out = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            // Waits for the generator's own signal, printed once its first events are flushed
            // and it is busy writing more: killed in the middle of writing.
            for (String line; (line = out.readLine()) != null && !line.equals("writing"); ) {
                output.append(line).append('\n');
            }
            assertTrue(p.isAlive() && Files.exists(marker), () -> "the recording JVM did not get going: " + output);
        } finally {
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no final chunk
            p.waitFor(30, TimeUnit.SECONDS);
        }

        Cli.Result r = Cli.run(repository.toString());
        assertEquals(0, r.exitCode(), r::toString);
        Set<String> names = new HashSet<>();
        for (Map<String, Object> line : MonOut.parseAll(r.lines())) {
            names.add((String) line.get("name"));
        }
        for (int i = 1; i <= 1000; i++) {
            assertTrue(names.contains("before-kill-" + i), "lost before-kill-" + i + "\n" + r.err());
        }
        int strict = Cli.run(repository.toString(), "--strict").exitCode();
        assertTrue(strict == 0 || strict == 6, "strict exit " + strict);
    }

    @Test
    void recordings_of_one_jvm_run_share_a_jvm_number_and_other_runs_get_their_own() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path f = dir.resolve("run" + i + ".jfr");
            try (Recording r = RecordingGenerator.reactorTrackRecording()) {
                r.enable("jdk.JVMInformation");
                r.start();
                RecordingGenerator.tracked(1, 0, "same jvm, dump " + i, "track");
                r.stop();
                r.dump(f);
            }
            files.add(f);
        }
        Cli.Result r = Cli.run(files.get(0).toString(), Cli.golden().toString(), files.get(1).toString());
        assertEquals(0, r.exitCode(), r::toString);
        for (Map<String, Object> line : MonOut.parseAll(r.lines())) {
            long expected = line.get("name") != null && ((String) line.get("name")).startsWith("same jvm") ? 1 : 2;
            assertEquals(expected, line.get("jvm"), line::toString);
        }
        Cli.Result one = Cli.run(files.get(0).toString(), Cli.golden().toString(), "--future", "2:1");
        assertEquals(GoldenFileTest.expected().split("\n")[0].replace("}", ",\"jvm\":2}") + "\n"
                + GoldenFileTest.expected().split("\n")[1].replace("}", ",\"jvm\":2}") + "\n", 
                String.join("\n", one.lines().subList(0, 2)) + "\n");
        assertTrue(one.lines().stream().allMatch(l -> l.endsWith("\"jvm\":2}")), one::toString);
    }
}
