package io.reactortrack.recorder.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a JDK tool ({@code java}, {@code javac}) in a child process to its end
 * and hands back what it printed: for the tests that run a program on another
 * JDK ({@link OtherJdk}) or under JVM options of its own. Its output goes to
 * files, so a chatty child never blocks on a full pipe; one that does not end
 * in time is killed and fails the test.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** What a finished child printed, and how it ended. */
    public record Outcome(List<String> command, int exit, String stdout, String stderr) {

        /** Standard output, then standard error. */
        public String output() {
            return stdout.isEmpty() || stdout.endsWith("\n") ? stdout + stderr : stdout + "\n" + stderr;
        }

        /** Fails the test unless the child exited with status 0; {@code what} names the run. */
        public Outcome assertExited0(String what) {
            assertEquals(0, exit, () -> what + " failed: " + command + "\n" + output());
            return this;
        }
    }

    /** The {@code java} launcher of the JDK running the tests. */
    public static Path thisJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The tests' class path (test classes, main classes, dependencies), for a child that runs their code. */
    public static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp == null || cp.isEmpty() ? System.getProperty("java.class.path") : cp;
    }

    /**
     * Runs {@code main} of the tests' class path on {@code java}, with
     * {@code jvmArgs} before the class path and {@code args} after the class;
     * waits up to {@code seconds}.
     */
    public static Outcome java(Path java, List<String> jvmArgs, String main, List<String> args, long seconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath());
        command.add(main);
        command.addAll(args);
        return run(command, null, seconds);
    }

    /** Runs {@code command} in {@code dir} (null: this one); waits up to {@code seconds}. */
    public static Outcome run(List<String> command, Path dir, long seconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("reactortrack-child", ".out");
        Path err = Files.createTempFile("reactortrack-child", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail("the child did not end within " + seconds + " s: " + command + "\n" + read(out) + read(err));
            }
            return new Outcome(List.copyOf(command), p.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
