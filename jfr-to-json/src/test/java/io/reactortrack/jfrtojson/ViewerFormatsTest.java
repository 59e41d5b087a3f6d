package io.reactortrack.jfrtojson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reactortrack.monout.MonOutFormatException;
import io.reactortrack.viewer.HtmlViewer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewerFormatsTest {

    @Test
    void format_html_turns_a_recording_into_one_self_contained_page(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("trace.html");
        Cli.Result r = Cli.run("--format", "html", Cli.golden().toString(), "-o", page.toString());
        assertEquals(0, r.exitCode(), r::toString);
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertTrue(html.startsWith("<!DOCTYPE html"), html.substring(0, Math.min(80, html.length())));
        assertFalse(html.contains("<script src="), "the page loads no script from elsewhere");
        // Every converted line is in the page.
        String firstLine = Cli.run(Cli.golden().toString()).lines().get(0);
        String deferred = firstLine.substring(firstLine.indexOf("\"deferred\""), firstLine.indexOf(",\"ts\""));
        assertTrue(html.contains(deferred), deferred);
    }

    @Test
    void format_chrome_writes_a_trace_with_complete_events_per_callback() throws Exception {
        Cli.Result r = Cli.run("--format", "chrome", Cli.golden().toString());
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode trace = new ObjectMapper().readTree(r.out());
        long executed = Cli.run(Cli.golden().toString()).lines().stream()
                .filter(l -> l.startsWith("{\"action\":\"executed\"")).count();
        long runs = 0;
        long lives = 0;
        for (JsonNode e : trace.get("traceEvents")) {
            if (e.get("ph").asText().equals("X")) {
                String cat = e.get("cat").asText();
                runs += cat.equals("callback") || cat.equals("errback") ? 1 : 0;
                lives += cat.equals("lifetime") ? 1 : 0;
            }
        }
        assertEquals(executed, runs, "one complete event per callback run");
        long withLifetime = Cli.run(Cli.golden().toString()).lines().stream()
                .filter(l -> l.contains("\"lifetime\":")).count();
        assertEquals(withLifetime, lives, "one complete event per future whose life is known");
    }

    @Test
    void a_mon_out_file_renders_with_the_viewer_formats(@TempDir Path dir) throws Exception {
        Path monOut = dir.resolve("mon.out");
        Files.writeString(monOut, Cli.run(Cli.golden().toString()).out());
        Path page = dir.resolve("page.html");
        Cli.Result r = Cli.run("--format", "html", monOut.toString(), "-o", page.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Files.readString(page).startsWith("<!DOCTYPE html"));
        Cli.Result chrome = Cli.run("--format", "chrome", monOut.toString());
        assertEquals(0, chrome.exitCode(), chrome::toString);
        assertTrue(new ObjectMapper().readTree(chrome.out()).has("traceEvents"));
    }

    @Test
    void the_viewer_reads_mon_out_strictly_too_a_line_that_is_not_mon_out_never_reaches_the_page() throws Exception {
        // Before the strict reader, {"foo":1} made a page showing "UNDEFINED undefined".
        assertThrows(MonOutFormatException.class, () -> HtmlViewer.write(
                new BufferedReader(new StringReader("{\"foo\":1}\n")), new StringWriter()));
        String good = Cli.run(Cli.golden().toString()).lines().get(0);
        StringWriter page = new StringWriter();
        HtmlViewer.write(new BufferedReader(new StringReader(good + "\n{\"foo\":1}\n")), page);
        assertTrue(page.toString().contains("\"eventCount\":1,\"skippedLines\":1,\"firstSkippedLine\":2"),
                page.toString().substring(Math.max(0, page.toString().indexOf("eventCount") - 20)));
    }
}
