package io.reactortrack.agent;

import java.util.List;

import io.reactortrack.recorder.testing.ChildJvm;
import io.reactortrack.recorder.testing.OtherJdk;
import org.junit.jupiter.api.Test;

/** The fidelity proof and the inspection methods of JDK 19+ on JDK 25, in child JVMs started with the agent. */
class Jdk25IT {

    @Test
    void a_tracked_future_read_with_the_jdk_19_methods_counts_as_observed_under_the_agent() throws Exception {
        ChildJvm.Outcome o = ChildJvm.java(OtherJdk.java(25), List.of("-javaagent:" + AgentFiles.agentJar()),
                TrackedInspection.class.getName(), List.of(), 120);
        o.assertExited0("TrackedFuture's inspection under the agent on JDK 25");
    }

    @Test
    void woven_plain_futures_behave_exactly_as_untraced_ones_on_jdk_25() throws Exception {
        long seed = Long.getLong("reactortrack.seed", System.nanoTime());
        ChildJvm.Outcome o = ChildJvm.java(OtherJdk.java(25), List.of("-javaagent:" + AgentFiles.agentJar()),
                PlainFutureFidelity.class.getName(), List.of(Long.toString(seed), "250"), 240);
        System.out.println("Jdk25IT: " + o.stdout().lines().findFirst().orElse(""));
        o.assertExited0("the fidelity proof on JDK 25");
    }
}
