package io.reactortrack.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HtmlViewerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATA =
            Pattern.compile("<script type=\"application/json\" id=\"rt-data\">(.*?)</script>", Pattern.DOTALL);

    @Test
    void the_page_is_one_self_contained_file_that_loads_nothing_from_elsewhere() throws IOException {
        String html = Fixtures.html(Fixtures.example());

        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("/*@CSS@*/") || html.contains("/*@JS@*/") || html.contains("@DATA@"));
        assertFalse(Pattern.compile("\\s(src|href)=\"(?!data:)").matcher(html).find(), "no external src/href");
        assertFalse(html.contains("http://") || html.contains("https://"), "no URLs at all");
        assertTrue(html.contains("default-src 'none'"), "a content security policy forbids loading anything");
        assertTrue(html.contains("script-src 'sha256-"), "only the viewer's own script may run");
        assertTrue(html.contains("style-src 'sha256-"), "only the viewer's own styles apply");
        assertFalse(html.contains("unsafe-inline"));
    }

    @Test
    void the_recording_is_embedded_line_by_line_as_json() throws IOException {
        String monOut = Fixtures.example();
        JsonNode data = data(Fixtures.html(monOut));

        String[] lines = monOut.split("\n");
        assertEquals(lines.length, data.get("events").size());
        assertEquals(lines.length, data.get("eventCount").asInt());
        for (int i = 0; i < lines.length; i++) {
            assertEquals(JSON.readTree(lines[i]), data.get("events").get(i), "line " + (i + 1));
        }
        assertEquals(0, data.get("skippedLines").asInt());
    }

    @Test
    void script_end_tags_and_line_separators_in_the_recording_cannot_leave_the_data_element()
            throws IOException {
        String html = Fixtures.html(Fixtures.hostile());

        // Exactly the page's own two script elements, and nothing of the data outside its element.
        assertEquals(2, count(html, "</script>"));
        assertEquals(2, count(html, "<script"));
        String data = matcher(html).group(1);
        for (String forbidden : new String[] {"<", ">", "&", "\u2028", "\u2029"}) {
            assertFalse(data.contains(forbidden), "raw " + forbidden + " in the embedded JSON");
        }
        String lower = data.toLowerCase(java.util.Locale.ROOT);
        assertTrue(lower.contains("\\u003c/script\\u003e"), "< and > as \\u003c and \\u003e");
        assertTrue(lower.contains("\\u2028") && lower.contains("\\u2029"));
        // The escaping changes the text, not the values.
        JsonNode events = JSON.readTree(data).get("events");
        assertEquals("</script><!-- \u2028 \u2029", events.get(0).get("name").asText());
        assertEquals("<script>alert(1)</script>", events.get(1).get("callback").asText());
    }

    @Test
    void blank_lines_are_ignored_and_lines_that_are_not_json_objects_are_counted_and_skipped()
            throws IOException {
        String monOut = "\n" + Fixtures.example().replaceFirst("\n", "\n\n[1,2]\n") + "{\"action\":\"tra";
        JsonNode data = data(Fixtures.html(monOut));

        assertEquals(29, data.get("events").size());
        assertEquals(2, data.get("skippedLines").asInt());
        assertEquals(4, data.get("firstSkippedLine").asInt());
    }

    @Test
    void an_empty_recording_still_makes_a_page() throws IOException {
        JsonNode data = data(Fixtures.html(""));

        assertEquals(0, data.get("events").size());
    }

    private static JsonNode data(String html) throws IOException {
        return JSON.readTree(matcher(html).group(1));
    }

    private static Matcher matcher(String html) {
        Matcher m = DATA.matcher(html);
        assertTrue(m.find(), "the data element");
        return m;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }
}
