package io.reactortrack.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.concurrent.CompletableFuture;

import io.reactortrack.events.CallbackAttachedEvent;
import io.reactortrack.events.CallbackExecutedEvent;
import io.reactortrack.events.FutureFiredEvent;
import io.reactortrack.events.FutureTrackedEvent;
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
 *   <li>{@code plain_jfr}: the same under the recording {@code recording}
 *       runs, to tell JFR's own cost from that of the Reactor Track events;</li>
 *   <li>{@code tracked}: a {@link JfrMonitor}'s future, in a JVM where no
 *       recording ever ran: the production mode, nothing recorded;</li>
 *   <li>{@code tracked_off}: the same while a recording with the JDK's settings
 *       runs but the Reactor Track events are disabled in it (JFR initialised,
 *       event classes instrumented, events off);</li>
 *   <li>{@code recording}: a {@link JfrMonitor}'s future under a running
 *       recording with the repository's {@code reactortrack.jfc} (the JDK
 *       defaults plus every {@code reactortrack.*} event on);</li>
 *   <li>{@code recording_nostacks}: the same with stack traces off for every
 *       Reactor Track event, to show what the stack traces cost;</li>
 *   <li>{@code json}: a {@link JsonMonitor}'s future, no recording; the
 *       caller replaces the monitor each iteration, as its buffer only grows.</li>
 * </ul>
 */
final class Tracing {

    static final String PLAIN = "plain";
    static final String PLAIN_JFR = "plain_jfr";
    static final String TRACKED = "tracked";
    static final String TRACKED_OFF = "tracked_off";
    static final String RECORDING = "recording";
    static final String RECORDING_NO_STACKS = "recording_nostacks";
    static final String JSON = "json";

    private static final String[] EVENTS = {
        ReactorTrackEvents.FUTURE_TRACKED,
        ReactorTrackEvents.CALLBACK_ATTACHED,
        ReactorTrackEvents.CALLBACK_EXECUTED,
        ReactorTrackEvents.FUTURE_CHAINED,
        ReactorTrackEvents.FUTURE_FIRED,
    };

    final String mode;
    private final boolean plain;
    private Monitor monitor;
    private Recording recording;

    Tracing(String mode) {
        this.mode = mode;
        this.plain = PLAIN.equals(mode) || PLAIN_JFR.equals(mode);
        boolean eventsOn = false;
        switch (mode) {
            case PLAIN:
                break;
            case PLAIN_JFR:
                recording = startRecording(true, true);
                eventsOn = true;
                break;
            case TRACKED:
                monitor = new JfrMonitor(true);
                break;
            case TRACKED_OFF:
                monitor = new JfrMonitor(true);
                recording = startRecording(false, false);
                break;
            case RECORDING:
                monitor = new JfrMonitor(true);
                recording = startRecording(true, true);
                eventsOn = true;
                break;
            case RECORDING_NO_STACKS:
                monitor = new JfrMonitor(true);
                recording = startRecording(true, false);
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
        return plain ? new CompletableFuture<>() : monitor.newFuture(null);
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
     * Starts a recording with {@code reactortrack.jfc} (copied from the
     * repository root into the jar), the Reactor Track events explicitly
     * enabled or disabled. Nothing is kept: the recording has no destination,
     * and its chunks in the JFR repository are bounded and deleted on close.
     */
    static Recording startRecording(boolean reactortrackOn, boolean stackTraces) {
        Recording r = new Recording(reactortrackConfiguration());
        for (String e : EVENTS) {
            if (reactortrackOn && stackTraces) {
                r.enable(e);
            } else if (reactortrackOn) {
                r.enable(e).withoutStackTrace();
            } else {
                r.disable(e);
            }
        }
        r.setName("reactortrack-bench");
        r.setToDisk(true);
        r.setMaxSize(256L * 1024 * 1024);
        r.start();
        return r;
    }

    static Configuration reactortrackConfiguration() {
        try (InputStream in = Tracing.class.getResourceAsStream("/reactortrack.jfc")) {
            if (in == null) {
                throw new IllegalStateException("reactortrack.jfc is not on the class path");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return Configuration.create(reader);
            }
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("cannot read reactortrack.jfc", e);
        }
    }

    /** Fails fast when the events are not in the state the mode promises. */
    private static void checkEvents(boolean wanted) {
        boolean on = new CallbackExecutedEvent().isEnabled() && new CallbackAttachedEvent().isEnabled()
                && new FutureFiredEvent().isEnabled() && new FutureTrackedEvent().isEnabled();
        boolean any = new CallbackExecutedEvent().isEnabled() || new CallbackAttachedEvent().isEnabled()
                || new FutureFiredEvent().isEnabled() || new FutureTrackedEvent().isEnabled();
        if (wanted ? !on : any) {
            throw new IllegalStateException("Reactor Track events are " + (any ? "on" : "off")
                    + " but the mode wants them " + (wanted ? "on" : "off"));
        }
    }
}
