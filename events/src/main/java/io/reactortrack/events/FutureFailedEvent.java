package io.reactortrack.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A tracked future failed or was cancelled, in a recording that keeps only
 * long-lived {@link FutureCompletedEvent}s (the continuous settings): every
 * failure is worth keeping, however short the future's life. A failure is
 * written once, as a {@code FutureCompleted} event when that one passes its
 * threshold, else as this one.
 */
@Name(ReactorTrackEvents.FUTURE_FAILED)
@Label("Future Failed")
@Category(ReactorTrackEvents.CATEGORY)
@Description("A tracked future failed or was cancelled (every failure, where Future Completed keeps only long-lived futures)")
@Enabled(false)
@StackTrace(false)
public final class FutureFailedEvent extends jdk.jfr.Event {

    @Label("Future Id")
    @Description("Id of the future that failed")
    @FutureId
    public long futureId;

    @Label("Name")
    @Description("Name given when the future was tracked, or null")
    public String name;

    @Label("Cancelled")
    @Description("True when it was cancelled")
    public boolean cancelled;

    @Label("Error")
    @Description("The failure as ClassName: message")
    public String error;

    @Label("Callback")
    @Description("The callback whose exception failed the future, or null")
    public String callback;

    @Label("Origin")
    @Description("Where the future came from: its name and the code that tracked it, or the method and callback that derived it")
    public String origin;

}
