package io.reactortrack.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.reactortrack.viewer.internal.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.interactions.Actions;

/**
 * The picture in docs/viewer.md and the README, made by the build from the current page and a run
 * of the current example ({@link io.reactortrack.example.Example}).
 *
 * <p>The PNG carries, in a text chunk, a hash of what it was made from: the page (its HTML, styles
 * and bundled script), the example's mon.out without what a run measures (times, timestamps,
 * lifetimes), and this scenario. When the hash differs from the current
 * one, the test writes a new docs/viewer.png, to be committed with the change that made it; on CI
 * ({@code CI=true}, or {@code -Dreactortrack.requireFreshScreenshot=true}) it fails instead, so a
 * stale picture cannot land. An unchanged page leaves the file alone, whatever the pixels.
 */
class ViewerScreenshotTest extends BrowserTest {

    static final String KEY = "reactortrack-viewer-source";
    /** Change when the scenario below changes what the picture shows. */
    private static final String SCENARIO = "example, line 23, the callback that threw selected, 1440x900";
    private static final String PROBLEM = io.reactortrack.example.Example.class.getName() + "::problem";
    /** What a run measures rather than what the example does; left out of the hash. */
    private static final Pattern MEASURED = Pattern.compile("\"(ts|time|lifetime|age)\":[-0-9.Ee]+");

    @Test
    void the_screenshot_in_the_docs_shows_the_current_viewer() throws IOException {
        String monOut = currentExample();
        Path html = Fixtures.htmlFile(monOut, Fixtures.target().resolve("viewer-test/screenshot.html"));
        browser.open(html);
        keys(Keys.HOME);
        keys("n".repeat(23));
        long problem = (Long) browser.js(
            "var name = arguments[0]; return reactorTrack.tiles().filter(function (t) { return t.name === name; })[0].id",
            PROBLEM);
        Map<String, Object> r = rect(browser.jsMap("var id = arguments[0]; return reactorTrack.tiles().filter("
            + "function (t) { return t.kind === 'callback' && t.id === id; })[0]", problem));
        clickAt("map", number(r, "x") + number(r, "w") - 8, number(r, "y") + number(r, "h") - 5);
        browser.waitFor("return document.getElementById('details').getAttribute('data-callback') === '" + problem + "'");
        browser.js("document.activeElement && document.activeElement.blur()");
        new Actions(browser.driver).moveToElement(browser.driver.findElement(By.className("brand"))).perform();
        browser.waitFor("return document.getElementById('tooltip').hidden");
        assertEquals(List.of(1440L, 900L), browser.js("return [window.innerWidth, window.innerHeight]"));

        String source = sourceHash(monOut);
        byte[] png = PngStamp.stamp(browser.driver.getScreenshotAs(OutputType.BYTES), KEY, source);
        assertTrue(png.length > 10_000, "a real picture");
        Files.write(Fixtures.target().resolve("viewer.png"), png);

        Path docs = docsPicture();
        String committed = PngStamp.read(docs, KEY);
        if (source.equals(committed)) {
            return;
        }
        if (requireFresh()) {
            fail(docs + " was made from another version of the viewer (" + committed + ", now " + source
                + "): run mvn -B -pl viewer -am verify where Chromium is installed, and commit the new picture");
        }
        Files.write(docs, png);
        System.out.println("viewer screenshot: wrote " + docs + " (commit it)");
    }

    /** docs/viewer.png of this repository (the module's parent directory). */
    static Path docsPicture() {
        return Fixtures.target().getParent().resolveSibling("docs").resolve("viewer.png");
    }

    private static boolean requireFresh() {
        String property = System.getProperty("reactortrack.requireFreshScreenshot");
        return property != null ? Boolean.parseBoolean(property) : "true".equals(System.getenv("CI"));
    }

    /** The mon.out of one run of the example, as {@code ./run-example} writes it. */
    private static String currentExample() throws IOException {
        Path file = Fixtures.target().resolve("viewer-test/example-run.mon.out");
        Files.createDirectories(file.getParent());
        io.reactortrack.example.Example.main(new String[] {file.toString()});
        return Files.readString(file);
    }

    /** What the picture shows depends on: the page, what the example did, the scenario. */
    static String sourceHash(String monOut) {
        Template page = Template.get();
        String shape = MEASURED.matcher(monOut).replaceAll("\"$1\":0");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(page.beforeData(), page.afterData(), shape, SCENARIO)) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
