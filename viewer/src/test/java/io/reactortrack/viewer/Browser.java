package io.reactortrack.viewer;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through Selenium, with Debian's {@code chromium} and
 * {@code chromium-driver} (nothing is downloaded: the driver path is given, so Selenium Manager
 * never runs).
 *
 * <p>When they are missing the browser tests are skipped, unless the system property
 * {@code reactortrack.requireBrowser} is {@code true} (CI sets it): then they fail. The paths can be
 * changed with {@code reactortrack.chromium} and {@code reactortrack.chromedriver}.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("reactortrack.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER =
            System.getProperty("reactortrack.chromedriver", "/usr/bin/chromedriver");

    /** Selenium warns that it has no DevTools bindings for this Chromium; none are used. */
    private static final Logger DEVTOOLS_LOG =
            Logger.getLogger("org.openqa.selenium.devtools");

    static {
        DEVTOOLS_LOG.setLevel(Level.SEVERE);
    }

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Why the browser tests cannot run here, or {@code null} when Chromium is installed. */
    static String missing() {
        boolean installed =
                Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        return installed
                ? null
                : "Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "): apt-get install chromium chromium-driver";
    }

    /**
     * Starts the browser; {@code null} when Chromium is not installed, so that each test can skip
     * itself with {@link #assumeInstalled(Browser)}. With {@code -Dreactortrack.requireBrowser=true}
     * a missing Chromium fails instead.
     */
    static Browser startIfInstalled() throws IOException {
        String missing = missing();
        if (missing != null) {
            if (Boolean.getBoolean("reactortrack.requireBrowser")) {
                fail(missing + "; reactortrack.requireBrowser=true, so the browser tests may not be skipped");
            }
            return null;
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        Path profile = Files.createTempDirectory("reactortrack-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--window-size=1440,900",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File(CHROMEDRIVER))
                        .usingAnyFreePort()
                        .build();
        try {
            Browser browser = new Browser(new ChromeDriver(service, options), profile);
            browser.viewport(1440, 900);
            return browser;
        } catch (RuntimeException e) {
            delete(profile);
            throw e;
        }
    }

    /** Skips the calling test when there is no browser. */
    static void assumeInstalled(Browser browser) {
        assumeTrue(browser != null, Browser::missing);
    }

    /** Sizes the window so that the page itself gets {@code width} x {@code height} CSS pixels. */
    void viewport(int width, int height) {
        java.util.List<?> chrome = (java.util.List<?>) js(
                "return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight]");
        int dx = ((Number) chrome.get(0)).intValue();
        int dy = ((Number) chrome.get(1)).intValue();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width + dx, height + dy));
        waitFor("return window.innerWidth === " + width + " && window.innerHeight === " + height);
    }

    /** Opens a viewer page and waits until its script has drawn the first frame. */
    void open(Path html) {
        driver.get(html.toUri().toString());
        waitFor("return !!(window.reactorTrack && window.reactorTrack.ready)", Duration.ofSeconds(60));
        // The squaremap is laid out for the size its box has now (a resize re-lays it out a frame later).
        waitFor("var b = document.getElementById('map-box').getBoundingClientRect();"
                + " return document.getElementById('map').getAttribute('data-size')"
                + " === Math.max(10, Math.floor(b.width)) + 'x' + Math.max(10, Math.floor(b.height))");
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> jsMap(String script, Object... args) {
        return (java.util.Map<String, Object>) js(script, args);
    }

    void waitFor(String condition, Duration timeout) {
        new WebDriverWait(driver, timeout)
                .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(condition)));
    }

    void waitFor(String condition) {
        waitFor(condition, Duration.ofSeconds(10));
    }

    /** Errors the page logged since the last call: script errors, blocked content, failed loads. */
    List<String> errors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::toString)
                .toList();
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            delete(profile);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
