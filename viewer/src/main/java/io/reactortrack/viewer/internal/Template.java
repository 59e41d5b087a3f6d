package io.reactortrack.viewer.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The viewer page: {@code viewer.html} with {@code viewer.css} and {@code viewer.js} inlined.
 *
 * <p>The page is split at the data placeholder so that the writer can stream the recording between
 * the two halves without holding it in memory.
 */
public final class Template {

    private static final String BASE = "/io/reactortrack/viewer/";
    private static final String CSS_MARK = "/*@CSS@*/";
    private static final String JS_MARK = "/*@JS@*/";
    private static final String SCRIPT_HASH_MARK = "@SCRIPT_HASH@";
    private static final String STYLE_HASH_MARK = "@STYLE_HASH@";
    private static final String DATA_MARK = "@DATA@";

    private static volatile Template instance;

    private final String beforeData;
    private final String afterData;

    private Template(String beforeData, String afterData) {
        this.beforeData = beforeData;
        this.afterData = afterData;
    }

    public static Template get() {
        Template t = instance;
        if (t == null) {
            t = load();
            instance = t;
        }
        return t;
    }

    public String beforeData() {
        return beforeData;
    }

    public String afterData() {
        return afterData;
    }

    private static Template load() {
        String html = resource("viewer.html");
        String css = resource("viewer.css");
        String js = resource("viewer.js");
        requireNoClosingTag(css, "style", "viewer.css");
        requireNoClosingTag(js, "script", "viewer.js");
        // Only the viewer's own script and styles apply: the policy names them by hash, so even
        // markup that somehow got into the page could not run, and nothing may be loaded from anywhere.
        html = replaceOnce(html, SCRIPT_HASH_MARK, "sha256-" + sha256Base64(js));
        html = replaceOnce(html, STYLE_HASH_MARK, "sha256-" + sha256Base64(css));
        html = replaceOnce(html, CSS_MARK, css);
        html = replaceOnce(html, JS_MARK, js);
        int at = html.indexOf(DATA_MARK);
        if (at < 0 || html.indexOf(DATA_MARK, at + 1) >= 0) {
            throw new IllegalStateException("viewer.html must contain " + DATA_MARK + " exactly once");
        }
        return new Template(html.substring(0, at), html.substring(at + DATA_MARK.length()));
    }

    private static void requireNoClosingTag(String text, String tag, String name) {
        if (text.toLowerCase(Locale.ROOT).contains("</" + tag)) {
            throw new IllegalStateException(name + " must not contain </" + tag);
        }
    }

    private static String replaceOnce(String text, String mark, String replacement) {
        int at = text.indexOf(mark);
        if (at < 0) {
            throw new IllegalStateException("viewer.html lacks " + mark);
        }
        return text.substring(0, at) + replacement + text.substring(at + mark.length());
    }

    private static String resource(String name) {
        try (InputStream in = Template.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + BASE + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256Base64(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return Base64.getEncoder().encodeToString(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
