package io.reactortrack.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A future started being tracked. The stack trace says where, which is what a
 * user wants to know of a future that never completes.
 */
@Name(ReactorTrackEvents.FUTURE_TRACKED)
@Label("Future Tracked")
@Category(ReactorTrackEvents.CATEGORY)
@Description("A future started being tracked: explicitly, as a derived stage, as a chain target, or as a composed future")
@Enabled(false)
@StackTrace(true)
public final class FutureTrackedEvent extends jdk.jfr.Event {

    @Label("Future Id")
    @Description("Id of the tracked future")
    @FutureId
    public long futureId;

    @Label("Parent Id")
    @Description("Id of the tracked future this one comes from; 0 when tracked explicitly")
    @FutureId
    public long parentId;

    @Label("Name")
    @Description("Name given when the future was tracked, or null")
    public String name;

    @Label("Via")
    @Description("How the future came to be tracked: track, derived, chained or composed")
    public String via;
}
