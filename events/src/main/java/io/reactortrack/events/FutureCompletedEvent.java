package io.reactortrack.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A tracked future completed: normally, exceptionally, by cancellation or by
 * timeout. The event's duration is the future's life, from the moment it was
 * tracked to its completion, so sorting by duration lists the slowest futures
 * first and a threshold keeps only the long-lived ones.
 *
 * <p>Not written for a stage that its callback completed normally when the
 * {@link CallbackExecutedEvent} of that run says so
 * ({@code completesStage}): that event already tells how the stage ended.
 * No stack trace: completion happens on whichever thread completes the future.
 */
@Name(ReactorTrackEvents.FUTURE_COMPLETED)
@Label("Future Completed")
@Category(ReactorTrackEvents.CATEGORY)
@Description("A tracked future completed; the duration is its life, from tracking to completion")
@Enabled(false)
@StackTrace(false)
@Threshold("0 ns")
public final class FutureCompletedEvent extends jdk.jfr.Event {

    @Label("Future Id")
    @Description("Id of the future that completed")
    @FutureId
    public long futureId;

    @Label("Name")
    @Description("Name given when the future was tracked, or null")
    public String name;

    @Label("Success")
    @Description("True when it completed normally")
    public boolean success;

    @Label("Cancelled")
    @Description("True when it was cancelled")
    public boolean cancelled;

    @Label("Error")
    @Description("The failure as ClassName: message; null on success")
    public String error;

    @Label("Callback")
    @Description("The callback whose exception failed the future, or null")
    public String callback;

}
