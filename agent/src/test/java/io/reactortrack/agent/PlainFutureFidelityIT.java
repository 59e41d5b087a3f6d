package io.reactortrack.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link PlainFutureFidelity} in this JVM, which the build starts with the agent. */
class PlainFutureFidelityIT {

    @Test
    void woven_plain_futures_behave_exactly_as_untraced_ones_and_every_callback_run_is_recorded() {
        long seed = Long.getLong("reactortrack.seed", System.nanoTime());
        PlainFutureFidelity.Result r = PlainFutureFidelity.run(seed,
                Integer.getInteger("reactortrack.pipelines", 250), 40_000_000_000L);
        System.out.println("PlainFutureFidelityIT seed=" + seed + ": " + r.summary());
        assertTrue(r.failures().isEmpty(), () -> String.join("\n", r.failures()));
    }
}
