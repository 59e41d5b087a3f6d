package io.reactortrack.jfrtojson.internal;

import io.reactortrack.events.ReactorTrackEvents;

/** The event types the converter reads; every other type is skipped unread. */
enum EventKind {
    TRACKED(ReactorTrackEvents.FUTURE_TRACKED, Action.TRACKED),
    ATTACHED(ReactorTrackEvents.CALLBACK_ATTACHED, Action.ATTACHED),
    CHAINED(ReactorTrackEvents.FUTURE_CHAINED, Action.CHAINED),
    EXECUTED(ReactorTrackEvents.CALLBACK_EXECUTED, Action.EXECUTED),
    FIRED(ReactorTrackEvents.FUTURE_FIRED, Action.FIRED),
    UNHANDLED(ReactorTrackEvents.UNHANDLED_FAILURE, Action.UNHANDLED),
    PENDING(ReactorTrackEvents.PENDING_FUTURE, Action.PENDING),
    /** JFR itself dropped data: the user must hear about it. */
    DATA_LOSS("jdk.DataLoss", null),
    /** Tells recordings of different JVM runs apart. */
    JVM_INFORMATION("jdk.JVMInformation", null);

    static final String REACTORTRACK_PREFIX = ReactorTrackEvents.PREFIX;

    final String typeName;
    /** The mon.out action, or null for the events that are not converted. */
    final Action action;

    EventKind(String typeName, Action action) {
        this.typeName = typeName;
        this.action = action;
    }

    static EventKind byTypeName(String name) {
        for (EventKind k : values()) {
            if (k.typeName.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
