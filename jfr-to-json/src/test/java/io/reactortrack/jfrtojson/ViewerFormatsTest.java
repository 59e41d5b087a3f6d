package io.reactortrack.jfrtojson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        long complete = 0;
        for (JsonNode e : trace.get("traceEvents")) {
            if (e.get("ph").asText().equals("X")) {
                complete++;
            }
        }
        assertEquals(executed, complete);
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
    void converting_a_mon_out_file_to_json_says_it_is_mon_out_already(@TempDir Path dir) throws Exception {
        Path monOut = dir.resolve("mon.out");
        Files.writeString(monOut, "{\"action\":\"fired\",\"deferred\":1,\"ts\":1,\"success\":true,\"cancelled\":false}\n");
        Cli.Result r = Cli.run(monOut.toString());
        assertEquals(4, r.exitCode(), r::toString);
        assertEquals("jfr-to-json: " + monOut + ": is mon.out already, not a recording;"
                + " view it with --format html or --format chrome\n", r.err());
    }
}
