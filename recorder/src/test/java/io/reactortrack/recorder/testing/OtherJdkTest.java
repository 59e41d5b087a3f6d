package io.reactortrack.recorder.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OtherJdkTest {

    @Test
    void ci_spells_yes_as_true_or_1() {
        assertTrue(OtherJdk.isYes("true") && OtherJdk.isYes("1") && OtherJdk.isYes("TRUE") && OtherJdk.isYes("yes"));
        assertTrue(!OtherJdk.isYes(null) && !OtherJdk.isYes("${env.CI}") && !OtherJdk.isYes("false")
                && !OtherJdk.isYes("0"));
    }
}
