package io.reactortrack.jfrtojson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jdk.jfr.DataAmount;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input that cannot be converted, or only in part: one line on stderr that
 * names the file and the problem, a documented exit code, no stack trace and
 * never a half-written output file.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BadInputTest {

    @TempDir
    Path dir;

    /** The common promises of a refused input. */
    private Cli.Result assertRefused(int exitCode, String expectedError, String... args) throws IOException {
        Path out = dir.resolve("out").resolve("mon.out");
        Files.createDirectories(out.getParent());
        String[] withOutput = Stream.concat(Arrays.stream(args), Stream.of("-o", out.toString())).toArray(String[]::new);
        Cli.Result r = Cli.run(withOutput);
        assertEquals(exitCode, r.exitCode(), r::toString);
        assertEquals("jfr-to-json: " + expectedError + "\n", r.err());
        assertEquals("", r.out());
        assertNoFilesIn(out.getParent());
        return r;
    }

    private static void assertNoFilesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.collect(Collectors.toList()), "output files left behind");
        }
    }

    @Test
    void a_file_that_is_not_a_recording_is_refused_with_exit_code_4() throws IOException {
        Path notJfr = Files.writeString(dir.resolve("notes.jfr"), "hello, this is text\n");
        assertRefused(4, notJfr + ": neither a JFR recording nor mon.out (it starts with neither the bytes FLR\\0"
                + " nor a JSON object)", notJfr.toString());
    }

    @Test
    void an_empty_file_is_refused_with_exit_code_4() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.jfr"));
        assertRefused(4, empty + ": empty file, not a JFR recording", empty.toString());
    }

    @Test
    void empty_stdin_is_refused_with_exit_code_4() {
        Cli.Result r = Cli.runWithStdin(new byte[0], "-");
        assertEquals(4, r.exitCode(), r::toString);
        assertEquals("jfr-to-json: stdin: empty file, not a JFR recording\n", r.err());
    }

    @Test
    void a_missing_file_is_refused_with_exit_code_3() throws IOException {
        Path missing = dir.resolve("nope.jfr");
        assertRefused(3, missing + ": no such file or directory", missing.toString());
    }

    @Test
    void a_missing_file_after_a_good_one_still_writes_nothing() throws IOException {
        Path missing = dir.resolve("nope.jfr");
        assertRefused(3, missing + ": no such file or directory", Cli.golden().toString(), missing.toString());
    }

    @Test
    void a_directory_without_recordings_is_refused_with_exit_code_3() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(empty.resolve("readme.txt"), "no chunks here");
        Files.createDirectories(empty.resolve("sub"));
        assertRefused(3, empty + ": no recordings in this directory (no .jfr files in it or in its subdirectories)",
                empty.toString());
    }

    @Test
    void a_recording_of_a_newer_file_format_is_refused_with_exit_code_4() throws IOException {
        byte[] b = Files.readAllBytes(Cli.golden());
        b[5] = 9; // major version 9
        Path future = Files.write(dir.resolve("future.jfr"), b);
        assertRefused(4, future + ": JFR file format 9.1 is newer than this jfr-to-json understands",
                future.toString());
    }

    @Test
    void a_chunk_too_big_for_the_heap_is_refused_with_exit_code_4_before_any_line_is_written() throws IOException {
        // The first chunk is fine; the second claims more than a quarter of
        // the heap, and the (sparse) file is long enough to hold it.
        byte[] golden = Files.readAllBytes(Cli.golden());
        long huge = Runtime.getRuntime().maxMemory() / 4 + (1 << 20);
        Path file = dir.resolve("huge-chunk.jfr");
        Files.write(file, golden);
        ByteBuffer.wrap(golden).putLong(8, huge);
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(golden.length);
            raf.write(golden, 0, 68);
            raf.setLength(golden.length + huge);
        }
        Cli.Result r = Cli.run(file.toString());
        assertEquals(4, r.exitCode(), r::toString);
        assertEquals("", r.out());
        assertTrue(r.err().matches("jfr-to-json: " + java.util.regex.Pattern.quote(file.toString())
                + ": chunk 4 \\(at byte " + golden.length + "\\) is [0-9.]+ MB, more than fits in this JVM's heap"
                + " \\([0-9.]+ MB per chunk\\); run with a larger heap, e.g. JAVA_OPTS=-Xmx[0-9]+m\n"), r::toString);
    }

    @Test
    void an_output_in_a_missing_directory_is_refused_with_exit_code_5_before_anything_is_read() {
        Path out = dir.resolve("no-such-dir").resolve("mon.out");
        Cli.Result r = Cli.run(Cli.golden().toString(), "-o", out.toString());
        assertEquals(5, r.exitCode(), r::toString);
        assertEquals("jfr-to-json: " + out + ": cannot write: directory " + out.getParent() + " does not exist\n",
                r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(out.getParent()));
    }

    @Test
    void an_output_that_is_a_directory_is_refused_with_exit_code_5() throws IOException {
        Path out = Files.createDirectories(dir.resolve("mon.out"));
        Cli.Result r = Cli.run(Cli.golden().toString(), "-o", out.toString());
        assertEquals(5, r.exitCode(), r::toString);
        assertEquals("jfr-to-json: " + out + ": is a directory; give a file name to write to\n", r.err());
        assertNoFilesIn(out);
    }

    @Test
    void an_output_under_a_file_is_refused_with_exit_code_5() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Path out = file.resolve("mon.out");
        Cli.Result r = Cli.run(Cli.golden().toString(), "-o", out.toString());
        assertEquals(5, r.exitCode(), r::toString);
        assertEquals("jfr-to-json: " + out + ": cannot write: " + file + " is not a directory\n", r.err());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void an_unknown_option_suggests_the_closest_one() {
        Cli.Result r = Cli.run(Cli.golden().toString(), "--sumary");
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("jfr-to-json: unknown option --sumary; did you mean --summary? (see jfr-to-json --help)\n",
                r.err());
    }

    @Test
    void an_unknown_format_suggests_the_closest_one() {
        Cli.Result r = Cli.run(Cli.golden().toString(), "--format", "jsn");
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("jfr-to-json: --format jsn: unknown format; did you mean json?; formats: json, html, chrome\n", r.err());
    }

    @Test
    void no_recording_at_all_is_a_usage_error() {
        Cli.Result r = Cli.run();
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("jfr-to-json: no recording given"), r::toString);
    }

    @Test
    void a_bad_future_id_is_a_usage_error() {
        Cli.Result r = Cli.run(Cli.golden().toString(), "--future", "abc");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("jfr-to-json: --future abc: expected a future id"), r::toString);
    }

    @Test
    void a_future_of_one_jvm_run_needs_several_recordings() {
        Cli.Result r = Cli.run(Cli.golden().toString(), "--future", "1:4");
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("jfr-to-json: --future 1:4: there is only one recording, so lines carry no jvm;"
                + " use --future 4\n", r.err());
    }

    @Test
    void an_output_that_is_the_input_is_refused_and_the_recording_survives() throws IOException {
        Path copy = Files.copy(Cli.golden(), dir.resolve("app.jfr"));
        Cli.Result r = Cli.run(copy.toString(), "-o", copy.toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("jfr-to-json: -o " + copy + ": that is the recording being converted; write somewhere else\n",
                r.err());
        assertEquals(Files.size(Cli.golden()), Files.size(copy));
    }

    @Test
    void stdin_can_be_read_only_once() {
        Cli.Result r = Cli.runWithStdin(new byte[] {1}, "-", "-");
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("jfr-to-json: stdin ('-') can be read only once\n", r.err());
    }

    @Test
    void a_truncated_recording_converts_its_complete_chunks_and_says_how_much_was_skipped() throws IOException {
        byte[] whole = Files.readAllBytes(Cli.golden());
        List<byte[]> chunks = GoldenFileTest.chunks(whole);
        int firstTwo = chunks.get(0).length + chunks.get(1).length;
        int cut = firstTwo + chunks.get(2).length / 2; // the JVM died writing chunk 3
        Path truncated = Files.write(dir.resolve("killed.jfr"), Arrays.copyOf(whole, cut));

        Cli.Result r = Cli.run(truncated.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(linesOfFirstChunks(), r.lines());
        assertEquals("jfr-to-json: warning: " + truncated + ": chunk 3 (at byte " + firstTwo
                + ") is cut short: its header says " + size(chunks.get(2).length) + ", only "
                + size(cut - firstTwo) + " are there (was the JVM killed while writing it?); skipped "
                + size(cut - firstTwo) + " (" + Math.round(100.0 * (cut - firstTwo) / cut) + "% of the file)\n", r.err());
    }

    @Test
    void strict_makes_a_truncated_recording_fail_with_exit_code_6_and_writes_no_file() throws IOException {
        byte[] whole = Files.readAllBytes(Cli.golden());
        Path truncated = Files.write(dir.resolve("killed.jfr"), Arrays.copyOf(whole, whole.length - 1000));
        Path out = dir.resolve("mon.out");
        Cli.Result r = Cli.run(truncated.toString(), "--strict", "-o", out.toString());
        assertEquals(6, r.exitCode(), r::toString);
        assertTrue(r.err().endsWith("jfr-to-json: --strict: part of the recording could not be read or was lost; "
                + out + " was not written\n"), r::toString);
        assertFalse(Files.exists(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(truncated), files.collect(Collectors.toList()));
        }
    }

    @Test
    void garbage_between_chunks_is_skipped_and_reading_goes_on() throws IOException {
        byte[] whole = Files.readAllBytes(Cli.golden());
        List<byte[]> chunks = GoldenFileTest.chunks(whole);
        byte[] junk = "some bytes that are not a chunk".repeat(10).getBytes(StandardCharsets.US_ASCII);
        Path file = dir.resolve("spliced.jfr");
        Files.write(file, concat(chunks.get(0), chunks.get(1), junk, chunks.get(2)));
        Cli.Result r = Cli.run(file.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(Files.readString(Cli.resource("golden.mon.out"), StandardCharsets.UTF_8), r.out());
        int at = chunks.get(0).length + chunks.get(1).length;
        assertTrue(r.err().startsWith("jfr-to-json: warning: " + file + ": found " + size(junk.length)
                + " of data that is not a chunk at byte " + at + "; skipped " + size(junk.length)), r::toString);
        assertTrue(r.err().endsWith("reading on at byte " + (at + junk.length) + "\n"), r::toString);
    }

    @Test
    void a_recording_without_reactor_track_events_gives_empty_output_and_a_hint() throws IOException {
        Path file = dir.resolve("jdk-only.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.JVMInformation");
            r.start();
            r.stop();
            r.dump(file);
        }
        Cli.Result r = Cli.run(file.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out());
        // This JVM has loaded the event classes (other tests commit them):
        // the types are in the recording, just not enabled.
        assertEquals("jfr-to-json: hint: " + file + ": no Reactor Track events: the Reactor Track event types"
                + " are there but no event was recorded (were they enabled?); record with"
                + " -XX:StartFlightRecording:settings=reactortrack.jfc (the file is also in the reactortrack-events"
                + " jar, io/reactortrack/events/reactortrack.jfc)\n", r.err());
    }

    /** Stands in for the JDK's own jdk.DataLoss, which JFR writes only when it cannot keep up. */
    @Name("jdk.DataLoss")
    static final class DataLoss extends Event {
        @DataAmount
        long amount;
        @DataAmount
        long total;
    }

    @Test
    void data_lost_by_jfr_is_reported_on_stderr_and_fails_strict() throws Exception {
        Path file = dir.resolve("lossy.jfr");
        try (Recording r = RecordingGenerator.reactorTrackRecording()) {
            r.enable(DataLoss.class);
            r.start();
            RecordingGenerator.tracked(1, 0, "one", "track");
            DataLoss loss = new DataLoss();
            loss.amount = 3 * 1024 * 1024;
            loss.total = loss.amount;
            loss.commit();
            r.stop();
            r.dump(file);
        }
        Cli.Result r = Cli.run(file.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(1, r.lines().size(), r::toString);
        assertEquals("jfr-to-json: warning: " + file + ": JFR dropped 3.0 MB of event data while recording"
                + " (1 jdk.DataLoss events): the output is missing events\n", r.err());
        assertEquals(6, Cli.run(file.toString(), "--strict").exitCode());
    }

    private static List<String> linesOfFirstChunks() throws IOException {
        // The golden mon.out lines up to the first line of chunk 3 (5 cancelled).
        List<String> all = Files.readAllLines(Cli.resource("golden.mon.out"), StandardCharsets.UTF_8);
        int firstOfChunk3 = 0;
        while (!all.get(firstOfChunk3).startsWith("{\"action\":\"fired\",\"deferred\":5,")) {
            firstOfChunk3++;
        }
        return all.subList(0, firstOfChunk3);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double v = bytes;
        String[] units = {"KB", "MB", "GB"};
        int u = -1;
        while (v >= 1024 && u < 2) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
