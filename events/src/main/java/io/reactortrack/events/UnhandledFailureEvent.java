package io.reactortrack.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A tracked future failed and the failure was never observed: nobody joined
 * it, no dependent handled or passed on the error. Twisted's "Unhandled error
 * in Deferred". Written when the future becomes unreachable, when its monitor
 * is closed, or when the JVM exits during a recording. No stack trace: it is
 * written from a cleaner or exit thread; {@code origin} says where the future
 * came from.
 */
@Name(ReactorTrackEvents.UNHANDLED_FAILURE)
@Label("Unhandled Failure")
@Category(ReactorTrackEvents.CATEGORY)
@Description("A tracked future failed and nobody observed the failure")
@Enabled(false)
@StackTrace(false)
public final class UnhandledFailureEvent extends jdk.jfr.Event {

    @Label("Future Id")
    @Description("Id of the future whose failure went unobserved")
    @FutureId
    public long futureId;

    @Label("Name")
    @Description("Name given when the future was tracked, or null")
    public String name;

    @Label("Error")
    @Description("The failure as ClassName: message")
    public String error;

    @Label("Origin")
    @Description("Where the future came from: the code that tracked it, or the method and callback that derived it")
    public String origin;
}
