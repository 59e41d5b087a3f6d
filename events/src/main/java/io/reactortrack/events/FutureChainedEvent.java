package io.reactortrack.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A tracked future's result at this point of its chain will complete another
 * future: Twisted's {@code chainDeferred}, or the future a {@code thenCompose}
 * function returned.
 */
@Name(ReactorTrackEvents.FUTURE_CHAINED)
@Label("Future Chained")
@Category(ReactorTrackEvents.CATEGORY)
@Description("A tracked future's result will complete another future (chain or thenCompose)")
@Enabled(false)
@StackTrace(true)
public final class FutureChainedEvent extends jdk.jfr.Event {

    @Label("Future Id")
    @Description("Id of the future whose result is passed on")
    @FutureId
    public long futureId;

    @Label("Target Id")
    @Description("Id of the future that receives the result")
    @FutureId
    public long targetId;
}
