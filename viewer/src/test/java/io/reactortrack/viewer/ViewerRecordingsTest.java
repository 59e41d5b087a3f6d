package io.reactortrack.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;

/** Recordings of the newer kinds: lifetimes and revised outcomes, partial files, virtual threads. */
class ViewerRecordingsTest extends BrowserTest {

    @Test
    void the_problems_list_shows_lifetimes_and_the_longest_lived_futures() throws IOException {
        String monOut = Fixtures.example()
            + "{\"action\":\"tracked\",\"deferred\":9,\"ts\":1795624112300000,\"name\":\"slow\",\"parent\":null,\"via\":\"track\"}\n"
            + "{\"action\":\"fired\",\"deferred\":9,\"ts\":1795624114400000,\"success\":true,\"cancelled\":false,\"lifetime\":2.1}\n"
            + "{\"action\":\"tracked\",\"deferred\":10,\"ts\":1795624112300001,\"name\":\"quick\",\"parent\":null,\"via\":\"track\"}\n"
            + "{\"action\":\"fired\",\"deferred\":10,\"ts\":1795624112300101,\"success\":true,\"cancelled\":false,\"lifetime\":0.0001}\n"
            + "{\"action\":\"fired\",\"deferred\":10,\"ts\":1795624112300201,\"success\":false,\"error\":\"java.lang.IllegalStateException: obtruded\",\"cancelled\":false,\"lifetime\":0.0002,\"revised\":true}\n";
        browser.open(Fixtures.htmlFile(monOut, Fixtures.target().resolve("viewer-test/lifetimes.html")));

        String problems = text("problems");
        assertTrue(problems.contains("Longest-lived futures".toUpperCase()) || problems.contains("Longest-lived futures"), problems);
        assertTrue(problems.indexOf("slow #9") < problems.indexOf("lived 2.1 s") && problems.contains("lived 2.1 s"), problems);
        // quick #10 was revised to a failure: it is a failed future now, with its lifetime.
        assertTrue(problems.contains("FAILED FUTURE"), problems);
        assertTrue(problems.contains("java.lang.IllegalStateException: obtruded"), problems);
        assertTrue(problems.contains("lived 200 \u00b5s"), problems);
        assertTrue(problems.indexOf("FAILED FUTURE") < problems.indexOf("slow #9"), "failures before the slowest: " + problems);

        browser.driver.findElement(By.cssSelector(".problem[data-problem='slowest'][data-future-id='9']")).click();
        browser.waitFor("return document.getElementById('details').getAttribute('data-future-id') === '9'");
        assertTrue(text("details").contains("Lifetime\n2.1 s from tracking to completion"), text("details"));
        browser.js("reactorTrack.select('future', 10)");
        String revised = text("details");
        assertTrue(revised.contains("Revised") && revised.contains("\u2715 failed"), revised);
    }

    @Test
    void a_partial_recording_shows_futures_known_only_by_id() throws IOException {
        browser.open(Fixtures.htmlFile(Fixtures.resource("partial-mon.out"), Fixtures.target().resolve("viewer-test/partial.html")));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tiles = (List<Map<String, Object>>) browser.js("return reactorTrack.tiles()");
        assertEquals(9, tiles.size(), "7 futures, 2 callbacks: " + tiles);
        for (Map<String, Object> tile : tiles) {
            assertNotNull(rect(tile), "drawn: " + tile);
        }
        assertEquals(List.of("#17", "#18", "checkout-7 #21", "#30", "#31", "slow-report #40", "never-answered #50"),
            tiles.stream().filter(t -> t.get("kind").equals("future")).map(t -> (String) t.get("label")).toList());
        String stats = text("stats").replaceAll("\\s+", " ");
        assertTrue(stats.contains("7 futures seen in part"), stats);
        keys(Keys.HOME);
        for (int line = 1; line <= 9; line++) {
            keys("n");
            String said = text("line-desc");
            assertFalse(said.matches(".*\\b(undefined|null|NaN)\\b.*"), "line " + line + ": " + said);
        }
        String page = browser.driver.findElement(By.tagName("body")).getText();
        assertFalse(page.matches("(?s).*\\b(undefined|NaN)\\b.*"), page);
        String problems = text("problems");
        assertTrue(problems.contains("UNHANDLED") && problems.contains("FAILED CALLBACK") && problems.contains("PENDING"), problems);
        assertFalse(problems.contains("NOT COMPLETED"), "futures seen in part are not guessed incomplete: " + problems);
        browser.js("reactorTrack.select('future', 17)");
        assertTrue(text("details").contains("not in this recording"), text("details"));
    }

    @Test
    void a_thousand_virtual_threads_share_one_lane_that_expands_into_a_few_rows() throws IOException {
        browser.open(Fixtures.htmlFile(VirtualThreadsMonOut.make(1000), Fixtures.target().resolve("viewer-test/virtual-threads.html")));

        List<Map<String, Object>> rows = rows();
        assertEquals(List.of("futures", "main", "\u25b8 1,000 virtual threads"), rows.stream().map(r -> r.get("label")).toList());
        assertEquals(2000L, rows.get(2).get("runs"));
        assertTrue(text("stats").replaceAll("\\s+", " ").contains("1 thread 1,000 virtual threads"), text("stats"));

        // A click on the lane's name expands it.
        clickAt("timeline", 40, 24 + 2 * 24 + 12);
        browser.waitFor("return reactorTrack.timelineRows().length > 3");
        rows = rows();
        int packed = rows.size() - 3;
        assertTrue(packed >= 5 && packed <= 16, "as many rows as ran at once, not one per thread: " + packed);
        assertEquals("\u25be 1,000 virtual threads", rows.get(2).get("label"));
        assertEquals(2000L, rows.stream().skip(3).mapToLong(r -> (Long) r.get("runs")).sum());
        assertNoOverlapBetweenThreads();
        Number height = (Number) browser.js("return document.getElementById('timeline').getBoundingClientRect().height");
        assertTrue(height.doubleValue() <= 24 + 24 * 20 + 6, "the timeline stays short: " + height);

        browser.js("reactorTrack.setStep(reactorTrack.eventCount); document.activeElement && document.activeElement.blur()");
        browser.driver.findElement(By.id("zoom-in")).click();
        browser.driver.findElement(By.id("zoom-in")).click();
        browser.driver.findElement(By.id("zoom-in")).click();
        byte[] png = browser.driver.getScreenshotAs(OutputType.BYTES);
        Path file = Fixtures.target().resolve("viewer-virtual-threads.png");
        Files.write(file, png);
        assertTrue(png.length > 10_000, "a real picture");
        System.out.println("virtual threads screenshot: " + file);

        keys("v");
        browser.waitFor("return reactorTrack.timelineRows().length === 3");
    }

    private List<Map<String, Object>> rows() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) browser.js("return reactorTrack.timelineRows()");
        return rows;
    }

    /** On each packed row, the span of one thread's runs never overlaps another thread's. */
    private void assertNoOverlapBetweenThreads() {
        @SuppressWarnings("unchecked")
        List<List<List<Object>>> packed = (List<List<List<Object>>>) browser.js("return reactorTrack.virtualRows()");
        for (List<List<Object>> row : packed) {
            Map<String, double[]> spans = new HashMap<>();
            for (List<Object> run : row) {
                double[] s = spans.computeIfAbsent((String) run.get(2), k -> new double[] {Double.MAX_VALUE, -Double.MAX_VALUE});
                s[0] = Math.min(s[0], ((Number) run.get(0)).doubleValue());
                s[1] = Math.max(s[1], ((Number) run.get(1)).doubleValue());
            }
            List<double[]> sorted = new ArrayList<>(spans.values());
            sorted.sort(Comparator.comparingDouble(s -> s[0]));
            for (int i = 1; i < sorted.size(); i++) {
                assertTrue(sorted.get(i)[0] >= sorted.get(i - 1)[1], "threads overlap on a row");
            }
        }
    }
}
