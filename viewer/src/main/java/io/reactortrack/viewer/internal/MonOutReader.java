package io.reactortrack.viewer.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads {@code mon.out} one line at a time.
 *
 * <p>Blank lines are skipped. A line that is not a JSON object (for example the last line of a
 * file whose writer was killed mid-line) is counted in {@link #skipped()} and skipped, so one bad
 * line does not hide a whole run; the viewer shows the count.
 */
public final class MonOutReader {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final BufferedReader in;
  private long lineNumber;
  private long skipped;
  private long firstSkippedLine;

  public MonOutReader(BufferedReader in) {
    this.in = in;
  }

  /** The next line as a JSON object, or {@code null} at the end of the input. */
  public ObjectNode next() throws IOException {
    String line;
    while ((line = in.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode node = MAPPER.readTree(line);
        if (node instanceof ObjectNode) {
          return (ObjectNode) node;
        }
      } catch (JsonProcessingException e) {
        // counted below
      }
      if (skipped++ == 0) {
        firstSkippedLine = lineNumber;
      }
    }
    return null;
  }

  /**
   * The next line as a buffer of JSON tokens, checked to be exactly one JSON object, or
   * {@code null} at the end of the input. Cheaper than {@link #next()} when the line is only copied.
   */
  public TokenBuffer nextTokens() throws IOException {
    String line;
    while ((line = in.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      try (JsonParser parser = MAPPER.getFactory().createParser(line)) {
        if (parser.nextToken() == JsonToken.START_OBJECT) {
          TokenBuffer tokens = new TokenBuffer(parser);
          tokens.copyCurrentStructure(parser);
          if (parser.nextToken() == null) {
            return tokens;
          }
        }
      } catch (JsonProcessingException e) {
        // counted below
      }
      if (skipped++ == 0) {
        firstSkippedLine = lineNumber;
      }
    }
    return null;
  }

  /** How many non-blank lines were not JSON objects. */
  public long skipped() {
    return skipped;
  }

  /** The 1-based number of the first skipped line, or 0. */
  public long firstSkippedLine() {
    return firstSkippedLine;
  }

  /** How many lines were read so far, blank and skipped ones included. */
  public long lineNumber() {
    return lineNumber;
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
