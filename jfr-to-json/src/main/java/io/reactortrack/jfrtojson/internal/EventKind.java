package io.reactortrack.jfrtojson.internal;

import io.reactortrack.events.ReactorTrackEvents;

/** The event types the converter reads; every other type is skipped unread. */
enum EventKind {
    TRACKED(ReactorTrackEvents.FUTURE_TRACKED, 1),
    /** attached, another for the second input, tracked for the stage it makes. */
    ATTACHED(ReactorTrackEvents.CALLBACK_ATTACHED, 3),
    CHAINED(ReactorTrackEvents.FUTURE_CHAINED, 1),
    /** executed, and fired for the stage its value completed. */
    EXECUTED(ReactorTrackEvents.CALLBACK_EXECUTED, 2),
    COMPLETED(ReactorTrackEvents.FUTURE_COMPLETED, 1),
    FAILED(ReactorTrackEvents.FUTURE_FAILED, 1),
    /** fired with revised: a completion replacing the earlier one. */
    REVISED(ReactorTrackEvents.FUTURE_REVISED, 1),
    UNHANDLED(ReactorTrackEvents.UNHANDLED_FAILURE, 1),
    PENDING(ReactorTrackEvents.PENDING_FUTURE, 1),
    /** JFR itself dropped data: the user must hear about it. */
    DATA_LOSS("jdk.DataLoss", 0),
    /** Tells recordings of different JVM runs apart. */
    JVM_INFORMATION("jdk.JVMInformation", 0);

    static final String REACTORTRACK_PREFIX = ReactorTrackEvents.PREFIX;
    private static final EventKind[] VALUES = values();

    final String typeName;
    /** The most mon.out lines one event of the kind makes; 0 for the events that are not converted. */
    final int maxLines;

    EventKind(String typeName, int maxLines) {
        this.typeName = typeName;
        this.maxLines = maxLines;
    }

    static EventKind byTypeName(String name) {
        for (EventKind k : VALUES) {
            if (k.typeName.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
