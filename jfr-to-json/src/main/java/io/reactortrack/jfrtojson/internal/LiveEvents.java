package io.reactortrack.jfrtojson.internal;

import java.time.Duration;
import java.time.Instant;

import io.reactortrack.events.ReactorTrackEvents;
import io.reactortrack.monout.ThreadNames;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;

/**
 * Events of a live stream (the JDK's {@code jdk.jfr.consumer} API) into
 * lines, through the same {@link EventLines} as recordings read with JMC.
 */
final class LiveEvents {

    private LiveEvents() {
    }

    /** Hands the lines of one Reactor Track event to {@code out}; other events are ignored. */
    static void lines(RecordedEvent e, Lines out) {
        long start = nanos(e.getStartTime());
        long duration = e.getDuration().toNanos();
        long id = number(e, "futureId");
        switch (e.getEventType().getName()) {
            case ReactorTrackEvents.FUTURE_TRACKED:
                EventLines.tracked(out, start, id, number(e, "parentId"), string(e, "name"), string(e, "via"));
                break;
            case ReactorTrackEvents.CALLBACK_ATTACHED:
                EventLines.attached(out, start, id, number(e, "resultId"), number(e, "otherId"),
                        string(e, "callback"), string(e, "errback"), string(e, "method"));
                break;
            case ReactorTrackEvents.FUTURE_CHAINED:
                EventLines.chained(out, start, id, number(e, "targetId"));
                break;
            case ReactorTrackEvents.CALLBACK_EXECUTED:
                EventLines.executed(out, start, duration, id, number(e, "resultId"), string(e, "callback"),
                        bool(e, "callbackPath"), bool(e, "failed"), string(e, "error"), bool(e, "completesStage"),
                        thread(e.getThread()));
                break;
            case ReactorTrackEvents.FUTURE_COMPLETED:
                EventLines.completed(out, start, duration, id, string(e, "name"), bool(e, "success"),
                        bool(e, "cancelled"), string(e, "error"), string(e, "callback"));
                break;
            case ReactorTrackEvents.FUTURE_FAILED:
                EventLines.failed(out, start, id, string(e, "name"), bool(e, "cancelled"), string(e, "error"),
                        string(e, "callback"));
                break;
            case ReactorTrackEvents.FUTURE_REVISED:
                EventLines.revised(out, start, id, bool(e, "success"), bool(e, "cancelled"), string(e, "error"));
                break;
            case ReactorTrackEvents.UNHANDLED_FAILURE:
                EventLines.unhandled(out, start, id, string(e, "name"), string(e, "error"), string(e, "origin"));
                break;
            case ReactorTrackEvents.PENDING_FUTURE:
                EventLines.pending(out, start, id, string(e, "name"),
                        e.hasField("age") ? toNanos(e.getDuration("age")) : 0, (int) number(e, "dependents"),
                        string(e, "origin"));
                break;
            default:
                break;
        }
    }

    /** The thread as docs/mon-out.md names it; {@code virtual} is a field of recordings of JDK 21 and later. */
    static String thread(RecordedThread t) {
        if (t == null) {
            return ThreadNames.of(null, 0, false);
        }
        boolean virtual = t.hasField("virtual") && t.getBoolean("virtual");
        return ThreadNames.of(t.getJavaName(), t.getJavaThreadId(), virtual);
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static long toNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long number(RecordedEvent e, String field) {
        return e.hasField(field) ? e.getLong(field) : 0;
    }

    private static String string(RecordedEvent e, String field) {
        return e.hasField(field) ? e.getString(field) : null;
    }

    private static boolean bool(RecordedEvent e, String field) {
        return e.hasField(field) && e.getBoolean(field);
    }
}
