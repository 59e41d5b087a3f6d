package io.reactortrack.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.reactortrack.recorder.JfrMonitor;
import io.reactortrack.recorder.TrackedFuture;
import jdk.jfr.Recording;

/**
 * Writes a recording of about {@code count} Reactor Track events, made by the
 * recorder itself (a {@link JfrMonitor} on real tracked futures), with one of
 * the shipped settings files ({@code profile}: reactortrack-profile.jfc, the
 * default; {@code continuous}: reactortrack.jfc), so the events, their stack
 * traces and the JDK's own events are what an application's recording holds.
 *
 * <p>Events are committed at most {@code -Dgenerate.rate} a second (500,000 by
 * default). Each unit is a small pipeline: a named future, two callbacks of
 * which the second fails every fourth time, an errback, a chain into a second
 * future with its own callback. How many events a unit makes under the chosen
 * settings is counted first, on a short recording read back.
 *
 * <pre>java -cp benchmarks.jar io.reactortrack.bench.GenerateRecording COUNT OUT.jfr [profile|continuous]</pre>
 *
 * Prints one line: {@code events=N bytes=B seconds=S}.
 */
public final class GenerateRecording {

    /**
     * Events per second at most. One thread committing much faster (about a
     * million a second) outruns what Flight Recorder writes out with its
     * default buffers, and it drops whole buffers (jdk.DataLoss); this rate
     * keeps every event with the default settings, and their 12 MB chunks.
     */
    private static final double RATE = Double.parseDouble(System.getProperty("generate.rate", "500000"));

    private GenerateRecording() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: GenerateRecording COUNT OUT.jfr [profile|continuous]");
            System.exit(2);
        }
        long count = Long.parseLong(args[0]);
        Path out = Path.of(args[1]).toAbsolutePath();
        String settings = args.length > 2 && args[2].equals("continuous") ? "reactortrack.jfc"
                : "reactortrack-profile.jfc";
        long t0 = System.nanoTime();
        JfrMonitor monitor = new JfrMonitor(true);
        double perUnit = eventsPerUnit(monitor, settings, out.resolveSibling(out.getFileName() + ".calibrate"));
        long units = 0;
        try (Recording r = new Recording(Tracing.configuration(settings))) {
            r.setName("reactortrack-generate");
            r.setToDisk(true);
            r.start();
            long start = System.nanoTime();
            while (units * perUnit < count) {
                unit(monitor, units++);
                if ((units & 1023) == 0) {
                    // Ahead of the rate: wait, so that Flight Recorder writes everything out.
                    long due = start + (long) (units * perUnit * 1e9 / RATE);
                    long ahead = due - System.nanoTime();
                    if (ahead > 1_000_000) {
                        Thread.sleep(ahead / 1_000_000);
                    }
                }
            }
            r.stop();
            r.dump(out);
        }
        if (monitor.stats().tracerErrors() != 0) {
            throw new IllegalStateException("the tracer swallowed errors: " + monitor.stats());
        }
        System.out.printf("events=%d bytes=%d seconds=%.2f%n", (long) (units * perUnit), Files.size(out),
                (System.nanoTime() - t0) / 1e9);
    }

    /** Reactor Track events one unit makes under {@code settings}, counted on a short recording. */
    private static double eventsPerUnit(JfrMonitor monitor, String settings, Path file) throws Exception {
        int units = 2000;
        try (Recording r = new Recording(Tracing.configuration(settings))) {
            r.setToDisk(true);
            r.start();
            for (int i = 0; i < units; i++) {
                unit(monitor, i);
            }
            r.stop();
            r.dump(file);
        }
        long events;
        try (jdk.jfr.consumer.RecordingFile in = new jdk.jfr.consumer.RecordingFile(file)) {
            events = 0;
            while (in.hasMoreEvents()) {
                String type = in.readEvent().getEventType().getName();
                if (type.startsWith("reactortrack.") && !type.equals("reactortrack.PendingFuture")) {
                    events++;
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return Math.max(0.01, (double) events / units);
    }

    private static void unit(JfrMonitor monitor, long i) {
        TrackedFuture<Long> d = monitor.newFuture("d");
        TrackedFuture<Long> d2 = new TrackedFuture<>();
        d.thenApply(GenerateRecording::twice)
                .thenApply(x -> {
                    if ((x & 6) == 0) {
                        throw new IllegalStateException("unlucky " + x);
                    }
                    return x + 1;
                })
                .exceptionally(GenerateRecording::recover)
                .chain(d2);
        CompletableFuture<Long> done = d2.thenApply(GenerateRecording::twice);
        d.complete(i);
        try {
            done.join();
        } catch (CompletionException e) {
            throw new AssertionError("the pipeline recovers from every failure", e);
        }
    }

    static long twice(long x) {
        return 2 * x;
    }

    static long recover(Throwable failure) {
        return -1;
    }
}
