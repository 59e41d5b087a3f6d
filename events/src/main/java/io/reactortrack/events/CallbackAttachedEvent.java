package io.reactortrack.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A callback or errback was added to a tracked future, making a new stage.
 * Attaching happens once per stage, so its stack trace says where the
 * pipeline was built at a small cost; it is also the event that starts the
 * tracking of the stage it makes ({@code resultId}).
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

    @Label("Other Id")
    @Description("Id of the second input of a two-input method (thenCombine, applyToEither and friends); 0 when there is none or it is not tracked")
    @FutureId
    public long otherId;

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
