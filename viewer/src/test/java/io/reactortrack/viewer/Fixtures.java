package io.reactortrack.viewer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The test recordings, and the viewer and trace made from them. */
final class Fixtures {

    private Fixtures() {}

    /**
     * The example of the original tool, in Java: {@code d} (#1) → thenApply simpleCallback (#2) →
     * thenApply followup (#3) → thenApply problem, which throws (#4) → exceptionally simpleErrback
     * (#5), chained into {@code d2} (#6) with {@code d2.thenApply(simpleCallback)} (#7), and
     * thenAccept finished (#8).
     */
    static String example() {
        return resource("example-mon.out");
    }

    /** Lines whose recorded strings try to break out of the page. */
    static String hostile() {
        return String.join("\n",
                "{\"action\":\"tracked\",\"deferred\":1,\"ts\":1000000,\"name\":\"</script><!-- \u2028 \u2029\",\"parent\":null,\"via\":\"track\"}",
                "{\"action\":\"attached\",\"deferred\":1,\"ts\":1000001,\"callback\":\"<script>alert(1)</script>\",\"errback\":null,\"method\":\"thenApply\",\"result\":2}",
                "{\"action\":\"tracked\",\"deferred\":2,\"ts\":1000002,\"name\":null,\"parent\":1,\"via\":\"derived\"}",
                "{\"action\":\"fired\",\"deferred\":1,\"ts\":1000100,\"success\":true,\"cancelled\":false}",
                "{\"action\":\"executed\",\"deferred\":1,\"ts\":1000200,\"callback\":\"<script>alert(1)</script>\",\"callback?\":true,\"time\":0.0001,\"thread\":\"<img src=x onerror=\\\"window.__pwned=true\\\">\",\"failed\":true,\"error\":\"java.lang.IllegalStateException: </script><script>window.__pwned=true</script>\"}",
                "{\"action\":\"fired\",\"deferred\":2,\"ts\":1000201,\"success\":false,\"error\":\"java.lang.IllegalStateException: </script><script>window.__pwned=true</script>\",\"cancelled\":false}",
                "{\"action\":\"unhandled\",\"deferred\":2,\"ts\":1000300,\"error\":\"<b onmouseover=alert(2)>bold</b>\",\"stack\":\"at <script>x()</script>\"}",
                "");
    }

    static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String html(String monOut) throws IOException {
        StringWriter out = new StringWriter();
        HtmlViewer.write(new BufferedReader(new StringReader(monOut)), out);
        return out.toString();
    }

    static String chrome(String monOut) throws IOException {
        StringWriter out = new StringWriter();
        ChromeTrace.write(new BufferedReader(new StringReader(monOut)), out);
        return out.toString();
    }

    static Path htmlFile(String monOut, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, html(monOut), StandardCharsets.UTF_8);
        return file;
    }

    static Path htmlFile(Path monOut, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (BufferedReader in = Files.newBufferedReader(monOut, StandardCharsets.UTF_8);
                Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            HtmlViewer.write(in, out);
        }
        return file;
    }

    /** {@code target/} of this module, where test output goes. */
    static Path target() {
        return Path.of(System.getProperty("reactortrack.target", "target")).toAbsolutePath();
    }
}
