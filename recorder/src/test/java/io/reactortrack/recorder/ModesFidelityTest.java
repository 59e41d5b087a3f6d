package io.reactortrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import io.reactortrack.recorder.testing.JfrCapture;
import io.reactortrack.recorder.testing.ManualExecutors;
import io.reactortrack.recorder.testing.Pipeline;
import io.reactortrack.recorder.testing.PipelineRun;
import io.reactortrack.recorder.testing.PipelineRun.World;
import org.junit.jupiter.api.Test;

/**
 * Tracing never changes what the program does, whatever records: random
 * pipelines on a {@link JfrMonitor} with nothing recording, under the
 * continuous settings, and with a recording that starts in the middle of the
 * pipeline and stops before its end, give exactly what plain futures give.
 */
class ModesFidelityTest {

    private static final int PIPELINES = Integer.getInteger("reactortrack.modes.pipelines", 120);

    private interface Mode {
        PipelineRun run(Pipeline p, ManualExecutors executors, JfrMonitor monitor);
    }

    private static void check(String name, Mode mode) {
        long seed = Long.getLong("reactortrack.seed", System.nanoTime());
        Random master = new Random(seed);
        try (ManualExecutors executors = new ManualExecutors("exec-A", "exec-B")) {
            for (int i = 0; i < PIPELINES; i++) {
                Pipeline p = Pipeline.generateWithHangs(master.nextLong());
                String where = name + " seed=" + seed + " pipeline=" + p.seed;
                PipelineRun plain = PipelineRun.run(p, World.plain(), executors);
                JfrMonitor monitor = new JfrMonitor(p.trackChained);
                PipelineRun tracked = mode.run(p, executors, monitor);
                assertEquals(0, monitor.stats().tracerErrors(), () -> where + ": " + monitor.lastTracerError());
                assertTrue(tracked.violations.isEmpty(), () -> where + " " + tracked.violations + "\n" + p.listing());
                List<String> a = plain.everything();
                List<String> b = tracked.everything();
                assertEquals(a, b, () -> where + "\n" + p.listing());

            }
        }
    }

    @Test
    void with_nothing_recording_pipelines_are_those_of_plain_futures() {
        check("no recording", (p, ex, m) -> PipelineRun.run(p, World.tracked("off", m), ex));
    }

    @Test
    void under_the_continuous_settings_pipelines_are_those_of_plain_futures() {
        try (JfrCapture jfr = JfrCapture.withSettings("reactortrack.jfc")) {
            check("continuous", (p, ex, m) -> PipelineRun.run(p, World.tracked("continuous", m), ex));
            jfr.stop();
        }
    }

    @Test
    void a_recording_started_and_stopped_mid_pipeline_changes_nothing() {
        Random when = new Random(42);
        check("mid-pipeline", (p, ex, m) -> {
            int start = when.nextInt(p.steps.size());
            int stop = start + when.nextInt(p.steps.size() - start + 1);
            JfrCapture[] jfr = new JfrCapture[1];
            PipelineRun run = PipelineRun.run(p, World.tracked("mid", m), ex, i -> {
                if (i == start) {
                    jfr[0] = JfrCapture.withSettings("reactortrack-profile.jfc");
                }
                if (i == stop && jfr[0] != null) {
                    jfr[0].close();
                    jfr[0] = null;
                }
            });
            if (jfr[0] != null) {
                jfr[0].close();
            }
            return run;
        });
    }
}
