package io.reactortrack.recorder.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds another JDK for tests that run a child JVM on it: the one named by
 * {@code -Dreactortrack.jdk<N>.home} or {@code $JDK<N>_HOME}, else one
 * installed beside the JDK running the tests (its {@code release} file says
 * the version). Without one the test is skipped; under CI
 * ({@code -Dreactortrack.requireJdk25}, which CI=true or CI=1 sets) it fails
 * instead. A named JDK whose {@code release} file says another version fails
 * the test.
 */
public final class OtherJdk {

    private OtherJdk() {
    }

    /** The home of a JDK of feature version {@code feature}; skips the test, or fails it under CI, when none. */
    public static Path home(int feature) {
        String named = named(feature);
        Path found = named != null ? namedHome(feature, named) : besideThisJdk(feature);
        if (found == null) {
            missing(feature, "no JDK " + feature + (named != null ? " at " + named : " beside " + installed())
                    + " (set -Dreactortrack.jdk" + feature + ".home or JDK" + feature + "_HOME)");
        }
        return found;
    }

    /** The {@code java} launcher of {@link #home(int)}. */
    public static Path java(int feature) {
        return tool(feature, "java");
    }

    /** A tool of {@link #home(int)}, such as {@code javac}: skipped, or failed under CI, when it has none. */
    public static Path tool(int feature, String name) {
        Path tool = home(feature).resolve("bin").resolve(name);
        if (!Files.isExecutable(tool)) {
            missing(feature, "no " + name + " in the JDK " + feature + " at " + tool.getParent().getParent());
        }
        return tool;
    }

    /** Whether a JDK the tests need may not be missing: {@code -Dreactortrack.requireJdk25} says yes. */
    public static boolean required() {
        return isYes(System.getProperty("reactortrack.requireJdk25"));
    }

    /** How CI spells yes: true, 1 or yes, in any case. An unset {@code ${env.CI}} is no. */
    static boolean isYes(String value) {
        return value != null && List.of("true", "1", "yes").contains(value.trim().toLowerCase(Locale.ROOT));
    }

    private static void missing(int feature, String why) {
        if (required()) {
            fail(why + "; reactortrack.requireJdk25 is set, so this test may not be skipped");
        }
        assumeTrue(false, why);
    }

    /** The home named by property or environment, or null; blank counts as not named. */
    private static String named(int feature) {
        for (String named : new String[] {System.getProperty("reactortrack.jdk" + feature + ".home"),
                System.getenv("JDK" + feature + "_HOME")}) {
            if (named != null && !named.isBlank()) {
                return named;
            }
        }
        return null;
    }

    private static Path namedHome(int feature, String named) {
        Path home = Path.of(named);
        if (!Files.isExecutable(home.resolve("bin").resolve("java"))) {
            return null;
        }
        int actual = feature(home);
        if (actual != 0 && actual != feature) {
            fail(home + " is named as the JDK " + feature + " but its release file says " + actual);
        }
        return home;
    }

    private static Path installed() {
        return Path.of(System.getProperty("java.home")).toAbsolutePath().getParent();
    }

    private static Path besideThisJdk(int feature) {
        Path installed = installed();
        if (installed == null) {
            return null;
        }
        try (Stream<Path> jdks = Files.list(installed)) {
            List<Path> candidates = jdks.sorted().collect(Collectors.toList());
            for (Path jdk : candidates) {
                if (feature(jdk) == feature && Files.isExecutable(jdk.resolve("bin").resolve("java"))) {
                    return jdk;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** The feature version a JDK's {@code release} file names, or 0. */
    private static int feature(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=\"")) {
                    String v = line.substring("JAVA_VERSION=\"".length());
                    int end = 0;
                    while (end < v.length() && Character.isDigit(v.charAt(end))) {
                        end++;
                    }
                    return Integer.parseInt(v.substring(0, end));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
