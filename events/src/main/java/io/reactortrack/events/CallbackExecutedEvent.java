package io.reactortrack.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A callback or errback ran. The event's duration is the run, and its thread is
 * the thread that ran it. No stack trace: this is the hot event, and the stack
 * of a callback runner says little that the attach event did not.
 *
 * <p>When the function returned normally and its value completes the stage
 * it was attached for ({@code completesStage}), this event also says how
 * that stage completed: one event instead of two on the path every stage
 * takes.
 */
@Name(ReactorTrackEvents.CALLBACK_EXECUTED)
@Label("Callback Executed")
@Category(ReactorTrackEvents.CATEGORY)
@Description("A callback or errback of a tracked future ran; the duration is the run")
@Enabled(false)
@StackTrace(false)
public final class CallbackExecutedEvent extends jdk.jfr.Event {

    @Label("Future Id")
    @Description("Id of the future whose completion ran the callback")
    @FutureId
    public long futureId;

    @Label("Result Id")
    @Description("Id of the stage the callback completes; 0 when it completes none")
    @FutureId
    public long resultId;

    @Label("Callback")
    @Description("Name of the function that ran")
    public String callback;

    @Label("Callback Path")
    @Description("True when it ran on the success path, false when it ran as an errback")
    public boolean callbackPath;

    @Label("Failed")
    @Description("True when the function threw")
    public boolean failed;

    @Label("Error")
    @Description("What the function threw, as ClassName: message; null when it did not throw")
    public String error;

    @Label("Completes Stage")
    @Description("True when the function returned normally and its value completes the stage (Result Id),"
            + " so that no Future Completed event is written for it")
    public boolean completesStage;
}
