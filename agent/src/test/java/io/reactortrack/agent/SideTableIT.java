package io.reactortrack.agent;

import java.util.List;

import io.reactortrack.recorder.testing.ChildJvm;
import org.junit.jupiter.api.Test;

/**
 * The fidelity proof with the agent loaded into a running JVM, where
 * {@code CompletableFuture} was loaded before it and the futures' state lives
 * in the side table.
 */
class SideTableIT {

    @Test
    void woven_plain_futures_behave_exactly_as_untraced_ones_when_the_agent_is_loaded_late() throws Exception {
        long seed = Long.getLong("reactortrack.seed", System.nanoTime());
        ChildJvm.Outcome o = ChildJvm.java(ChildJvm.thisJava(),
                List.of("-Djdk.attach.allowAttachSelf=true", "-Dreactortrack.expectSideTable=true"),
                PlainFutureFidelity.class.getName(),
                List.of(Long.toString(seed), "250", "attach", AgentFiles.agentJar().toString()), 240);
        System.out.println("SideTableIT: " + o.stdout().lines().reduce((a, b) -> b).orElse(""));
        o.assertExited0("the fidelity proof after an attach");
    }
}
