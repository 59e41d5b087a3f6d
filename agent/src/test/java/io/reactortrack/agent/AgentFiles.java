package io.reactortrack.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The files the build hands to the tests that start child JVMs with the agent. */
final class AgentFiles {

    private AgentFiles() {
    }

    /** The agent jar the build made. */
    static Path agentJar() {
        String p = System.getProperty("reactortrack.agent.jar");
        assertTrue(p != null && Files.isRegularFile(Path.of(p)), "no agent jar at " + p + " (run mvn verify)");
        return Path.of(p);
    }

    /** A settings file of the repository: {@code reactortrack.jfc} or {@code reactortrack-profile.jfc}. */
    static Path settings(String property) {
        Path p = Path.of(System.getProperty(property, ""));
        assertTrue(Files.isRegularFile(p), "no settings file at " + p);
        return p;
    }
}
