package io.reactortrack.viewer.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.reactortrack.monout.MonOutLine;

/**
 * Reads {@code mon.out} one line at a time, through the format's strict reader
 * ({@link io.reactortrack.monout.MonOutReader}), so the viewer accepts exactly
 * what every other consumer accepts.
 *
 * <p>Blank lines are skipped. A bad line (not JSON, a key of the wrong type, a
 * required key missing, the last line of a file whose writer was killed
 * mid-line) is counted in {@link #skipped()} and skipped, so one bad line does
 * not hide a whole run; the viewer shows the count. An input whose first line
 * is bad is not mon.out: {@link io.reactortrack.monout.MonOutFormatException}.
 * Lines of actions the reader does not know are passed on, with all their
 * keys: the page lists them.
 */
public final class MonOutReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final io.reactortrack.monout.MonOutReader lines;
    private long skipped;
    private long firstSkippedLine;

    public MonOutReader(BufferedReader in) {
        this.lines = new io.reactortrack.monout.MonOutReader(utf8(in), (line, problem) -> {
            if (skipped++ == 0) {
                firstSkippedLine = line;
            }
        });
    }

    /** The next line as a JSON object, or {@code null} at the end of the input. */
    public ObjectNode next() throws IOException {
        MonOutLine line = lines.nextAny();
        if (line == null) {
            return null;
        }
        JsonNode node = MAPPER.readTree(lines.text());
        return (ObjectNode) node;
    }

    /**
     * The next line as a buffer of JSON tokens, or {@code null} at the end of
     * the input. Cheaper than {@link #next()} when the line is only copied.
     */
    public TokenBuffer nextTokens() throws IOException {
        MonOutLine line = lines.nextAny();
        if (line == null) {
            return null;
        }
        try (JsonParser parser = MAPPER.getFactory().createParser(lines.text())) {
            parser.nextToken();
            TokenBuffer tokens = new TokenBuffer(parser);
            tokens.copyCurrentStructure(parser);
            return tokens;
        }
    }

    /** How many non-blank lines were not mon.out lines. */
    public long skipped() {
        return skipped;
    }

    /** The 1-based number of the first skipped line, or 0. */
    public long firstSkippedLine() {
        return firstSkippedLine;
    }

    /** How many lines were read so far, blank and skipped ones included. */
    public long lineNumber() {
        return lines.lineNumber();
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The characters of {@code in} as UTF-8, a line at a time: what the strict reader reads. */
    private static InputStream utf8(BufferedReader in) {
        return new InputStream() {
            private byte[] line = new byte[0];
            private int pos;
            private boolean eof;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (pos == line.length) {
                    String next = eof ? null : in.readLine();
                    if (next == null) {
                        eof = true;
                        return -1;
                    }
                    line = (next + "\n").getBytes(StandardCharsets.UTF_8);
                    pos = 0;
                }
                int n = Math.min(len, line.length - pos);
                System.arraycopy(line, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }
}
