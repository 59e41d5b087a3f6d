package io.reactortrack.jfrtojson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The launcher script: a jar it cannot find is the user's to fix, and the message says where it looked. */
class LauncherTest {

    @Test
    void a_missing_jar_named_by_the_variable_is_a_usage_error_that_names_the_variable() throws Exception {
        Path launcher = Path.of("jfr-to-json").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "x.jfr").redirectErrorStream(true);
        pb.environment().put("JFR_TO_JSON_JAR", "/missing.jar");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.startsWith("jfr-to-json: JFR_TO_JSON_JAR=/missing.jar: no such file; point it at"
                + " jfr-to-json.jar, or unset it"), out);
        assertEquals(1, out.split("\n").length, "one line: " + out);
    }
}
