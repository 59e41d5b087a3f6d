package io.reactortrack.monout;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes {@code mon.out} lines: the one writer of the format, used by the
 * in-process {@code JsonMonitor} and by {@code jfr-to-json}, so that both
 * write the same bytes for the same events (docs/mon-out.md).
 *
 * <p>Each method appends one line, keys in the contract's order, ending in
 * {@code \n}, as UTF-8 into a buffer; {@link #takeLine()} or
 * {@link #drainTo(OutputStream)} take the buffer out. Not thread-safe: one
 * writer per thread of output.
 *
 * <p>Hand-written rather than a JSON library's generator: the lines are flat
 * objects of a fixed shape, the recorder must not bring a JSON library into
 * the application's class path, and the converter writes millions of lines.
 */
public final class MonOutWriter {

    /** No value for a {@code lifetime}: the writer does not know when the future was tracked. */
    public static final long UNKNOWN = -1;

    private static final byte[] NULL = bytesOf("null");
    private static final byte[] TRUE = bytesOf("true");
    private static final byte[] FALSE = bytesOf("false");
    private static final byte[][] ACTION_PREFIX = new byte[Action.values().length][];
    private static final byte[] HEX = bytesOf("0123456789abcdef");
    // Keys with their comma, quotes and colon, encoded once: most of a line's bytes.
    private static final byte[] K_NAME = keyBytes("name");
    private static final byte[] K_PARENT = keyBytes("parent");
    private static final byte[] K_VIA = keyBytes("via");
    private static final byte[] K_CALLBACK = keyBytes("callback");
    private static final byte[] K_ERRBACK = keyBytes("errback");
    private static final byte[] K_METHOD = keyBytes("method");
    private static final byte[] K_RESULT = keyBytes("result");
    private static final byte[] K_TARGET = keyBytes("target");
    private static final byte[] K_CALLBACK_PATH = keyBytes("callback?");
    private static final byte[] K_TIME = keyBytes("time");
    private static final byte[] K_THREAD = keyBytes("thread");
    private static final byte[] K_FAILED = keyBytes("failed");
    private static final byte[] K_ERROR = keyBytes("error");
    private static final byte[] K_SUCCESS = keyBytes("success");
    private static final byte[] K_CANCELLED = keyBytes("cancelled");
    private static final byte[] K_LIFETIME = keyBytes("lifetime");
    private static final byte[] K_REVISED = keyBytes("revised");
    private static final byte[] K_ORIGIN = keyBytes("origin");
    private static final byte[] K_AGE = keyBytes("age");
    private static final byte[] K_DEPENDENTS = keyBytes("dependents");
    private static final byte[] K_JVM = keyBytes("jvm");
    private static final byte[] K_TS = keyBytes("ts");

    static {
        for (Action a : Action.values()) {
            ACTION_PREFIX[a.ordinal()] = bytesOf("{\"action\":\"" + a.jsonName() + "\",\"deferred\":");
        }
    }

    private byte[] buf = new byte[4096];
    private int len;
    private int jvm;

    /**
     * Numbers the JVM run of the lines written from now on: the {@code jvm}
     * key, written when several recordings are converted at once; 0 (the
     * default) writes no {@code jvm} key.
     */
    public void jvm(int run) {
        this.jvm = run;
    }

    /** The JVM run the lines written now are numbered with; 0 for none. */
    public int jvmKey() {
        return jvm;
    }

    /** Bytes buffered and not yet taken. */
    public int size() {
        return len;
    }

    /** The lines buffered so far, without the last newline, as a string; empties the buffer. */
    public String takeLine() {
        int n = len > 0 && buf[len - 1] == '\n' ? len - 1 : len;
        String s = new String(buf, 0, n, StandardCharsets.UTF_8);
        len = 0;
        return s;
    }

    /** Writes what is buffered to {@code out} and empties the buffer. */
    public void drainTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
        len = 0;
    }

    public void tracked(long id, long ts, String name, long parent, String via) {
        start(Action.TRACKED, id, ts);
        bytes(K_NAME);
        string(name);
        bytes(K_PARENT);
        id(parent);
        bytes(K_VIA);
        string(via);
        end();
    }

    public void attached(long id, long ts, String callback, String errback, String method, long result) {
        start(Action.ATTACHED, id, ts);
        bytes(K_CALLBACK);
        string(callback);
        bytes(K_ERRBACK);
        string(errback);
        bytes(K_METHOD);
        string(method);
        bytes(K_RESULT);
        id(result);
        end();
    }

    public void chained(long id, long ts, long target) {
        start(Action.CHAINED, id, ts);
        bytes(K_TARGET);
        id(target);
        end();
    }

    /**
     * @param nanos how long the callback ran
     * @param error what it threw as {@code ClassName: message}, or null when it returned
     */
    public void executed(long id, long ts, String callback, boolean callbackPath, long nanos, String thread,
                         String error) {
        executed(id, ts, callback, callbackPath, nanos, thread, error, error != null);
    }

    /**
     * As above, for a writer that knows the callback threw without knowing
     * what: a recording can lose a string, never the flag.
     *
     * @param error what it threw, written only when {@code failed} (as null when unknown)
     */
    public void executed(long id, long ts, String callback, boolean callbackPath, long nanos, String thread,
                         String error, boolean failed) {
        start(Action.EXECUTED, id, ts);
        bytes(K_CALLBACK);
        string(callback);
        bytes(K_CALLBACK_PATH);
        bool(callbackPath);
        bytes(K_TIME);
        seconds(nanos);
        bytes(K_THREAD);
        string(thread);
        bytes(K_FAILED);
        bool(failed);
        if (failed) {
            bytes(K_ERROR);
            string(error);
        }
        end();
    }

    /**
     * @param error         the failure when not {@code success}
     * @param name          the future's name, written only when not null
     * @param callback      the callback whose exception failed the future, written only when not null
     * @param lifetimeNanos time from tracked to completed, written only when not {@link #UNKNOWN}
     * @param revised       whether this line replaces the previous {@code fired} line of the future,
     *                      written only when true
     */
    public void fired(long id, long ts, boolean success, boolean cancelled, String error, String name,
                      String callback, long lifetimeNanos, boolean revised) {
        start(Action.FIRED, id, ts);
        bytes(K_SUCCESS);
        bool(success);
        if (!success) {
            bytes(K_ERROR);
            string(error);
        }
        bytes(K_CANCELLED);
        bool(cancelled);
        if (name != null) {
            bytes(K_NAME);
            string(name);
        }
        if (callback != null) {
            bytes(K_CALLBACK);
            string(callback);
        }
        if (lifetimeNanos >= 0) {
            bytes(K_LIFETIME);
            seconds(lifetimeNanos);
        }
        if (revised) {
            bytes(K_REVISED);
            bool(true);
        }
        end();
    }

    public void unhandled(long id, long ts, String name, String error, String origin) {
        start(Action.UNHANDLED, id, ts);
        bytes(K_NAME);
        string(name);
        bytes(K_ERROR);
        string(error);
        bytes(K_ORIGIN);
        string(origin);
        end();
    }

    public void pending(long id, long ts, String name, long ageNanos, int dependents, String origin) {
        start(Action.PENDING, id, ts);
        bytes(K_NAME);
        string(name);
        bytes(K_AGE);
        seconds(ageNanos);
        bytes(K_DEPENDENTS);
        number(dependents);
        bytes(K_ORIGIN);
        string(origin);
        end();
    }

    // ------------------------------------------------------------------ bytes

    private void start(Action action, long id, long ts) {
        bytes(ACTION_PREFIX[action.ordinal()]);
        number(id);
        bytes(K_TS);
        number(ts);
    }

    private void end() {
        if (jvm != 0) {
            bytes(K_JVM);
            number(jvm);
        }
        room(2);
        buf[len++] = '}';
        buf[len++] = '\n';
    }

    private static byte[] keyBytes(String k) {
        return bytesOf(",\"" + k + "\":");
    }

    private void id(long id) {
        if (id == 0) {
            bytes(NULL);
        } else {
            number(id);
        }
    }

    private void bool(boolean b) {
        bytes(b ? TRUE : FALSE);
    }

    /**
     * Nanoseconds as seconds, in the notation of {@code Double.toString}
     * ({@code 0.0015}, {@code 2.0}, {@code 5.01493E-4}), written from the
     * exact decimal: the same text for every JDK (its conversion of doubles
     * changed in JDK 19), and no double conversion on the converter's hot
     * path. The exact decimal, trailing zeros dropped, is the shortest text
     * that reads back as the same double whenever it has at most 15 digits,
     * which any duration under 10^15 ns (eleven days) has; past that it is
     * still the exact value, in more digits than Double.toString would use.
     */
    private void seconds(long nanos) {
        if (nanos < 0) {
            room(1);
            buf[len++] = '-';
            if (nanos == Long.MIN_VALUE) {
                ascii("9.223372036854775808E9");
                return;
            }
            nanos = -nanos;
        }
        if (nanos == 0) {
            ascii("0.0");
            return;
        }
        if (nanos >= 1_000_000 && nanos < 10_000_000_000_000_000L) {
            // Plain notation, from 10^-3 seconds to under 10^7.
            number(nanos / 1_000_000_000L);
            int fraction = (int) (nanos % 1_000_000_000L);
            room(10);
            buf[len++] = '.';
            if (fraction == 0) {
                buf[len++] = '0';
                return;
            }
            int digits = 9;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            for (int i = digits - 1; i >= 0; i--) {
                buf[len + i] = (byte) ('0' + fraction % 10);
                fraction /= 10;
            }
            len += digits;
            return;
        }
        // Scientific notation: d.dddE-n.
        int digits = 1;
        for (long v = nanos; v >= 10; v /= 10) {
            digits++;
        }
        int exponent = digits - 1 - 9;
        long significand = nanos;
        int kept = digits;
        while (significand % 10 == 0) {
            significand /= 10;
            kept--;
        }
        room(kept + 24);
        int at = len;
        for (int i = kept - 1; i >= 0; i--) {
            // Digits right to left, leaving a place for the point after the first.
            buf[at + (i == 0 ? 0 : i + 1)] = (byte) ('0' + significand % 10);
            significand /= 10;
        }
        buf[at + 1] = '.';
        len = at + Math.max(kept + 1, 3);
        if (kept == 1) {
            buf[at + 2] = '0';
        }
        room(24);
        buf[len++] = 'E';
        number(exponent);
    }

    /** A whole number in decimal, without making a string of it. */
    private void number(long v) {
        room(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                ascii(Long.toString(v));
                return;
            }
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = digits - 1; i >= 0; i--) {
            buf[len + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += digits;
    }

    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the copy of printable ASCII
    private void string(String s) {
        if (s == null) {
            bytes(NULL);
            return;
        }
        int n0 = s.length();
        int plain = 0;
        while (plain < n0) {
            char c = s.charAt(plain);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                break;
            }
            plain++;
        }
        if (plain == n0) {
            // The usual case, printable ASCII: copied at once.
            room(n0 + 2);
            buf[len++] = '"';
            s.getBytes(0, n0, buf, len);
            len += n0;
            buf[len++] = '"';
            return;
        }
        // Worst case: every char a six-byte escape.
        room(s.length() * 6 + 2);
        byte[] b = buf;
        int n = len;
        b[n++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    b[n++] = '\\';
                }
                b[n++] = (byte) c;
            } else if (c < 0x20) {
                n = control(b, n, c);
            } else if (c < 0x800) {
                b[n++] = (byte) (0xc0 | c >> 6);
                b[n++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[n++] = (byte) (0xf0 | cp >> 18);
                b[n++] = (byte) (0x80 | cp >> 12 & 0x3f);
                b[n++] = (byte) (0x80 | cp >> 6 & 0x3f);
                b[n++] = (byte) (0x80 | cp & 0x3f);
            } else if (Character.isSurrogate(c)) {
                // A lone surrogate has no UTF-8 form: keep it as an escape, which is valid JSON.
                n = unicodeEscape(b, n, c);
            } else {
                b[n++] = (byte) (0xe0 | c >> 12);
                b[n++] = (byte) (0x80 | c >> 6 & 0x3f);
                b[n++] = (byte) (0x80 | c & 0x3f);
            }
        }
        b[n++] = '"';
        len = n;
    }

    private static int control(byte[] b, int n, char c) {
        char letter;
        switch (c) {
            case '\n':
                letter = 'n';
                break;
            case '\r':
                letter = 'r';
                break;
            case '\t':
                letter = 't';
                break;
            case '\b':
                letter = 'b';
                break;
            case '\f':
                letter = 'f';
                break;
            default:
                return unicodeEscape(b, n, c);
        }
        b[n++] = '\\';
        b[n++] = (byte) letter;
        return n;
    }

    private static int unicodeEscape(byte[] b, int n, char c) {
        b[n++] = '\\';
        b[n++] = 'u';
        b[n++] = HEX[c >> 12 & 0xf];
        b[n++] = HEX[c >> 8 & 0xf];
        b[n++] = HEX[c >> 4 & 0xf];
        b[n++] = HEX[c & 0xf];
        return n;
    }

    private void ascii(String s) {
        room(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void bytes(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    private static byte[] bytesOf(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
