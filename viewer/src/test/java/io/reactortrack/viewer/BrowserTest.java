package io.reactortrack.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.interactions.Actions;

/**
 * One browser for the tests of a class, skipped without Chromium (failing instead with
 * {@code reactortrack.requireBrowser}), and no errors in the page's log after each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
abstract class BrowserTest {

    Browser browser;

    @BeforeAll
    void startBrowser() throws IOException {
        browser = Browser.startIfInstalled();
    }

    @AfterAll
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void needsTheBrowser() {
        Browser.assumeInstalled(browser);
    }

    @AfterEach
    void thePageLoggedNoErrors() {
        if (browser != null) {
            assertEquals(List.of(), browser.errors(), "script errors, blocked content or failed loads");
        }
    }

    void keys(CharSequence... keys) {
        new Actions(browser.driver).sendKeys(keys).perform();
    }

    String text(String id) {
        return browser.driver.findElement(By.id(id)).getText();
    }

    /** Moves the pointer to (x, y) in CSS pixels of the element's own box and clicks there. */
    void clickAt(String id, double x, double y) {
        var element = browser.driver.findElement(By.id(id));
        Map<String, Object> box = browser.jsMap(
            "var b = arguments[0].getBoundingClientRect(); return {w: b.width, h: b.height};", element);
        new Actions(browser.driver)
            .moveToElement(element, (int) (x - number(box, "w") / 2), (int) (y - number(box, "h") / 2))
            .click().perform();
    }

    /** The colours of the canvas's pixels in a rectangle (CSS pixels), every `step` pixels, as hex. */
    @SuppressWarnings("unchecked")
    List<String> colours(String canvasId, Map<String, Object> rect, int step) {
        return (List<String>) browser.js(
            "var c = document.getElementById(arguments[0]); var d = window.devicePixelRatio || 1;"
                + "var r = arguments[1]; var out = {};"
                + "var img = c.getContext('2d').getImageData(Math.round(r.x * d), Math.round(r.y * d),"
                + "  Math.max(1, Math.round(r.w * d)), Math.max(1, Math.round(r.h * d)));"
                + "for (var y = 0; y < img.height; y += arguments[2]) for (var x = 0; x < img.width; x += arguments[2]) {"
                + "  var i = (y * img.width + x) * 4;"
                + "  out['#' + [0, 1, 2].map(function (k) { return ('0' + img.data[i + k].toString(16)).slice(-2); }).join('')] = 1; }"
                + "return Object.keys(out);",
            canvasId, rect, step);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> rect(Map<String, Object> tile) {
        return (Map<String, Object>) tile.get("rect");
    }

    static double number(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }
}
