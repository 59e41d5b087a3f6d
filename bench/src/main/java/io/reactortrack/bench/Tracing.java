package io.reactortrack.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.reactortrack.events.CallbackExecutedEvent;
import io.reactortrack.events.FutureCompletedEvent;
import io.reactortrack.events.ReactorTrackEvents;
import io.reactortrack.recorder.JfrMonitor;
import io.reactortrack.recorder.JsonMonitor;
import io.reactortrack.recorder.Monitor;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * The ways a benchmark makes its futures, and the JFR recording some of them
 * need. One mode per JMH fork, so each fork's JIT profile sees one kind of
 * future only.
 *
 * <ul>
 *   <li>{@code plain}: {@code new CompletableFuture<>()}, the baseline;</li>
 *   <li>{@code tracked}: a {@link JfrMonitor}'s {@code newFuture}, in a JVM where
 *       no recording ever ran: the production mode, nothing recorded;</li>
 *   <li>{@code tracked_existing}: the same through {@code track(existingFuture)},
 *       the path the README leads with ({@code ReactorTrack.track(client.fetch())});</li>
 *   <li>{@code tracked_off}: {@code tracked} while a recording with the JDK's
 *       settings runs but the Reactor Track events are disabled;</li>
 *   <li>{@code plain_continuous}: plain futures under the continuous recording,
 *       to tell JFR's own cost from that of the Reactor Track events;</li>
 *   <li>{@code continuous}: {@code tracked} under {@code reactortrack.jfc}, the
 *       always-on settings;</li>
 *   <li>{@code profile}: {@code tracked} under {@code reactortrack-profile.jfc},
 *       every event with the stack traces of where pipelines are built;</li>
 *   <li>{@code profile_nostacks}: the same with stack traces off;</li>
 *   <li>{@code floor}: plain futures plus two minimal hand-written JFR events
 *       per operation (see {@link Floor}), under the profile recording: what
 *       any tracer that writes two events per operation costs at least;</li>
 *   <li>{@code json}: a {@link JsonMonitor}'s future; the monitor is replaced
 *       each iteration, as its buffer only grows.</li>
 * </ul>
 */
final class Tracing {

    static final String PLAIN = "plain";
    static final String TRACKED = "tracked";
    static final String TRACKED_EXISTING = "tracked_existing";
    static final String TRACKED_OFF = "tracked_off";
    static final String PLAIN_CONTINUOUS = "plain_continuous";
    static final String CONTINUOUS = "continuous";
    static final String PROFILE = "profile";
    static final String PROFILE_NO_STACKS = "profile_nostacks";
    static final String FLOOR = "floor";
    static final String JSON = "json";

    /** The Reactor Track events with a stack trace setting. */
    private static final String[] WITH_STACKS = {
        ReactorTrackEvents.FUTURE_TRACKED, ReactorTrackEvents.CALLBACK_ATTACHED, ReactorTrackEvents.FUTURE_CHAINED,
    };

    final String mode;
    private final boolean plain;
    private final boolean existing;
    final boolean floor;
    private Monitor monitor;
    private Recording recording;

    Tracing(String mode) {
        this.mode = mode;
        this.plain = PLAIN.equals(mode) || PLAIN_CONTINUOUS.equals(mode) || FLOOR.equals(mode);
        this.existing = TRACKED_EXISTING.equals(mode);
        this.floor = FLOOR.equals(mode);
        boolean eventsOn = false;
        switch (mode) {
            case PLAIN:
                break;
            case TRACKED:
            case TRACKED_EXISTING:
                monitor = new JfrMonitor(true);
                break;
            case TRACKED_OFF:
                monitor = new JfrMonitor(true);
                recording = start("reactortrack.jfc", false, true);
                break;
            case PLAIN_CONTINUOUS:
                recording = start("reactortrack.jfc", true, true);
                eventsOn = true;
                break;
            case CONTINUOUS:
                monitor = new JfrMonitor(true);
                recording = start("reactortrack.jfc", true, true);
                eventsOn = true;
                break;
            case PROFILE:
                monitor = new JfrMonitor(true);
                recording = start("reactortrack-profile.jfc", true, true);
                eventsOn = true;
                break;
            case PROFILE_NO_STACKS:
            case FLOOR:
                monitor = FLOOR.equals(mode) ? null : new JfrMonitor(true);
                recording = start("reactortrack-profile.jfc", true, false);
                eventsOn = true;
                break;
            case JSON:
                monitor = new JsonMonitor(true);
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
        checkEvents(eventsOn);
    }

    /** A new incomplete future of this mode. */
    <T> CompletableFuture<T> newFuture() {
        if (plain) {
            return new CompletableFuture<>();
        }
        return existing ? monitor.track(new CompletableFuture<>(), null) : monitor.newFuture(null);
    }

    /** For {@code json}: drops the buffer by starting over with a new monitor. */
    void reset() {
        if (JSON.equals(mode)) {
            monitor = new JsonMonitor(true);
        }
    }

    Monitor monitor() {
        return monitor;
    }

    void close() {
        if (recording != null) {
            recording.close();
            recording = null;
        }
    }

    /**
     * Starts a recording with one of the shipped settings files (from the
     * events jar), the Reactor Track events on or off, stack traces as the file
     * says or off. Nothing is kept: the recording has no destination, and its
     * chunks in the JFR repository are bounded and deleted on close.
     */
    static Recording start(String settings, boolean reactortrackOn, boolean stackTraces) {
        Map<String, String> s = new HashMap<>(configuration(settings).getSettings());
        if (!reactortrackOn) {
            s.replaceAll((k, v) -> k.startsWith(ReactorTrackEvents.PREFIX) && k.endsWith("#enabled") ? "false" : v);
        }
        if (!stackTraces) {
            for (String e : WITH_STACKS) {
                s.put(e + "#stackTrace", "false");
            }
        }
        // -Dreactortrack.bench.off=reactortrack.CallbackExecuted,...: the part each event takes of a mode's cost.
        for (String off : System.getProperty("reactortrack.bench.off", "").split(",")) {
            if (!off.isBlank()) {
                s.put(off.strip() + "#enabled", "false");
            }
        }
        s.put(Floor.ATTACH + "#enabled", "true");
        s.put(Floor.RUN + "#enabled", "true");
        s.put(Floor.RUN + "#threshold", "0 ns");
        Recording r = new Recording(s);
        r.setName("reactortrack-bench " + settings);
        r.setToDisk(true);
        r.setMaxSize(256L * 1024 * 1024);
        r.start();
        return r;
    }

    static Configuration configuration(String file) {
        try (InputStream in = ReactorTrackEvents.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is not in the events jar");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return Configuration.create(reader);
            }
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** Fails fast when the events are not in the state the mode promises. */
    private static void checkEvents(boolean wanted) {
        if (!System.getProperty("reactortrack.bench.off", "").isBlank()) {
            return; // some turned off on purpose
        }
        boolean on = new CallbackExecutedEvent().isEnabled() && new FutureCompletedEvent().isEnabled();
        boolean any = new CallbackExecutedEvent().isEnabled() || new FutureCompletedEvent().isEnabled();
        if (wanted ? !on : any) {
            throw new IllegalStateException("Reactor Track events are " + (any ? "on" : "off")
                    + " but the mode wants them " + (wanted ? "on" : "off"));
        }
    }
}
