package io.reactortrack.events;

/**
 * The names of the Reactor Track event types, as they appear in recordings and
 * settings files.
 *
 * <p>These strings are a public contract: tools select events by them
 * ({@code jfr print --events reactortrack.CallbackExecuted}), and settings files
 * enable them by them. Keep them stable.
 */
public final class ReactorTrackEvents {

    /** Common prefix of every Reactor Track event name. */
    public static final String PREFIX = "reactortrack.";

    /** The category the events are listed under in JDK Mission Control. */
    public static final String CATEGORY = "Reactor Track";

    /** A future started being tracked. */
    public static final String FUTURE_TRACKED = PREFIX + "FutureTracked";

    /** A callback or errback was added to a tracked future. */
    public static final String CALLBACK_ATTACHED = PREFIX + "CallbackAttached";

    /** A callback or errback ran; a duration event around the run. */
    public static final String CALLBACK_EXECUTED = PREFIX + "CallbackExecuted";

    /** A tracked future's result completes another future. */
    public static final String FUTURE_CHAINED = PREFIX + "FutureChained";

    /**
     * A tracked future completed, normally or exceptionally; a duration event
     * whose duration is the future's life, from tracking to completion.
     */
    public static final String FUTURE_COMPLETED = PREFIX + "FutureCompleted";

    /**
     * A tracked future failed or was cancelled, written where the continuous
     * settings keep only long-lived {@link #FUTURE_COMPLETED} events, so that
     * every failure is recorded.
     */
    public static final String FUTURE_FAILED = PREFIX + "FutureFailed";

    /**
     * The recorded completion of a future was replaced: {@code obtrudeValue}
     * or {@code obtrudeException} forced a new outcome, or a completion from
     * outside overtook the outcome its callback announced.
     */
    public static final String FUTURE_REVISED = PREFIX + "FutureRevised";

    /** A tracked future failed and nobody looked at the failure. */
    public static final String UNHANDLED_FAILURE = PREFIX + "UnhandledFailure";

    /** A tracked future still incomplete when a recording chunk ended. */
    public static final String PENDING_FUTURE = PREFIX + "PendingFuture";

    private ReactorTrackEvents() {
    }
}
