package io.reactortrack.bench;

import jdk.jfr.Category;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR's floor for a traced operation: the least any tracer that writes two
 * events per operation pays. Two minimal events, two fields each, no stack
 * trace, the second timed around the run with {@code begin()}/{@code end()};
 * written by hand around a plain future, with nothing else.
 */
final class Floor {

    static final String ATTACH = "reactortrack.bench.FloorAttach";
    static final String RUN = "reactortrack.bench.FloorRun";

    private Floor() {
    }

    @Name(ATTACH)
    @Label("Floor Attach")
    @Category("Reactor Track Bench")
    @Enabled(false)
    @StackTrace(false)
    static final class Attach extends jdk.jfr.Event {
        @Label("A")
        long a;
        @Label("B")
        long b;
    }

    @Name(RUN)
    @Label("Floor Run")
    @Category("Reactor Track Bench")
    @Enabled(false)
    @StackTrace(false)
    static final class Run extends jdk.jfr.Event {
        @Label("A")
        long a;
        @Label("B")
        long b;
    }

    /** The attach event of one operation. */
    static void attached(long a, long b) {
        Attach e = new Attach();
        if (e.shouldCommit()) {
            e.a = a;
            e.b = b;
            e.commit();
        }
    }

    /** Begins the timed event of one operation. */
    static Run begin() {
        Run e = new Run();
        e.begin();
        return e;
    }

    static void end(Run e, long a, long b) {
        e.end();
        if (e.shouldCommit()) {
            e.a = a;
            e.b = b;
            e.commit();
        }
    }
}
