package io.reactortrack.monout;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * Reads {@code mon.out} strictly by its contract (docs/mon-out.md): the one
 * reader of the format, for every consumer.
 *
 * <p>A line is good when it is one JSON object in UTF-8 with {@code action}
 * (a string), {@code deferred} (an integer of at least 0) and {@code ts} (an
 * integer), and, for an action of the contract, that action's keys with their
 * types. Keys whose value may be null may also be missing; keys and actions
 * this reader does not know are ignored, as the contract asks. A bad line
 * (not JSON, a key of the wrong type, a required key missing, cut short by a
 * killed writer) is skipped and reported to the {@link Problems} with its
 * line number; the problems may throw to make it an error. But when the first
 * line that is not blank is bad, the input is not mon.out at all:
 * {@link MonOutFormatException}.
 *
 * <p>Memory is bounded by the longest line, and a line longer than
 * {@link #MAX_LINE_BYTES} is a bad line, skipped without being held.
 *
 * <p>Parses with Jackson's streaming parser, which the module declares
 * optional: an application that only writes mon.out never loads this class.
 */
public final class MonOutReader implements Closeable {

    /** Lines longer than this are bad lines. */
    public static final int MAX_LINE_BYTES = 16 << 20;

    /** Where bad lines are reported; may throw to stop the reading. */
    @FunctionalInterface
    public interface Problems {
        void badLine(long lineNumber, String problem) throws IOException;
    }

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_LINE_BYTES).build())
            .build();

    private final InputStream in;
    private final Problems problems;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;

    private int lineStart;
    private int lineEnd;
    private long lineNumber;
    private boolean sawLine;
    private long lines;
    private long badLines;
    private long unknownActions;

    private final LineFields f = new LineFields();

    /** A reader that counts bad lines without telling anyone about them. */
    public MonOutReader(InputStream in) {
        this(in, (line, problem) -> { });
    }

    public MonOutReader(InputStream in, Problems problems) {
        this.in = in;
        this.problems = problems;
    }

    /**
     * The next good line of an action of the contract, or null at the end of
     * the input. Lines of actions this reader does not know are skipped.
     *
     * @throws MonOutFormatException when the first line that is not blank is bad
     */
    public MonOutLine next() throws IOException {
        MonOutLine l;
        while ((l = nextAny()) != null && l.action() == null) {
            // an action of a later version of the format: ignored
        }
        return l;
    }

    /**
     * As {@link #next()}, but also returns the lines of actions this reader
     * does not know, with a null {@link MonOutLine#action()}, for consumers
     * that pass them on.
     */
    public MonOutLine nextAny() throws IOException {
        while (readLine()) {
            if (blank()) {
                continue;
            }
            String problem = parse();
            boolean first = !sawLine;
            sawLine = true;
            if (problem == null) {
                lines++;
                MonOutLine l = f.line();
                if (l.action() == null) {
                    unknownActions++;
                }
                return l;
            }
            badLines++;
            if (first) {
                throw new MonOutFormatException(lineNumber, problem);
            }
            problems.badLine(lineNumber, problem);
        }
        return null;
    }

    /** The text of the line last returned, as it was in the input. */
    public String text() {
        return new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
    }

    /** The 1-based number of the line last read, blank and bad lines included. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Good lines returned so far, unknown actions included. */
    public long lines() {
        return lines;
    }

    /** Bad lines skipped so far. */
    public long badLines() {
        return badLines;
    }

    /** Good lines of actions this reader does not know, so far. */
    public long unknownActions() {
        return unknownActions;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    // ------------------------------------------------------------------ lines

    /** Moves to the next line: [lineStart, lineEnd) in buf; false at the end. */
    private boolean readLine() throws IOException {
        while (true) {
            int nl = indexOfNewline(pos, limit);
            if (nl >= 0) {
                setLine(pos, nl);
                pos = nl + 1;
                return true;
            }
            if (eof) {
                if (pos < limit) {
                    setLine(pos, limit);
                    pos = limit;
                    return true;
                }
                return false;
            }
            if (limit - pos >= MAX_LINE_BYTES) {
                skipLongLine();
                continue;
            }
            fill();
        }
    }

    private void setLine(int start, int end) {
        lineNumber++;
        lineStart = start;
        lineEnd = end;
        if (lineNumber == 1 && end - start >= 3 && buf[start] == (byte) 0xEF && buf[start + 1] == (byte) 0xBB
                && buf[start + 2] == (byte) 0xBF) {
            lineStart += 3; // a byte order mark some editors add
        }
    }

    /** Reads more input after what is buffered, moving the unread part to the front. */
    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, Math.min(MAX_LINE_BYTES + 1, buf.length * 2));
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    /** A line past the limit: counted and reported without keeping it. */
    private void skipLongLine() throws IOException {
        long number = lineNumber + 1;
        while (true) {
            int nl = indexOfNewline(pos, limit);
            if (nl >= 0) {
                pos = nl + 1;
                break;
            }
            pos = limit;
            fill();
            if (eof && pos >= limit) {
                break;
            }
        }
        lineNumber = number;
        boolean first = !sawLine;
        sawLine = true;
        badLines++;
        String problem = "longer than " + (MAX_LINE_BYTES >> 20) + " MB";
        if (first) {
            throw new MonOutFormatException(number, problem);
        }
        problems.badLine(number, problem);
    }

    private int indexOfNewline(int from, int to) {
        byte[] b = buf;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private boolean blank() {
        for (int i = lineStart; i < lineEnd; i++) {
            byte c = buf[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ parsing

    /** Parses the current line into {@link #f}; returns what is wrong with it, or null. */
    private String parse() throws IOException {
        f.clear();
        boolean cut = eof && pos >= limit && lineEnd == limit;
        try (JsonParser p = JSON.createParser(buf, lineStart, lineEnd - lineStart)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "not a JSON object";
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                if (!f.read(key, p)) {
                    p.skipChildren(); // a key this reader does not know
                }
            }
            if (t != JsonToken.END_OBJECT) {
                return "not a JSON object";
            }
            if (p.nextToken() != null) {
                return "more than one JSON value";
            }
        } catch (JsonProcessingException e) {
            if (cut) {
                return "cut short (the file ends in the middle of it)";
            }
            return "not valid JSON (" + shortMessage(e) + ")";
        }
        return f.check();
    }

    private static String shortMessage(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            return "unreadable";
        }
        int nl = m.indexOf('\n');
        m = nl >= 0 ? m.substring(0, nl) : m;
        m = m.length() > 100 ? m.substring(0, 100) + "..." : m;
        return Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }
}
