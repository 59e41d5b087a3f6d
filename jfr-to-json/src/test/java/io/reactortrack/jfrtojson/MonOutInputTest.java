package io.reactortrack.jfrtojson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mon.out file is an input like a recording: read strictly by its contract,
 * merged by ts with whatever else is given, in every output format.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MonOutInputTest {

    @TempDir
    Path dir;

    private Path golden() throws IOException {
        return Files.copy(Cli.resource("golden.mon.out"), dir.resolve("golden.mon.out"));
    }

    @Test
    void a_mon_out_file_reads_back_to_the_same_bytes() throws IOException {
        Cli.Result r = Cli.run(golden().toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.err());
        assertEquals(GoldenFileTest.expected(), r.out());
    }

    @Test
    void a_recording_and_a_mon_out_merge_by_time_as_two_runs() throws IOException {
        Cli.Result mixed = Cli.run("--format", "json", Cli.golden().toString(), golden().toString());
        assertEquals(0, mixed.exitCode(), mixed::toString);
        Cli.Result twoRecordings = Cli.run(Cli.golden().toString(), Cli.golden().toString());
        assertEquals(twoRecordings.out(), mixed.out(), "the mon.out is the conversion of the recording");
        assertTrue(mixed.out().contains(",\"jvm\":2}\n"));
    }

    @Test
    void the_viewer_takes_a_recording_and_a_mon_out_together() throws IOException {
        Path page = dir.resolve("both.html");
        Cli.Result r = Cli.run("--format", "html", Cli.golden().toString(), golden().toString(), "-o",
                page.toString());
        assertEquals(0, r.exitCode(), r::toString);
        String html = Files.readString(page);
        assertTrue(html.contains("\"jvm\":2"), "lines of the second run are in the page");
    }

    @Test
    void a_mon_out_with_jvm_keys_keeps_its_runs() throws IOException {
        Path both = dir.resolve("both.out");
        assertEquals(0, Cli.run(Cli.golden().toString(), Cli.golden().toString(), "-o", both.toString()).exitCode());
        Cli.Result r = Cli.run(both.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(Files.readString(both), r.out());
    }

    @Test
    void a_json_file_that_is_not_mon_out_is_refused_with_exit_code_4_and_nothing_is_written() throws IOException {
        Path foo = Files.writeString(dir.resolve("foo.json"), "{\"foo\":1}\n");
        Path page = dir.resolve("page.html");
        Cli.Result r = Cli.run("--format", "html", foo.toString(), "-o", page.toString());
        assertEquals(4, r.exitCode(), r::toString);
        assertEquals("jfr-to-json: " + foo + ": not mon.out (line 1: no \"action\" key)\n", r.err());
        assertFalse(Files.exists(page));
        assertEquals(List.of(foo), files());

        Path trace = Files.writeString(dir.resolve("trace.json"), "{\"traceEvents\":[\n{\"ph\":\"X\"}\n]}\n");
        Cli.Result chrome = Cli.run(trace.toString());
        assertEquals(4, chrome.exitCode(), chrome::toString);
        assertTrue(chrome.err().startsWith("jfr-to-json: " + trace + ": not mon.out (line 1: not valid JSON"),
                chrome::toString);
        assertEquals("", chrome.out());
    }

    @Test
    void each_bad_line_is_a_warning_with_its_number_and_the_rest_is_converted() throws IOException {
        List<String> lines = Files.readAllLines(golden(), StandardCharsets.UTF_8);
        Path damaged = dir.resolve("damaged.mon.out");
        Files.writeString(damaged, lines.get(0) + "\n{\"foo\":1}\n" + String.join("\n", lines.subList(1, lines.size()))
                + "\n{\"action\":\"fired\",\"deferred\":1,\"ts\":\n", StandardCharsets.UTF_8);
        Cli.Result r = Cli.run(damaged.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(GoldenFileTest.expected(), r.out());
        assertEquals("jfr-to-json: warning: " + damaged + ": line 2 is not a mon.out line: no \"action\" key; skipped\n"
                + "jfr-to-json: warning: " + damaged + ": line " + (lines.size() + 2) + " is not a mon.out line:"
                + " not valid JSON (unexpected end-of-input within/between Object entries); skipped\n", r.err());

        Path out = dir.resolve("strict.out");
        Cli.Result strict = Cli.run(damaged.toString(), "--strict", "-o", out.toString());
        assertEquals(6, strict.exitCode(), strict::toString);
        assertFalse(Files.exists(out));
    }

    @Test
    void lines_of_actions_and_keys_a_later_format_adds_are_left_out_without_a_word() throws IOException {
        List<String> lines = Files.readAllLines(golden(), StandardCharsets.UTF_8);
        String first = lines.get(0);
        Path later = Files.writeString(dir.resolve("later.mon.out"), first.replace("}", ",\"colour\":[1,{\"x\":2}]}")
                + "\n{\"action\":\"merged\",\"deferred\":3,\"ts\":5,\"into\":4}\n", StandardCharsets.UTF_8);
        Cli.Result r = Cli.run(later.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(first + "\n", r.out());
        assertEquals("", r.err());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().collect(Collectors.toList());
        }
    }
}
