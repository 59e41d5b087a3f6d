package io.reactortrack.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A tracked future still incomplete, written for each one at the end of every
 * recording chunk, so that {@code jcmd <pid> JFR.dump} of a hung application
 * shows what it waits for.
 */
@Name(ReactorTrackEvents.PENDING_FUTURE)
@Label("Pending Future")
@Category(ReactorTrackEvents.CATEGORY)
@Description("A tracked future that had not completed when the recording chunk ended")
@Enabled(false)
@StackTrace(false)
@Period("endChunk")
public final class PendingFutureEvent extends jdk.jfr.Event {

    @Label("Future Id")
    @Description("Id of the incomplete future")
    @FutureId
    public long futureId;

    @Label("Name")
    @Description("Name given when the future was tracked, or null")
    public String name;

    @Label("Age")
    @Description("How long ago the future started being tracked")
    @Timespan(Timespan.NANOSECONDS)
    public long age;

    @Label("Dependents")
    @Description("How many stages wait on the future")
    public int dependents;

    @Label("Origin")
    @Description("Where the future came from: the code that tracked it, or the method and callback that derived it")
    public String origin;
}
