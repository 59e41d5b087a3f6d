package io.reactortrack.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The recorded completion of a tracked future no longer holds, and this is
 * how it stands now: {@code obtrudeValue}/{@code obtrudeException} forced a
 * new outcome on a completed future, or a completion from outside
 * ({@code complete}, {@code cancel}, a timeout) landed in the instant between
 * a callback returning and its value completing the stage, overtaking the
 * outcome the callback's run announced. Rare; always worth keeping, so that
 * the record stays true.
 */
@Name(ReactorTrackEvents.FUTURE_REVISED)
@Label("Future Revised")
@Category(ReactorTrackEvents.CATEGORY)
@Description("The recorded completion of a tracked future was replaced by this one (obtrude, or a race with a completion from outside)")
@Enabled(false)
@StackTrace(false)
public final class FutureRevisedEvent extends jdk.jfr.Event {

    @Label("Future Id")
    @Description("Id of the future whose completion is revised")
    @FutureId
    public long futureId;

    @Label("Success")
    @Description("True when it now stands completed normally")
    public boolean success;

    @Label("Cancelled")
    @Description("True when it now stands cancelled")
    public boolean cancelled;

    @Label("Error")
    @Description("The failure it now holds, as ClassName: message; null on success")
    public String error;
}
