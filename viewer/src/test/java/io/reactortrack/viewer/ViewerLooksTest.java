package io.reactortrack.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/** What the viewer looks like: the cursor against failures, the help, wrapping, the axis. */
class ViewerLooksTest extends BrowserTest {

    /** The cursor's red, as on the canvas. */
    private static final String CURSOR = "#e5484d";
    /** The stripes and the ground of a failure's hatching on the canvases. */
    private static final List<String> FAILURE = List.of("#f0abfc", "#fdf4ff", "#a21caf", "#f5d0fe");

    private void openExample() throws IOException {
        browser.open(Fixtures.htmlFile(Fixtures.example(), Fixtures.target().resolve("viewer-test/looks.html")));
    }

    @Test
    void a_callback_that_threw_is_hatched_in_another_hue_than_the_red_cursor() throws IOException {
        openExample();
        keys(Keys.HOME);
        keys("n".repeat(23)); // the errback runs: the cursor is on it, problem (on #3) has thrown

        Map<String, Object> red = browser.jsMap("return reactorTrack.redTile()");
        assertEquals("example.Example::simpleErrback", red.get("name"));
        Map<String, Object> threw = browser.jsMap(
            "return reactorTrack.tiles().filter(function (t) { return t.name === 'example.Example::problem'; })[0]");
        List<String> failed = colours("map", inner(rect(threw)), 1);
        assertFalse(failed.contains(CURSOR), "no cursor red in the failed tile: " + failed);
        assertTrue(failed.contains("#f0abfc") && failed.contains("#fdf4ff"), "hatched: " + failed);
        List<String> whole = colours("map", rect(threw), 1);
        assertTrue(whole.contains("#a21caf"), "a fuchsia outline: " + whole);
        assertFalse(whole.contains(CURSOR), "no red anywhere on it: " + whole);
        List<String> cursor = colours("map", inner(rect(red)), 2);
        assertTrue(cursor.contains(CURSOR), "the cursor is red: " + cursor);
        assertTrue(cursor.stream().noneMatch(FAILURE::contains), "and not hatched: " + cursor);
    }

    @Test
    void a_failed_run_in_the_timeline_is_hatched_and_not_red() throws IOException {
        openExample();
        keys(Keys.HOME);
        keys("n".repeat(23));
        long problem = (Long) browser.js(
            "return reactorTrack.tiles().filter(function (t) { return t.name === 'example.Example::problem'; })[0].id");
        browser.js("reactorTrack.select('callback', arguments[0])", problem);
        browser.driver.findElement(By.cssSelector("#details .show-in-timeline")).click();
        browser.waitFor("return reactorTrack.bars(" + problem + ")[0].w > 40");

        Map<String, Object> bar = browser.jsMap("return reactorTrack.bars(arguments[0])[0]", problem);
        List<String> pixels = colours("timeline", bar, 1);
        assertFalse(pixels.contains(CURSOR), "no cursor red in the failed bar: " + pixels);
        assertTrue(pixels.contains("#f5d0fe") && pixels.contains("#a21caf"), "hatched: " + pixels);
    }

    @Test
    void the_legends_show_the_cursor_and_failures_apart() throws IOException {
        openExample();
        for (String legend : List.of("map-legend", "timeline-legend")) {
            Map<String, Object> failed = browser.jsMap(
                "var s = getComputedStyle(document.querySelector('#' + arguments[0] + ' .sw-failed'));"
                    + "return {image: s.backgroundImage, colour: s.backgroundColor, label: document.querySelector('#'"
                    + " + arguments[0] + ' .sw-failed').parentNode.textContent};", legend);
            assertTrue(String.valueOf(failed.get("image")).contains("repeating-linear-gradient"), legend + ": " + failed);
            assertTrue(String.valueOf(failed.get("label")).contains("\u2715"), legend + ": " + failed);
        }
        String current = (String) browser.js(
            "return getComputedStyle(document.querySelector('#map-legend .sw-current')).backgroundColor");
        assertEquals("rgb(229, 72, 77)", current);
        assertTrue(text("map-legend").contains("current line"), text("map-legend"));
    }

    @Test
    void the_question_mark_says_how_to_read_the_picture() throws IOException {
        openExample();
        assertFalse(browser.driver.findElement(By.id("help")).isDisplayed());
        keys("?");
        browser.waitFor("return !document.getElementById('help').hidden");
        String help = text("help");
        assertTrue(help.contains("Nesting means \u201cderived from\u201d"), help);
        assertTrue(help.contains("Area is time"), help);
        assertTrue(help.contains("the current line") && help.contains("It is not an error"), help);
        assertTrue(help.contains("a failure"), help);
        assertEquals(1L, browser.js("return document.querySelectorAll('#help .sw-failed').length"));
        assertEquals(1L, browser.js("return document.querySelectorAll('#help .sw-current').length"));
        keys(Keys.ESCAPE);
        browser.waitFor("return document.getElementById('help').hidden");
        browser.driver.findElement(By.id("help-button")).click();
        browser.waitFor("return !document.getElementById('help').hidden");
        keys(Keys.ESCAPE);
    }

    @Test
    void long_exception_names_wrap_at_dots_not_inside_words() throws IOException {
        String error = "java.util.concurrent.CompletionException: com.example.inventory.warehouse.replication."
            + "ReplicaUnavailableException: replica eu-west-3 of warehouse 12 did not answer";
        String monOut = "{\"action\":\"tracked\",\"deferred\":1,\"ts\":1000,\"name\":\"inventory\",\"parent\":null,\"via\":\"track\"}\n"
            + "{\"action\":\"fired\",\"deferred\":1,\"ts\":2000,\"success\":false,\"error\":\"" + error + "\",\"cancelled\":false}\n";
        browser.open(Fixtures.htmlFile(monOut, Fixtures.target().resolve("viewer-test/wrap.html")));

        assertEquals(error, text("problems").lines().filter(l -> !l.isBlank()).skip(2)
            .reduce("", String::concat).replace("\n", ""), "the whole error is there");
        @SuppressWarnings("unchecked")
        List<String> breaks = (List<String>) browser.js(
            "var e = document.querySelector('#problems .problem .pe'); var out = [];"
                + "var w = document.createTreeWalker(e, NodeFilter.SHOW_TEXT); var n, last = null, prev = '';"
                + "var range = document.createRange();"
                + "while ((n = w.nextNode())) for (var i = 0; i < n.data.length; i++) {"
                + "  range.setStart(n, i); range.setEnd(n, i + 1); var rs = range.getClientRects(); if (!rs.length) continue;"
                + "  var top = rs[0].top; if (last !== null && top > last + 2) out.push((i === 0 ? '|' : prev) + n.data.substring(i, i + 12));"
                + "  last = top; prev = n.data.charAt(i); }"
                + "return out;");
        assertFalse(breaks.isEmpty(), "the error wraps in the panel");
        for (String at : breaks) {
            assertTrue(at.startsWith("|") || at.startsWith(" "), "a line starts inside a word: " + at + " in " + breaks);
        }
    }

    @Test
    void the_last_label_of_the_time_axis_is_not_cut_at_the_right_edge() throws IOException {
        openExample();
        for (String zoom : List.of("zoom-fit", "zoom-in", "zoom-in", "zoom-out", "zoom-fit")) {
            browser.driver.findElement(By.id(zoom)).click();
            browser.waitFor("return reactorTrack.axisLabels().length > 0");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> labels = (List<Map<String, Object>>) browser.js("return reactorTrack.axisLabels()");
            for (Map<String, Object> label : labels) {
                assertTrue(number(label, "x") + number(label, "w") <= number(label, "canvasWidth"),
                    "label inside the canvas after " + zoom + ": " + label);
            }
        }
    }

    /** The tile without its outline and its label lines. */
    private static Map<String, Object> inner(Map<String, Object> r) {
        return Map.of("x", number(r, "x") + 4, "y", number(r, "y") + 36,
            "w", number(r, "w") - 8, "h", Math.max(4, number(r, "h") - 40));
    }
}
