package io.reactortrack.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A callback or errback was added to a tracked future. Attaching happens once
 * per stage, so its stack trace is cheap and says where the pipeline was built.
 */
@Name(ReactorTrackEvents.CALLBACK_ATTACHED)
@Label("Callback Attached")
@Category(ReactorTrackEvents.CATEGORY)
@Description("A callback or errback was added to a tracked future")
@Enabled(false)
@StackTrace(true)
public final class CallbackAttachedEvent extends jdk.jfr.Event {

    @Label("Future Id")
    @Description("Id of the future the callback was added to")
    @FutureId
    public long futureId;

    @Label("Result Id")
    @Description("Id of the stage the callback completes; 0 when it completes none")
    @FutureId
    public long resultId;

    @Label("Callback")
    @Description("Name of the function run on success, or null for a failure-only method")
    public String callback;

    @Label("Errback")
    @Description("Name of the function run on failure, or null for a success-only method")
    public String errback;

    @Label("Method")
    @Description("The CompletableFuture method that added it, e.g. thenApply, exceptionally, handle")
    public String method;
}
