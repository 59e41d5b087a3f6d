package io.reactortrack.jfrtojson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.reactortrack.events.ReactorTrackEvents;
import io.reactortrack.jfrtojson.internal.ExitCodes;
import io.reactortrack.recorder.testing.MonOut;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * --follow against real JVMs: a child JVM runs an application with the
 * recorder on its class path, and the tests follow it by pid and by its JFR
 * repository, waiting for the lines it makes, never for a time.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FollowTest {

    private static final long TIMEOUT_S = 60;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The application: started, and ready once it says so. */
    private final class App {
        final Process process;
        final PrintWriter in;
        final BlockingQueue<String> out = new LinkedBlockingQueue<>();

        App(String... jvmOptions) throws IOException {
            List<String> command = new ArrayList<>(List.of(java("java")));
            command.addAll(List.of(jvmOptions));
            command.addAll(List.of("-cp", RecordingGenerator.classPath(), RecordingGenerator.class.getName(),
                    "workload"));
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            processes.add(process);
            in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            pump(process.getInputStream(), out);
            await(out, "ready"::equals, "the application to start");
        }

        String pid() {
            return Long.toString(process.pid());
        }

        /** Makes one future of that name, and waits until the application has committed it. */
        void future(String name) {
            in.println(name);
            await(out, ("done " + name)::equals, "the application to make " + name);
        }

        String recordings() throws IOException, InterruptedException {
            Process jcmd = new ProcessBuilder(java("jcmd"), pid(), "JFR.check").redirectErrorStream(true).start();
            String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(jcmd.waitFor(TIMEOUT_S, TimeUnit.SECONDS));
            return text;
        }
    }

    /** jfr-to-json in this JVM, on a thread, its stdout read line by line as it comes. */
    private static final class Following {
        final Thread thread;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final BlockingQueue<String> errLines = new LinkedBlockingQueue<>();
        final StringBuilder err = new StringBuilder();
        volatile int exitCode = -1;

        Following(String... args) {
            OutputStream stdout = new Lines(lines, new StringBuilder());
            CommandLine cl = JfrToJson.commandLine(new JfrToJson(InputStream.nullInputStream(), stdout));
            cl.setErr(new PrintWriter(new Lines(errLines, err), true, StandardCharsets.UTF_8));
            thread = new Thread(() -> exitCode = cl.execute(args), "following");
            thread.start();
        }

        /** Waits until it says it follows: what the target records from then on arrives. */
        void started() {
            await(errLines, l -> l.startsWith("jfr-to-json: following"), "--follow to start; it said: " + err);
        }

        /** As Ctrl+C does: stop, and wait until it has. */
        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_S));
            assertFalse(thread.isAlive(), "--follow did not stop");
            return exitCode;
        }
    }

    /** An output whose complete lines go to a queue as they are written, from any thread. */
    private static final class Lines extends OutputStream {
        private final BlockingQueue<String> into;
        private final StringBuilder all;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        Lines(BlockingQueue<String> into, StringBuilder all) {
            this.into = into;
            this.all = all;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                synchronized (all) {
                    all.append(text).append('\n');
                }
                into.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
    }

    private static void pump(InputStream in, BlockingQueue<String> into) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    into.add(line);
                }
            } catch (IOException e) {
                into.add("(read failed: " + e + ")");
            }
        }, "pump");
        t.setDaemon(true);
        t.start();
    }

    /** Takes lines until one matches; fails after the timeout, saying what --follow said. */
    private static String await(Following f, Predicate<String> wanted, String what) {
        try {
            return await(f.lines, wanted, what);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; --follow said: " + f.err, e);
        }
    }

    /** Takes lines until one matches; fails after the timeout. */
    private static String await(BlockingQueue<String> lines, Predicate<String> wanted, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        try {
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    fail("waited " + TIMEOUT_S + " s for " + what);
                }
                if (wanted.test(line)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A settings file of the events jar, as a file a JVM option can name. */
    private Path settingsFile(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = ReactorTrackEvents.class.getResourceAsStream(name)) {
            Files.copy(in, file);
        }
        return file;
    }

    private static String java(String tool) {
        return Path.of(System.getProperty("java.home"), "bin", tool).toString();
    }

    private static Predicate<String> firedFailure(String name) {
        return l -> l.startsWith("{\"action\":\"fired\"") && l.contains("\"name\":\"" + name + "\"")
                && l.contains("\"success\":false");
    }

    @Test
    void a_pid_is_followed_with_the_continuous_settings_and_the_recording_it_started_is_stopped()
            throws Exception {
        App app = new App();
        Following f = new Following("--follow", app.pid());
        f.started();
        app.future("fail-first");
        String line = await(f, firedFailure("fail-first"), "the failure of fail-first");
        assertTrue(line.contains("\"error\":\"java.lang.IllegalStateException: fail-first\""), line);
        assertEquals(0, f.stop(), f.err::toString);
        assertTrue(f.err.toString().startsWith("jfr-to-json: following pid " + app.pid()
                + " with a recording of the Reactor Track continuous settings"), f.err::toString);
        assertTrue(app.recordings().contains("No available recordings"), "the recording it started is stopped");
    }

    @Test
    void the_profile_settings_show_every_stage_and_the_lines_arrive_while_the_target_runs() throws Exception {
        App app = new App();
        Following f = new Following("--follow", app.pid(), "--settings", "profile");
        f.started();
        app.future("first");
        await(f, l -> l.startsWith("{\"action\":\"tracked\"") && l.contains("\"name\":\"first\""),
                "the tracked line of first");
        app.future("second");
        await(f, l -> l.startsWith("{\"action\":\"tracked\"") && l.contains("\"name\":\"second\""),
                "the tracked line of second");
        assertEquals(0, f.stop(), f.err::toString);
    }

    @Test
    void a_recording_the_target_already_runs_is_used_and_left_running() throws Exception {
        Path settings = settingsFile("reactortrack-profile.jfc");
        App app = new App("-XX:StartFlightRecording:name=mine,settings=" + settings);
        Following f = new Following("--follow", app.pid());
        f.started();
        app.future("seen");
        await(f, l -> l.startsWith("{\"action\":\"tracked\"") && l.contains("\"name\":\"seen\""),
                "the tracked line of seen, which only the target's own profile recording records");
        assertEquals(0, f.stop(), f.err::toString);
        assertTrue(f.err.toString().contains("its recording 'mine'"), f.err::toString);
        assertTrue(app.recordings().contains("name=mine") && app.recordings().contains("running"),
                "the target's own recording runs on: " + app.recordings());
    }

    @Test
    void a_repository_directory_is_followed_as_its_jvm_writes_it() throws Exception {
        Path repository = Files.createDirectories(dir.resolve("repository"));
        Path settings = settingsFile("reactortrack-profile.jfc");
        App app = new App("-XX:FlightRecorderOptions:repository=" + repository,
                "-XX:StartFlightRecording:settings=" + settings);
        Following f = new Following("--follow", repository.toString());
        await(f, l -> l.contains("\"name\":\"background\""), "the application's lines");
        app.future("from-the-repository");
        await(f, l -> l.startsWith("{\"action\":\"tracked\"") && l.contains("\"from-the-repository\""),
                "the tracked line of from-the-repository");
        assertEquals(0, f.stop(), f.err::toString);
        assertTrue(f.err.toString().startsWith("jfr-to-json: following the JFR repository " + repository),
                f.err::toString);
    }

    @Test
    void ctrl_c_stops_the_recording_and_leaves_a_complete_output_file() throws Exception {
        App app = new App();
        Path out = dir.resolve("followed.mon.out");
        Process follower = new ProcessBuilder(java("java"), "-cp", System.getProperty("java.class.path"),
                JfrToJson.class.getName(), "--follow", app.pid(), "-o", out.toString()).start();
        processes.add(follower);
        BlockingQueue<String> err = new LinkedBlockingQueue<>();
        pump(follower.getErrorStream(), err);
        await(err, l -> l.startsWith("jfr-to-json: following pid"), "--follow to start");
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            app.future("fail-before-ctrl-c");
            // The lines go to a hidden file next to the output until the end.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            while (!hiddenFileHas("fail-before-ctrl-c")) {
                WatchKey key = watch.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertTrue(key != null, "the line never reached the output");
                key.pollEvents();
                key.reset();
            }
        }
        assertFalse(Files.exists(out), "the output appears only when complete");
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(follower.pid())).start();
        assertTrue(kill.waitFor(TIMEOUT_S, TimeUnit.SECONDS));
        assertTrue(follower.waitFor(TIMEOUT_S, TimeUnit.SECONDS), "Ctrl+C did not stop it");
        assertEquals(ExitCodes.INTERRUPTED, follower.exitValue(), "the exit status of a command stopped by Ctrl+C");
        String text = Files.readString(out);
        assertTrue(text.endsWith("\n"), "the last line is whole");
        for (String line : text.split("\n")) {
            MonOut.parse(line);
        }
        assertTrue(text.contains("\"name\":\"fail-before-ctrl-c\""), text);
        assertEquals(List.of(out), files(), "no temporary file left");
        assertTrue(app.recordings().contains("No available recordings"), "the recording it started is stopped");
    }

    private boolean hiddenFileHas(String text) throws IOException {
        for (Path p : files()) {
            if (p.getFileName().toString().startsWith(".") && Files.readString(p).contains(text)) {
                return true;
            }
        }
        return false;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void bad_targets_are_refused_with_a_plain_sentence() throws IOException {
        Cli.Result none = Cli.run("--follow", dir.resolve("nope").toString());
        assertEquals(3, none.exitCode(), none::toString);
        assertEquals("jfr-to-json: --follow " + dir.resolve("nope") + ": no such directory\n", none.err());
        Cli.Result empty = Cli.run("--follow", dir.toString());
        assertEquals(3, empty.exitCode(), empty::toString);
        Cli.Result both = Cli.run("--follow", "1", Cli.golden().toString());
        assertEquals(2, both.exitCode(), both::toString);
        Cli.Result settings = Cli.run("--follow", "1", "--settings", "everything");
        assertEquals("jfr-to-json: --settings everything: not one of continuous, profile\n", settings.err());
    }
}
