package io.reactortrack.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;

/** The viewer made from the example's mon.out, in headless Chromium. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ViewerInBrowserTest {

    private static final String SIMPLE_CALLBACK = "example.Example::simpleCallback";

    private Browser browser;
    private Path example;
    private Path hostile;

    @BeforeAll
    void start() throws IOException {
        browser = Browser.startIfInstalled();
        Path dir = Fixtures.target().resolve("viewer-test");
        example = Fixtures.htmlFile(Fixtures.example(), dir.resolve("example.html"));
        hostile = Fixtures.htmlFile(Fixtures.hostile(), dir.resolve("hostile.html"));
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void openTheExample() {
        Browser.assumeInstalled(browser);
        browser.open(example);
    }

    @AfterEach
    void thePageLoggedNoErrors() {
        if (browser != null) {
            assertEquals(List.of(), browser.errors(), "script errors, blocked content or failed loads");
        }
    }

    @Test
    void shows_a_tile_for_every_tracked_future_and_every_callback() {
        List<Map<String, Object>> tiles = tiles();

        Set<Long> futures = tiles.stream().filter(t -> t.get("kind").equals("future"))
                .map(t -> (Long) t.get("id")).collect(Collectors.toSet());
        assertEquals(Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), futures);
        List<String> callbacks = tiles.stream().filter(t -> t.get("kind").equals("callback"))
                .map(t -> t.get("futureId") + " " + t.get("name")).sorted().toList();
        assertEquals(List.of(
                "1 " + SIMPLE_CALLBACK,
                "2 example.Example::followup",
                "3 example.Example::problem",
                "4 example.Example::simpleErrback",
                "5 example.Example::finished",
                "6 " + SIMPLE_CALLBACK), callbacks);
        for (Map<String, Object> tile : tiles) {
            @SuppressWarnings("unchecked")
            Map<String, Object> rect = (Map<String, Object>) tile.get("rect");
            assertNotNull(rect, "tile laid out: " + tile);
            assertTrue(number(rect, "w") >= 8 && number(rect, "h") >= 8, "tile big enough to see: " + tile);
        }
    }

    @Test
    void derived_and_chained_futures_are_nested_under_their_parent() {
        Map<Long, Object> parents = tiles().stream().filter(t -> t.get("kind").equals("future"))
                .collect(Collectors.toMap(t -> (Long) t.get("id"), t -> String.valueOf(t.get("parent"))));

        assertEquals(Map.of(1L, "null", 2L, "1", 3L, "2", 4L, "3", 5L, "4", 6L, "5", 7L, "6", 8L, "5"), parents);
        // d2 (#6) is drawn inside #5, and its callback inside it.
        Map<String, Object> d2 = tile("future", 6);
        assertInside(rect(d2), rect(tile("future", 5)));
        assertInside(rect(callbackOn(6)), rect(d2));
        assertEquals("chained", d2.get("via"));
    }

    @Test
    void stepping_with_the_keyboard_draws_the_executing_callback_red_and_keeps_it_until_the_next() {
        keys(Keys.HOME);
        assertEquals(0L, browser.js("return reactorTrack.step()"));
        assertNull(browser.js("return reactorTrack.redTile()"), "nothing ran before the first line");

        keys("n".repeat(16));
        assertEquals(16L, browser.js("return reactorTrack.step()"));
        assertNull(browser.js("return reactorTrack.redTile()"), "d fired but nothing ran yet");

        keys("n"); // line 17: simpleCallback ran on d
        assertRed(1, SIMPLE_CALLBACK);
        assertTrue(lineText().contains("\"action\":\"executed\""), lineText());
        keys("n"); // line 18: #2 fired; the cursor stays on the last executed callback
        assertRed(1, SIMPLE_CALLBACK);
        assertTrue(lineText().contains("\"action\":\"fired\",\"deferred\":2"), lineText());

        keys("nnn"); // line 21: problem threw
        assertRed(3, "example.Example::problem");
        keys("nn"); // line 23: the errback ran
        assertRed(4, "example.Example::simpleErrback");
        keys("nnnnn"); // line 28: simpleCallback on d2
        assertRed(6, SIMPLE_CALLBACK);

        keys("p".repeat(7)); // back to line 21
        assertEquals(21L, browser.js("return reactorTrack.step()"));
        assertRed(3, "example.Example::problem");
        keys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
        assertRed(4, "example.Example::simpleErrback");
        keys(Keys.chord(Keys.CONTROL, "n"));
        assertEquals(24L, browser.js("return reactorTrack.step()"), "Ctrl+N steps like in model2map");
        keys(Keys.END);
        assertEquals(29L, browser.js("return reactorTrack.step()"));
    }

    @Test
    void the_red_tile_is_red_on_the_canvas_too() {
        keys(Keys.HOME);
        keys("n".repeat(21));
        Map<String, Object> red = browser.jsMap("return reactorTrack.redTile()");
        Map<String, Object> r = rect(red);

        List<?> pixel = (List<?>) browser.js(
                "var c = document.getElementById('map'); var d = window.devicePixelRatio || 1;"
                        + "return Array.from(c.getContext('2d').getImageData(Math.round(arguments[0] * d), Math.round(arguments[1] * d), 1, 1).data);",
                number(r, "x") + number(r, "w") / 2, number(r, "y") + number(r, "h") * 0.75);
        assertEquals(List.of(0xe5L, 0x48L, 0x4dL, 255L), pixel, "current callback fill");
    }

    @Test
    void the_buttons_and_the_slider_step_through_the_log_too() {
        browser.driver.findElement(By.id("first")).click();
        browser.driver.findElement(By.id("next")).click();
        browser.driver.findElement(By.id("next")).click();
        assertEquals(2L, browser.js("return reactorTrack.step()"));
        browser.driver.findElement(By.id("prev")).click();
        assertEquals(1L, browser.js("return reactorTrack.step()"));
        assertTrue(lineText().contains("\"action\":\"tracked\",\"deferred\":1"), lineText());

        WebElement slider = browser.driver.findElement(By.id("slider"));
        slider.click(); // the middle of the slider
        long step = (Long) browser.js("return reactorTrack.step()");
        assertTrue(step > 5 && step < 25, "slider moved to " + step);
        slider.sendKeys(Keys.END);
        assertEquals(29L, browser.js("return reactorTrack.step()"));

        browser.driver.findElement(By.id("play")).click(); // at the end, play starts over
        browser.waitFor("return reactorTrack.step() >= 2");
        browser.driver.findElement(By.id("play")).click();
        long paused = (Long) browser.js("return reactorTrack.step()");
        assertTrue(paused >= 2 && paused < 29, "paused at " + paused);
    }

    @Test
    void clicking_a_tile_opens_its_details() {
        Map<String, Object> problem = callbackOn(3);
        clickTile(problem);

        browser.waitFor("return document.getElementById('details').getAttribute('data-callback') === '" + problem.get("id") + "'");
        String details = browser.driver.findElement(By.id("details")).getText();
        assertTrue(details.contains("example.Example::problem"), details);
        assertTrue(details.contains("thenApply"), "method: " + details);
        assertTrue(details.contains("callback"), "path: " + details);
        assertTrue(details.contains("scheduler-1"), "thread: " + details);
        assertTrue(details.contains("215 \u00b5s"), "time: " + details);
        assertTrue(details.contains("java.lang.IllegalStateException: oh no"), "error: " + details);
        assertTrue(details.contains("#3"), "where it was attached: " + details);

        // From there to the future it completes, whose parent is #3.
        browser.driver.findElement(By.cssSelector("#details button[data-future-id='4']")).click();
        browser.waitFor("return document.getElementById('details').getAttribute('data-future-id') === '4'");
        String future = browser.driver.findElement(By.id("details")).getText();
        assertTrue(future.contains("failed"), future);
        assertTrue(future.contains("derived"), "via: " + future);
        assertTrue(future.contains("Parent"), future);
        assertTrue(future.contains("Example::simpleErrback"), "its errback: " + future);
    }

    @Test
    void the_details_of_a_chained_future_say_where_it_came_from() {
        clickTile(tile("future", 6));

        browser.waitFor("return document.getElementById('details').getAttribute('data-future-id') === '6'");
        String details = browser.driver.findElement(By.id("details")).getText();
        assertTrue(details.contains("d2 #6"), details);
        assertTrue(details.contains("chained"), details);
        assertTrue(details.contains("Chained from"), details);
    }

    @Test
    void enter_opens_the_details_of_the_red_callback() {
        keys(Keys.HOME);
        keys("n".repeat(23));
        keys(Keys.ENTER);

        browser.waitFor("return document.getElementById('details').getAttribute('data-callback') !== null");
        assertTrue(browser.driver.findElement(By.id("details")).getText().contains("example.Example::simpleErrback"));
    }

    @Test
    void failures_are_listed_as_problems() {
        String problems = browser.driver.findElement(By.id("problems")).getText();

        assertTrue(problems.contains("FAILED CALLBACK"), problems);
        assertTrue(problems.contains("java.lang.IllegalStateException: oh no"), problems);
        // #4 failed only because problem threw: listed once, as the callback.
        assertEquals(1L, browser.js("return document.querySelectorAll('#problems .problem').length"), problems);
        String stats = browser.driver.findElement(By.id("stats")).getText().replaceAll("\\s+", " ");
        assertTrue(stats.contains("1 callback threw") && stats.contains("1 future failed"), stats);
        assertTrue(stats.contains("1 thread ") || stats.endsWith("1 thread"), "one thread, not one threads: " + stats);
        assertFalse(stats.matches(".*\\b1 [a-z]+s\\b.*"), "no plural after 1: " + stats);
        browser.driver.findElement(By.cssSelector(".problem[data-problem='failed callback']")).click();
        assertEquals(21L, browser.js("return reactorTrack.step()"), "a problem jumps to its line");
    }

    @Test
    void the_timeline_has_a_lane_per_thread_and_zooms() {
        assertEquals(List.of(Map.of("name", "scheduler-1", "runs", 6L)), browser.js("return reactorTrack.lanes()"));
        WebElement timeline = browser.driver.findElement(By.id("timeline"));
        String before = timeline.getAttribute("data-view");
        browser.driver.findElement(By.id("zoom-in")).click();
        browser.waitFor("return document.getElementById('timeline').getAttribute('data-view') !== '" + before + "'");
        browser.driver.findElement(By.id("zoom-fit")).click();
        browser.waitFor("return document.getElementById('timeline').getAttribute('data-view') === '" + before + "'");
    }

    @Test
    void the_mouse_wheel_zooms_the_timeline_and_a_click_on_a_bar_opens_its_callback() {
        WebElement timeline = browser.driver.findElement(By.id("timeline"));
        String before = timeline.getAttribute("data-view");
        new Actions(browser.driver)
                .scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(timeline), 0, -400)
                .perform();
        browser.waitFor("return document.getElementById('timeline').getAttribute('data-view') !== '" + before + "'");
        browser.driver.findElement(By.id("zoom-fit")).click();

        // The errback ran for 31 µs next to three other short callbacks: zoom in on it with the wheel.
        Map<String, Object> errback = callbackOn(4);
        Map<String, Object> box = browser.jsMap(
                "var b = arguments[0].getBoundingClientRect(); return {w: b.width, h: b.height};", timeline);
        Map<String, Object> bar = browser.jsMap("return reactorTrack.bars(arguments[0])[0]", errback.get("id"));
        for (int i = 0; i < 40 && number(bar, "w") < 10; i++) {
            new Actions(browser.driver).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(timeline,
                            (int) (number(bar, "x") + number(bar, "w") / 2 - number(box, "w") / 2),
                            (int) (number(bar, "y") + number(bar, "h") / 2 - number(box, "h") / 2)), 0, -800)
                    .perform();
            bar = browser.jsMap("return reactorTrack.bars(arguments[0])[0]", errback.get("id"));
        }
        assertTrue(number(bar, "w") >= 10, "zoomed in on the errback: " + bar);
        new Actions(browser.driver).moveToElement(timeline,
                        (int) (number(bar, "x") + number(bar, "w") / 2 - number(box, "w") / 2),
                        (int) (number(bar, "y") + number(bar, "h") / 2 - number(box, "h") / 2))
                .click().perform();
        browser.waitFor("return document.getElementById('details').getAttribute('data-callback') === '" + errback.get("id") + "'");
        assertTrue(browser.driver.findElement(By.id("details")).getText().contains("errback (failure path)"));
    }

    @Test
    void double_clicking_a_future_zooms_the_squaremap_into_it_and_escape_zooms_out() {
        Map<String, Object> d2 = tile("future", 6);
        double widthBefore = number(rect(d2), "w");
        Map<String, Object> r = rect(tile("future", 5));
        WebElement map = browser.driver.findElement(By.id("map"));
        Map<String, Object> box = browser.jsMap(
                "var b = arguments[0].getBoundingClientRect(); return {w: b.width, h: b.height};", map);
        new Actions(browser.driver).moveToElement(map,
                        (int) (number(r, "x") + number(r, "w") - 8 - number(box, "w") / 2),
                        (int) (number(r, "y") + 8 - number(box, "h") / 2))
                .doubleClick().perform();

        browser.waitFor("var z = reactorTrack.zoomed(); return z !== null && z.id === 5");
        assertTrue(browser.driver.findElement(By.id("crumbs")).getText().contains("All futures"));
        assertTrue(number(rect(tile("future", 6)), "w") > widthBefore, "d2 is drawn bigger");
        assertNull(rect(tile("future", 2)), "futures outside #5 are not drawn");
        keys(Keys.ESCAPE);
        browser.waitFor("var z = reactorTrack.zoomed(); return z !== null && z.id === 4");
        browser.driver.findElement(By.cssSelector("#crumbs button")).click();
        browser.waitFor("return reactorTrack.zoomed() === null");
    }

    @Test
    void unhandled_failures_and_pending_futures_stand_out_with_all_their_keys() throws IOException {
        String monOut = Fixtures.example()
                + "{\"action\":\"unhandled\",\"deferred\":4,\"ts\":1795624115000000,\"error\":\"java.lang.IllegalStateException: oh no\",\"origin\":\"thenApply(example.Example::problem) on #3\"}\n"
                + "{\"action\":\"pending\",\"deferred\":7,\"ts\":1795624115000001,\"name\":null,\"age\":2.794,\"dependents\":3,\"origin\":\"example.Example.runBuggy(Example.java:104)\\nexample.Example.main(Example.java:133)\"}\n"
                + "{\"action\":\"a-future-action\",\"deferred\":7,\"ts\":1795624115000002,\"what\":\"ignored\"}\n"
                + "{\"action\":\"tracked\",\"deferred\":9,\"ts\":1795624115000003,\"name\":\"deadline\",\"parent\":null,\"via\":\"track\"}\n"
                + "{\"action\":\"fired\",\"deferred\":9,\"ts\":1795624115000004,\"success\":false,\"error\":\"java.util.concurrent.TimeoutException\",\"cancelled\":false}\n";
        browser.open(Fixtures.htmlFile(monOut, Fixtures.target().resolve("viewer-test/issue-6.html")));

        String problems = browser.driver.findElement(By.id("problems")).getText();
        assertTrue(problems.contains("UNHANDLED"), problems);
        assertTrue(problems.contains("PENDING"), problems);
        assertTrue(problems.contains("FAILED FUTURE"), "a tracked future that failed by itself: " + problems);
        assertTrue(problems.contains("java.util.concurrent.TimeoutException"), problems);
        assertTrue(problems.indexOf("UNHANDLED") < problems.indexOf("FAILED CALLBACK"), "unhandled first: " + problems);
        String stats = browser.driver.findElement(By.id("stats")).getText().replaceAll("\\s+", " ");
        assertTrue(stats.contains("1 unhandled") && stats.contains("1 pending"), stats);

        browser.driver.findElement(By.cssSelector(".problem[data-problem='pending']")).click();
        browser.waitFor("return document.getElementById('details').getAttribute('data-future-id') === '7'");
        String pending = browser.driver.findElement(By.id("details")).getText();
        assertTrue(pending.contains("age") && pending.contains("2.794"), pending);
        assertTrue(pending.contains("dependents") && pending.contains("3"), pending);
        assertTrue(pending.contains("example.Example.runBuggy(Example.java:104)\nexample.Example.main(Example.java:133)"), "origin, on two lines: " + pending);
        assertTrue(pending.contains("a-future-action"), "unknown actions are listed: " + pending);

        browser.driver.findElement(By.cssSelector(".problem[data-problem='unhandled']")).click();
        browser.waitFor("return document.getElementById('details').getAttribute('data-future-id') === '4'");
        String unhandled = browser.driver.findElement(By.id("details")).getText();
        assertTrue(unhandled.contains("unhandled failure"), unhandled);
        assertTrue(unhandled.contains("thenApply(example.Example::problem) on #3"), unhandled);
    }

    @Test
    void an_empty_recording_opens_an_empty_viewer() throws IOException {
        browser.open(Fixtures.htmlFile("", Fixtures.target().resolve("viewer-test/empty.html")));

        assertEquals(0L, browser.js("return reactorTrack.eventCount"));
        assertEquals(List.of(), browser.js("return reactorTrack.tiles()"));
        keys("n", "p", Keys.END);
        assertEquals(0L, browser.js("return reactorTrack.step()"));
        assertTrue(lineText().contains("no lines"), lineText());
    }

    @Test
    void markup_in_names_and_errors_is_shown_as_text_and_never_run() {
        browser.open(hostile);

        assertThrows(NoAlertPresentException.class, () -> browser.driver.switchTo().alert());
        assertNull(browser.js("return window.__pwned === undefined ? null : window.__pwned"));
        assertEquals(2L, browser.js("return document.scripts.length"));
        assertEquals(0L, browser.js("return document.querySelectorAll('img, iframe, [onerror], [onmouseover]').length"));

        keys(Keys.HOME);
        keys("nnnnn");
        assertTrue(lineText().contains("</script><script>window.__pwned=true</script>"), lineText());
        keys(Keys.ENTER);
        browser.waitFor("return document.getElementById('details').getAttribute('data-callback') === '0'");
        String details = browser.driver.findElement(By.id("details")).getText();
        assertTrue(details.contains("<script>alert(1)</script>"), details);
        assertTrue(details.contains("java.lang.IllegalStateException: </script><script>window.__pwned=true</script>"), details);
        assertTrue(details.contains("<img src=x onerror=\"window.__pwned=true\">"), "thread: " + details);

        browser.js("reactorTrack.select('future', 2)");
        String future = browser.driver.findElement(By.id("details")).getText();
        assertTrue(future.contains("<b onmouseover=alert(2)>bold</b>"), future);
        assertTrue(future.contains("at <script>x()</script>"), "stack: " + future);
        String problems = browser.driver.findElement(By.id("problems")).getText();
        assertTrue(problems.contains("UNHANDLED"), problems);
        assertTrue(problems.contains("</script><!--"), problems);
        assertNull(browser.js("return window.__pwned === undefined ? null : window.__pwned"));
        assertEquals(0L, browser.js("return document.querySelectorAll('img, iframe, [onerror], [onmouseover]').length"));
    }

    // ------------------------------------------------------------------ helpers

    private void keys(CharSequence... keys) {
        new Actions(browser.driver).sendKeys(keys).perform();
    }

    private String lineText() {
        return browser.driver.findElement(By.id("line")).getText();
    }

    private void assertRed(long futureId, String callback) {
        Map<String, Object> red = browser.jsMap("return reactorTrack.redTile()");
        assertNotNull(red, "a red tile at step " + browser.js("return reactorTrack.step()"));
        assertEquals(callback, red.get("name"));
        assertEquals(futureId, red.get("futureId"));
        assertEquals(String.valueOf(red.get("id")),
                browser.driver.findElement(By.id("map")).getAttribute("data-red-callback"));
    }

    private void clickTile(Map<String, Object> tile) {
        Map<String, Object> r = rect(tile);
        WebElement map = browser.driver.findElement(By.id("map"));
        Map<String, Object> box = browser.jsMap(
                "var b = arguments[0].getBoundingClientRect(); return {w: b.width, h: b.height};", map);
        // Actions offsets are from the element's centre. A future is clicked on its header (its
        // callbacks and stages fill the rest), a callback near its bottom-right corner.
        boolean future = tile.get("kind").equals("future");
        double x = number(r, "x") + number(r, "w") - 8 - number(box, "w") / 2;
        double y = (future ? number(r, "y") + 8 : number(r, "y") + number(r, "h") - 5) - number(box, "h") / 2;
        new Actions(browser.driver).moveToElement(map, (int) x, (int) y).click().perform();
    }

    private List<Map<String, Object>> tiles() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tiles = (List<Map<String, Object>>) browser.js("return reactorTrack.tiles()");
        return tiles;
    }

    private Map<String, Object> tile(String kind, long id) {
        return tiles().stream().filter(t -> t.get("kind").equals(kind) && t.get("id").equals(id))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " tile " + id));
    }

    private Map<String, Object> callbackOn(long futureId) {
        return tiles().stream().filter(t -> t.get("kind").equals("callback") && t.get("futureId").equals(futureId))
                .findFirst().orElseThrow(() -> new AssertionError("no callback on #" + futureId));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rect(Map<String, Object> tile) {
        return (Map<String, Object>) tile.get("rect");
    }

    private static double number(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }

    private static void assertInside(Map<String, Object> inner, Map<String, Object> outer) {
        assertTrue(number(inner, "x") >= number(outer, "x")
                        && number(inner, "y") >= number(outer, "y")
                        && number(inner, "x") + number(inner, "w") <= number(outer, "x") + number(outer, "w") + 0.01
                        && number(inner, "y") + number(inner, "h") <= number(outer, "y") + number(outer, "h") + 0.01,
                inner + " inside " + outer);
    }
}
