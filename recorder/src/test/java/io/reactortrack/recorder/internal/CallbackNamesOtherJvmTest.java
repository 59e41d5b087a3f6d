package io.reactortrack.recorder.internal;

import io.reactortrack.recorder.testing.ChildJvm;
import io.reactortrack.recorder.testing.OtherJdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names in JVMs unlike this one, through {@link NamingProgram}: with the
 * recorder on the boot class path, where a Java agent puts it; and on JDK 25,
 * reading class files of version 69 that JDK 25's javac wrote and its own.
 * The JDK 25 is found by {@link OtherJdk}: without one the test is skipped,
 * unless {@code -Dreactortrack.requireJdk25=true} (CI), which makes it fail.
 */
class CallbackNamesOtherJvmTest {

    private static final int JAVA_25 = 69;

    @TempDir
    Path dir;

    @Test
    void lambdasAreNamedWithTheRecorderOnTheBootClassPath() throws Exception {
        List<String> lines = run(ChildJvm.thisJava(), "-Xbootclasspath/a:" + location(CallbackNames.class),
                "-cp", location(NamingProgram.class));
        assertNames(lines);
    }

    @Test
    void classFilesOfJdk25AreReadAndTheirLambdasNamedOnJdk25() throws Exception {
        Path javac = OtherJdk.tool(25, "javac");
        Path source = Path.of(System.getProperty("basedir", ""), "src", "test", "java",
                NamingProgram.class.getName().replace('.', File.separatorChar) + ".java").toAbsolutePath();
        Path classes = Files.createDirectories(dir.resolve("classes"));
        run(javac, "--release", "25", "-d", classes.toString(),
                "-cp", location(CallbackNames.class), source.toString());
        byte[] bytes = Files.readAllBytes(classes.resolve(
                NamingProgram.class.getName().replace('.', File.separatorChar) + ".class"));
        assertEquals(JAVA_25, (bytes[6] & 0xFF) << 8 | bytes[7] & 0xFF, "precondition: a Java 25 class file");

        ClassFile read = new ClassFile(bytes);
        assertEquals("NamingProgram.java", read.sourceFile);
        assertFalse(read.sites.isEmpty());

        assertNames(run(OtherJdk.java(25),
                "-cp", classes + File.pathSeparator + location(CallbackNames.class)));
    }

    @Test
    void theClassFileVersionDoesNotMatter() throws IOException {
        byte[] bytes;
        try (InputStream in = NamingProgram.class.getResourceAsStream("NamingProgram.class")) {
            bytes = in.readAllBytes();
        }
        int sites = new ClassFile(bytes.clone()).sites.size();
        bytes[6] = (byte) 0x7F; // a version no JDK has had yet
        ClassFile future = new ClassFile(bytes);
        assertEquals(sites, future.sites.size());
        assertTrue(sites > 0);
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** Runs a JDK tool or {@link NamingProgram}, which must exit with 0; its output lines. */
    private static List<String> run(Path tool, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(tool.toString()));
        command.addAll(List.of(args));
        if (tool.getFileName().toString().equals("java")) {
            command.add(NamingProgram.class.getName());
        }
        return ChildJvm.run(command, null, 120).assertExited0(tool.getFileName().toString()).stdout().lines()
                .toList();
    }

    private static void assertNames(List<String> lines) {
        assertEquals(11, lines.size(), () -> String.join("\n", lines));
        for (String line : lines) {
            String[] what = line.split("\t");
            assertEquals(3, what.length, line);
            if (what[1].startsWith("~")) {
                assertTrue(what[2].matches(what[1].substring(1)), line);
            } else {
                assertEquals(what[1], what[2], what[0]);
            }
        }
    }
}
