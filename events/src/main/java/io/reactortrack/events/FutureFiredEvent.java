package io.reactortrack.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A tracked future completed: normally, exceptionally, by cancellation or by
 * timeout. No stack trace by default: completion often happens on a pool
 * thread whose stack says little; turn it on in a settings file to find out
 * who completes a future.
 */
@Name(ReactorTrackEvents.FUTURE_FIRED)
@Label("Future Fired")
@Category(ReactorTrackEvents.CATEGORY)
@Description("A tracked future completed, normally, exceptionally or by cancellation")
@Enabled(false)
@StackTrace(false)
public final class FutureFiredEvent extends jdk.jfr.Event {

    @Label("Future Id")
    @Description("Id of the future that completed")
    @FutureId
    public long futureId;

    @Label("Success")
    @Description("True when it completed normally")
    public boolean success;

    @Label("Cancelled")
    @Description("True when it was cancelled")
    public boolean cancelled;

    @Label("Error")
    @Description("The failure as ClassName: message; null on success")
    public String error;
}
