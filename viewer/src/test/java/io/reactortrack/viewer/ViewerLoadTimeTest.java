package io.reactortrack.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * Opens the viewer of a 100,000-line mon.out in headless Chromium and measures how long it takes
 * to be drawn and to step. The numbers go to the test output and to
 * {@code target/viewer-load-time.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ViewerLoadTimeTest {

    static final int LINES = 100_000;
    /** Generous, so that a slow CI machine does not fail; the measured time is reported. */
    static final double MAX_LOAD_MS = 20_000;

    private Browser browser;
    private Path html;
    private long htmlMillis;

    @BeforeAll
    void start() throws IOException {
        browser = Browser.startIfInstalled();
        if (browser == null) {
            return;
        }
        Path dir = Fixtures.target().resolve("viewer-load");
        Path monOut = LargeMonOut.write(dir.resolve("mon.out"), LINES);
        long t0 = System.nanoTime();
        html = Fixtures.htmlFile(monOut, dir.resolve("large.html"));
        htmlMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void a_recording_of_100_000_lines_loads_quickly_and_steps_without_lag() throws IOException {
        Browser.assumeInstalled(browser);
        long t0 = System.nanoTime();
        browser.open(html);
        double wallMs = (System.nanoTime() - t0) / 1e6;

        Map<String, Object> timings = browser.jsMap(
                "var t = reactorTrack.timings; return {loadMs: reactorTrack.loadMs, parse: t.parse, model: t.model,"
                        + " layout: t.layout, firstDraw: t.firstDraw, events: reactorTrack.eventCount,"
                        + " tiles: reactorTrack.tiles().length, lanes: reactorTrack.lanes().length,"
                        + " problems: reactorTrack.problems().length}");
        long events = ((Number) timings.get("events")).longValue();
        assertTrue(events >= LINES, "events " + events);
        double loadMs = ((Number) timings.get("loadMs")).doubleValue();

        double stepMs = ((Number) browser.js("return reactorTrack.benchmarkSteps(300)")).doubleValue();
        browser.js("reactorTrack.setStep(50000)");
        long k0 = System.nanoTime();
        new Actions(browser.driver).sendKeys("n".repeat(50)).perform();
        browser.waitFor("return reactorTrack.step() === 50050");
        double keyMs = (System.nanoTime() - k0) / 1e6 / 50;
        assertEquals(50050L, browser.js("return reactorTrack.step()"));

        browser.driver.findElement(By.id("zoom-in")).click();
        new Actions(browser.driver).sendKeys(Keys.END).perform();

        String report = String.format(Locale.ROOT,
                "Reactor Track viewer load time%n"
                        + "mon.out lines: %d (%s), HTML %.1f MB written in %d ms%n"
                        + "tiles: %s, thread lanes: %s, problems: %s%n"
                        + "navigation start to first frame (reactorTrack.loadMs): %.0f ms%n"
                        + "  of which JSON.parse %.0f ms, model %.0f ms, layout %.0f ms, first draw %.0f ms%n"
                        + "driver.get() to ready, wall clock: %.0f ms%n"
                        + "one step, redrawing squaremap and timeline: %.1f ms (mean of 300)%n"
                        + "one step by the n key through WebDriver: %.1f ms (mean of 50)%n"
                        + "machine: %d cores (%s), %s%n",
                events, html.getParent().resolve("mon.out"), Files.size(html) / 1e6, htmlMillis,
                timings.get("tiles"), timings.get("lanes"), timings.get("problems"),
                loadMs, number(timings, "parse"), number(timings, "model"), number(timings, "layout"),
                number(timings, "firstDraw"), wallMs, stepMs, keyMs,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"),
                browser.driver.getCapabilities().getBrowserName() + " " + browser.driver.getCapabilities().getBrowserVersion());
        System.out.print(report);
        Files.writeString(Fixtures.target().resolve("viewer-load-time.txt"), report, StandardCharsets.UTF_8);

        assertTrue(loadMs < MAX_LOAD_MS, "loaded in " + loadMs + " ms");
        assertTrue(stepMs < 250, "a step takes " + stepMs + " ms");
    }

    private static double number(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }
}
