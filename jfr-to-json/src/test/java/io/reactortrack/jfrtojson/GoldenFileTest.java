package io.reactortrack.jfrtojson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.reactortrack.recorder.testing.MonOut;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed golden recording (three chunks, every action and key, names
 * that need escaping) and its committed mon.out.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class GoldenFileTest {

    @TempDir
    Path dir;

    static String expected() throws IOException {
        return Files.readString(Cli.resource("golden.mon.out"), StandardCharsets.UTF_8);
    }

    @Test
    void the_golden_recording_converts_to_the_golden_mon_out_byte_for_byte() throws IOException {
        Cli.Result r = Cli.run(Cli.golden().toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(expected(), r.out());
        assertEquals("", r.err());
    }

    @Test
    void output_to_a_file_is_the_same_and_leaves_no_temporary_file_behind() throws IOException {
        Path out = dir.resolve("mon.out");
        Cli.Result r = Cli.run(Cli.golden().toString(), "-o", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out());
        assertEquals(expected(), Files.readString(out, StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(out), files.collect(Collectors.toList()));
        }
    }

    @Test
    void output_replaces_an_existing_file() throws IOException {
        Path out = dir.resolve("mon.out");
        Files.writeString(out, "old content that is longer than nothing\n".repeat(200));
        assertEquals(0, Cli.run(Cli.golden().toString(), "--output", out.toString()).exitCode());
        assertEquals(expected(), Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void output_to_a_device_is_written_in_place_and_the_device_stays_a_device() {
        Path devNull = Path.of("/dev/null");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devNull), "no /dev/null here");
        Cli.Result r = Cli.run(Cli.golden().toString(), "-o", devNull.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(Files.isRegularFile(devNull), "/dev/null was replaced by a file");
    }

    @Test
    void a_recording_on_stdin_converts_like_the_file() throws IOException {
        Cli.Result r = Cli.runWithStdin(Files.readAllBytes(Cli.golden()), "-");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(expected(), r.out());
    }

    @Test
    void a_repository_directory_of_chunk_files_converts_like_the_file_in_time_order_whatever_the_names()
            throws IOException {
        List<byte[]> chunks = chunks(Files.readAllBytes(Cli.golden()));
        assertEquals(3, chunks.size());
        // Named against their order: the chunk headers decide, not the names.
        for (int i = 0; i < chunks.size(); i++) {
            Files.write(dir.resolve("2026_01_01_00_00_0" + (chunks.size() - i) + ".jfr"), chunks.get(i));
        }
        Files.writeString(dir.resolve("notes.txt"), "not a chunk");
        Cli.Result r = Cli.run(dir.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(expected(), r.out());
        assertEquals("", r.err());
    }

    @Test
    void a_repository_root_holds_one_recording_per_jvm_directory() throws IOException {
        Path run1 = Files.createDirectories(dir.resolve("2026_01_01_00_00_00_101"));
        Path run2 = Files.createDirectories(dir.resolve("2026_01_01_00_00_01_202"));
        Files.copy(Cli.golden(), run1.resolve("a.jfr"));
        Files.copy(Cli.golden(), run2.resolve("b.jfr"));
        Cli.Result r = Cli.run(dir.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(2 * expected().split("\n").length, r.lines().size());
        assertTrue(r.lines().stream().allMatch(l -> l.endsWith(",\"jvm\":1}") || l.endsWith(",\"jvm\":2}")), r::toString);
    }

    @Test
    void two_recordings_of_different_jvm_runs_get_a_jvm_key_and_stay_apart() throws IOException {
        Cli.Result r = Cli.run(Cli.golden().toString(), Cli.golden().toString());
        assertEquals(0, r.exitCode(), r::toString);
        // Equal timestamps keep the order of the inputs: the lines one event
        // makes share a timestamp, and stay together.
        List<String> expected = new ArrayList<>();
        List<String> golden = List.of(expected().split("\n"));
        for (int i = 0; i < golden.size(); ) {
            int end = i;
            while (end < golden.size() && ts(golden.get(end)) == ts(golden.get(i))) {
                end++;
            }
            for (int jvm = 1; jvm <= 2; jvm++) {
                for (String line : golden.subList(i, end)) {
                    expected.add(line.substring(0, line.length() - 1) + ",\"jvm\":" + jvm + "}");
                }
            }
            i = end;
        }
        assertEquals(expected, r.lines());
    }

    @Test
    void future_keeps_the_future_and_everything_tracked_from_it_transitively() {
        // 4 is chained to 5, composes 6; 7 derives from 5.
        Cli.Result r = Cli.run(Cli.golden().toString(), "--future", "4");
        assertEquals(0, r.exitCode(), r::toString);
        List<String> expected = new ArrayList<>();
        try {
            for (String line : expected().split("\n")) {
                if (line.matches(".*\"deferred\":[4567],.*")) {
                    expected.add(line);
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(expected, r.lines());
        assertEquals("", r.err());
    }

    @Test
    void future_that_is_not_in_the_recording_gives_empty_output_and_a_warning() {
        Cli.Result r = Cli.run(Cli.golden().toString(), "--future", "99");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out());
        assertEquals("jfr-to-json: warning: --future 99: no such future in the recording\n", r.err());
    }

    @Test
    void help_documents_the_exit_codes_and_the_jvm_key() {
        Cli.Result r = Cli.run("--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("Exit codes:"), r::toString);
        for (int code : new int[] {0, 1, 2, 3, 4, 5, 6, 130}) {
            assertTrue(r.out().contains("  " + code + "   "), "code " + code + "\n" + r);
        }
        for (String option : new String[] {"--follow", "--settings", "--interval", "--summary", "--strict",
            "--future", "--format", "--output"}) {
            assertTrue(r.out().contains(option), option + "\n" + r);
        }
        assertTrue(r.out().contains("\"jvm\""), r::toString);
        assertTrue(r.out().contains("settings=reactortrack.jfc"), r::toString);
        assertTrue(r.out().contains("Default: json"), r::toString);
    }

    @Test
    void version_comes_from_the_build() {
        Cli.Result r = Cli.run("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().matches("(?s)jfr-to-json \\d+\\.\\d+\\.\\d+.*"), r::toString);
        assertFalse(r.out().contains("${"), r::toString);
    }

    static long ts(String line) {
        return (Long) MonOut.parse(line).get("ts");
    }

    /** Splits a recording into its chunks, by the sizes in their headers. */
    static List<byte[]> chunks(byte[] recording) {
        List<byte[]> chunks = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(recording);
        int pos = 0;
        while (pos < recording.length) {
            int size = (int) b.getLong(pos + 8);
            byte[] chunk = new byte[size];
            System.arraycopy(recording, pos, chunk, 0, size);
            chunks.add(chunk);
            pos += size;
        }
        return chunks;
    }
}
