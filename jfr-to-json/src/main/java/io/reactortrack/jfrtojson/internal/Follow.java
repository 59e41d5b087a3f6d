package io.reactortrack.jfrtojson.internal;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.reactortrack.events.ReactorTrackEvents;
import jdk.jfr.Configuration;
import jdk.jfr.consumer.EventStream;
import jdk.management.jfr.RemoteRecordingStream;

/**
 * {@code --follow}: the lines (or a summary, refreshed) of a running JVM as it
 * runs, like {@code tail -f}.
 *
 * <p>A pid is followed over JMX: the JDK's attach API starts the target's
 * local management agent, and a {@link RemoteRecordingStream} streams its
 * recording. When no recording of the target has the Reactor Track events on,
 * that stream's own recording turns them on with the Reactor Track part of a
 * settings file; closing the stream stops it. A directory is read as the JFR
 * repository of a running JVM ({@link EventStream#openRepository(Path)}).
 *
 * <p>It ends when the target JVM does, or on Ctrl+C (or when the thread
 * running it is interrupted): the stream and its recording are closed, and
 * the lines received so far are written in full; an output file is renamed
 * into place then, complete, or not at all.
 */
public final class Follow {

    /** The settings files {@code --settings} names. */
    static final Map<String, String> SETTINGS = Map.of("continuous", "reactortrack.jfc",
            "profile", "reactortrack-profile.jfc");

    private final Diagnostics diagnostics;
    private final OutputStream out;
    private final OutputFormat format;
    private final SummaryText summary;
    private final Duration interval;
    private final Object lock = new Object();
    private RecordBatch batch = new RecordBatch(0, 0, 1024);
    private final MonRecord view = new MonRecord();
    private long nextSummary;
    private long lines;

    private Follow(Diagnostics diagnostics, OutputStream out, boolean summary, Duration interval) {
        this.diagnostics = diagnostics;
        this.out = out;
        this.interval = interval;
        Conversion conversion = new Conversion(List.of("(followed)"), false);
        this.summary = summary ? new SummaryText(out, conversion) : null;
        this.format = summary ? null : OutputFormats.get(OutputFormats.DEFAULT).open(out, conversion);
        this.nextSummary = System.nanoTime() + interval.toNanos();
    }

    /**
     * Follows {@code target} until it ends or this thread is interrupted.
     *
     * @param settings a key of {@link #SETTINGS}
     * @param output   a file, or null for {@code stdout}
     */
    public static int run(String target, String settings, boolean summary, Duration interval, String output,
            OutputStream stdout, Diagnostics diagnostics) throws UserException {
        if (!SETTINGS.containsKey(settings)) {
            throw new UserException(ExitCodes.USAGE, "--settings " + settings + ": not one of "
                    + String.join(", ", SETTINGS.keySet().stream().sorted().collect(Collectors.toList())));
        }
        AtomicOutput file = output == null || Inputs.STDIN.equals(output) ? null : AtomicOutput.open(output);
        // Ctrl+C: stop as an interrupt of this thread would, and let the JVM
        // exit only once the output is complete and the recording stopped.
        CountDownLatch done = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            main.interrupt();
            try {
                done.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jfr-to-json-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Follow f = new Follow(diagnostics, file != null ? file.stream() : stdout, summary, interval);
            Opened opened = open(target, settings, diagnostics);
            try {
                f.follow(opened.stream, () -> diagnostics.note(opened.note));
            } finally {
                opened.close();
            }
            if (file != null) {
                file.commit();
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new UserException(ExitCodes.OUTPUT, (file == null ? "stdout" : file.name()) + ": cannot write ("
                    + Inputs.reason(e) + ")");
        } finally {
            if (file != null) {
                file.close();
            }
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is what is waiting for us
            }
        }
    }

    /** A stream, what to close with it, and what to say once it runs. */
    private static final class Opened {
        final EventStream stream;
        final JMXConnector connector;
        final String note;

        Opened(EventStream stream, JMXConnector connector, String note) {
            this.stream = stream;
            this.connector = connector;
            this.note = note;
        }

        void close() {
            stream.close(); // for a remote stream, this also stops the recording it started
            if (connector != null) {
                try {
                    connector.close();
                } catch (IOException e) {
                    // the target is gone: nothing left to close
                }
            }
        }
    }

    private static Opened open(String target, String settings, Diagnostics diagnostics) throws UserException {
        if (target.chars().allMatch(Character::isDigit) && !target.isEmpty()) {
            return attach(target, settings, diagnostics);
        }
        Path dir = Path.of(target);
        if (!Files.isDirectory(dir)) {
            throw new UserException(Files.exists(dir) ? ExitCodes.USAGE : ExitCodes.INPUT_MISSING, "--follow "
                    + target + ": " + (Files.exists(dir) ? "neither a pid nor a directory" : "no such directory"));
        }
        Path repository = repository(dir);
        try {
            EventStream stream = EventStream.openRepository(repository);
            return new Opened(stream, null, "following the JFR repository " + repository + "; Ctrl+C to stop");
        } catch (IOException e) {
            throw new UserException(ExitCodes.INPUT_MISSING, target + ": cannot read (" + Inputs.reason(e) + ")");
        }
    }

    /** The directory of chunk files: the one given, or its newest subdirectory that has some. */
    private static Path repository(Path dir) throws UserException {
        if (hasChunks(dir)) {
            return dir;
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).filter(Follow::hasChunks)
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .orElseThrow(() -> new UserException(ExitCodes.INPUT_MISSING, dir
                            + ": no JFR repository here (no .jfr chunk files in it or in its subdirectories)"));
        } catch (IOException e) {
            throw new UserException(ExitCodes.INPUT_MISSING, dir + ": cannot list the directory ("
                    + Inputs.reason(e) + ")");
        }
    }

    private static boolean hasChunks(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.anyMatch(p -> p.getFileName().toString().endsWith(".jfr"));
        } catch (IOException e) {
            return false;
        }
    }

    private static Opened attach(String pid, String settings, Diagnostics diagnostics) throws UserException {
        JMXConnector connector = null;
        try {
            String address;
            VirtualMachine vm = VirtualMachine.attach(pid);
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            MBeanServerConnection connection = connector.getMBeanServerConnection();
            String running = runningWithReactorTrack(connection);
            RemoteRecordingStream stream = new RemoteRecordingStream(connection);
            String note;
            if (running != null) {
                note = "following pid " + pid + ": its recording " + running
                        + " has the Reactor Track events on; Ctrl+C to stop";
            } else {
                stream.setSettings(reactorTrackSettings(SETTINGS.get(settings)));
                note = "following pid " + pid + " with a recording of the Reactor Track " + settings
                        + " settings, stopped when this stops; Ctrl+C to stop";
            }
            return new Opened(stream, connector, note);
        } catch (AttachNotSupportedException | IOException e) {
            closeQuietly(connector);
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new UserException(ExitCodes.INPUT_MISSING, "--follow " + pid + ": cannot attach to the JVM ("
                    + m.toLowerCase(java.util.Locale.ROOT) + "); is it a JVM of this user, of JDK 17 or later?");
        } catch (RuntimeException e) {
            closeQuietly(connector);
            throw new UserException(ExitCodes.INPUT_MISSING, "--follow " + pid + ": cannot follow the JVM (" + e
                    + ")");
        }
    }

    private static void closeQuietly(JMXConnector c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // already failing
            }
        }
    }

    /**
     * The name of a running recording of the target that has a Reactor Track
     * event on, or null. Asked as {@code jcmd PID JFR.check verbose=true}
     * does: a recording started with a settings file does not list its
     * settings over JMX, only the enabled events do.
     */
    private static String runningWithReactorTrack(MBeanServerConnection connection) throws IOException {
        String check;
        try {
            check = (String) connection.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "jfrCheck", new Object[] {new String[] {"verbose=true"}}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            return null; // cannot tell: our own settings on top do no harm
        }
        String recording = null;
        String[] lines = check.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            // A recording's header is not indented; its events ("Recording Setting") are.
            if (lines[i].startsWith("Recording ")) {
                recording = line.endsWith("(running)") ? line : null;
            } else if (recording != null && line.contains("(" + ReactorTrackEvents.PREFIX) && i + 1 < lines.length
                    && lines[i + 1].contains("enabled=true")) {
                int name = recording.indexOf("name=");
                return name < 0 ? recording : "'" + recording.substring(name + 5).split(" ")[0] + "'";
            }
        }
        return null;
    }

    /** The Reactor Track part of a settings file shipped with the events. */
    static Map<String, String> reactorTrackSettings(String file) throws IOException {
        try (InputStreamReader in = new InputStreamReader(ReactorTrackEvents.class.getResourceAsStream(file),
                StandardCharsets.UTF_8)) {
            Map<String, String> all = Configuration.create(in).getSettings();
            Map<String, String> ours = new LinkedHashMap<>();
            all.forEach((k, v) -> {
                if (k.startsWith(ReactorTrackEvents.PREFIX)) {
                    ours.put(k, v);
                }
            });
            return ours;
        } catch (java.text.ParseException e) {
            throw new IOException(file + " does not parse: " + e.getMessage(), e);
        }
    }

    /** Streams until the stream closes or this thread is interrupted; {@code started} runs once it runs. */
    private void follow(EventStream stream, Runnable started) throws IOException {
        CountDownLatch closed = new CountDownLatch(1);
        Throwable[] failure = new Throwable[1];
        stream.onEvent(e -> {
            synchronized (lock) {
                LiveEvents.lines(e, batch);
            }
        });
        stream.onFlush(() -> {
            try {
                flush(false);
            } catch (IOException e) {
                failure[0] = e;
                closed.countDown();
            }
        });
        stream.onError(e -> failure[0] = e);
        stream.onClose(closed::countDown);
        try {
            stream.startAsync();
            // Said only now: from here on, what the target records arrives.
            started.run();
            closed.await();
        } catch (InterruptedException e) {
            // asked to stop: Ctrl+C, or the caller
        } finally {
            stream.close();
            flush(true);
        }
        if (failure[0] instanceof IOException) {
            throw (IOException) failure[0];
        }
    }

    /** Writes the lines received since the last flush, sorted by time. */
    private void flush(boolean last) throws IOException {
        synchronized (lock) {
            RecordBatch b = batch;
            batch = new RecordBatch(0, 0, 1024);
            b.sort();
            for (int k = 0; k < b.size; k++) {
                MonRecord r = view.at(b, b.order[k], 0);
                if (summary != null) {
                    summary.write(r);
                } else {
                    format.write(r);
                }
            }
            lines += b.size;
            if (summary == null) {
                if (last) {
                    format.finish();
                } else {
                    format.flush();
                }
            } else if (last || System.nanoTime() >= nextSummary) {
                nextSummary = System.nanoTime() + interval.toNanos();
                PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                w.println((last ? "--- final, " : "--- ") + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + ", "
                        + SummaryText.plural(lines, "line") + " so far");
                w.flush();
                summary.finish();
                out.flush();
            }
        }
    }
}
