package io.reactortrack.recorder.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import io.reactortrack.events.ReactorTrackEvents;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of the Reactor Track events, started in-process and read back
 * from a dump: nothing is guessed about timing, the events are in the file once
 * the recording is stopped.
 */
public final class JfrCapture implements AutoCloseable {

    public static final List<String> EVENT_NAMES = List.of(
            ReactorTrackEvents.FUTURE_TRACKED, ReactorTrackEvents.CALLBACK_ATTACHED,
            ReactorTrackEvents.CALLBACK_EXECUTED, ReactorTrackEvents.FUTURE_CHAINED,
            ReactorTrackEvents.FUTURE_COMPLETED);

    private final Recording recording;
    private List<RecordedEvent> events;

    private JfrCapture(Recording recording) {
        this.recording = recording;
    }

    /** Starts a recording with every Reactor Track event on, each with its default stack trace setting. */
    public static JfrCapture start() {
        Recording r = new Recording();
        r.setName("reactortrack-test");
        r.setToDisk(true);
        for (String name : EVENT_NAMES) {
            r.enable(name).withThreshold(java.time.Duration.ZERO);
        }
        r.start();
        return new JfrCapture(r);
    }

    /**
     * Starts a recording with one of the settings files the events jar ships
     * ({@code reactortrack.jfc}, {@code reactortrack-profile.jfc}), as a user
     * would with {@code -XX:StartFlightRecording:settings=...}.
     */
    public static JfrCapture withSettings(String file) {
        return withSettings(file, java.util.Map.of());
    }

    /** {@link #withSettings(String)} with some settings changed, as on the command line ({@code event#setting}). */
    public static JfrCapture withSettings(String file, java.util.Map<String, String> changes) {
        try (java.io.InputStream in = io.reactortrack.events.ReactorTrackEvents.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is not in the events jar");
            }
            jdk.jfr.Configuration c = jdk.jfr.Configuration.create(
                    new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            java.util.Map<String, String> settings = new java.util.HashMap<>(c.getSettings());
            settings.putAll(changes);
            Recording r = new Recording(settings);
            r.setName("reactortrack-test " + file);
            r.setToDisk(true);
            r.start();
            return new JfrCapture(r);
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a recording with only {@code name} on. */
    public static JfrCapture startOnly(String name) {
        Recording r = new Recording();
        r.setToDisk(true);
        r.enable(name).withThreshold(java.time.Duration.ZERO);
        r.start();
        return new JfrCapture(r);
    }

    /** Stops the recording (once) and returns its Reactor Track events in commit order per thread. */
    public List<RecordedEvent> stop() {
        if (events == null) {
            recording.stop();
            try {
                Path file = Files.createTempFile("reactortrack-test", ".jfr");
                try {
                    recording.dump(file);
                    events = RecordingFile.readAllEvents(file).stream()
                            .filter(e -> e.getEventType().getName().startsWith(ReactorTrackEvents.PREFIX))
                            .collect(Collectors.toList());
                } finally {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return events;
    }

    /**
     * Stops the recording and hands each Reactor Track event to {@code sink}
     * without keeping them all in memory; for large recordings.
     */
    public void stopAndStream(java.util.function.Consumer<RecordedEvent> sink) {
        recording.stop();
        try {
            Path file = Files.createTempFile("reactortrack-test", ".jfr");
            try {
                recording.dump(file);
                try (RecordingFile in = new RecordingFile(file)) {
                    while (in.hasMoreEvents()) {
                        RecordedEvent e = in.readEvent();
                        if (e.getEventType().getName().startsWith(ReactorTrackEvents.PREFIX)) {
                            sink.accept(e);
                        }
                    }
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        events = List.of();
    }

    public static List<RecordedEvent> ofType(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
    }

    @Override
    public void close() {
        recording.close();
    }
}
