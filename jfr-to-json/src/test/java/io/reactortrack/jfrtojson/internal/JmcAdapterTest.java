package io.reactortrack.jfrtojson.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * JMC is used through one class, written for one JMC version. Bumping JMC
 * must fail here, loudly and with the reason, before it fails anywhere else.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JmcAdapterTest {

    @Test
    void the_jmc_on_the_class_path_is_the_one_the_adapter_was_written_for() {
        String version = JmcAdapter.jmcVersion();
        assertNull(JmcAdapter.check(), () -> "JmcAdapter cannot use this JMC: " + JmcAdapter.check());
        assertTrue(version.startsWith(JmcAdapter.WRITTEN_FOR), version);
    }

    @Test
    void another_jmc_version_is_refused_with_the_reason() {
        assertEquals("JMC flightrecorder 10.0.0 is on the class path, but jfr-to-json was written for JMC 9.1.x:"
                + " check what JmcAdapter relies on (see its comment) against that version, then change"
                + " JmcAdapter.WRITTEN_FOR", JmcAdapter.check("10.0.0"));
        assertTrue(JmcAdapter.check(null).startsWith("cannot tell which JMC flightrecorder library"));
    }
}
