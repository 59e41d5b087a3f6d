import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Calibration for bench/measure, not part of the tool: the JDK's streaming
 * RecordingFile and Jackson, writing one JSON object per Reactor Track event
 * with the fields mon.out needs, unsorted (sorting would need the whole file
 * in memory), in file order.
 * The reference figures include this approach.
 */
public final class RecordingFileBaseline {
    public static void main(String[] args) throws Exception {
        try (RecordingFile file = new RecordingFile(Path.of(args[0]));
                JsonGenerator g = new JsonFactory().createGenerator(
                        new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16))) {
            g.setRootValueSeparator(null);
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                if (!type.startsWith("reactortrack.")) {
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("action", type);
                java.time.Instant ts = type.endsWith("Executed") ? e.getEndTime() : e.getStartTime();
                g.writeNumberField("ts", ts.getEpochSecond() * 1_000_000L + ts.getNano() / 1000);
                for (var f : e.getFields()) {
                    String name = f.getName();
                    switch (name) {
                        case "startTime":
                        case "stackTrace":
                            continue;
                        case "duration":
                            g.writeNumberField("time", e.getDuration().toNanos() / 1e9);
                            continue;
                        case "eventThread":
                            g.writeStringField("thread", e.getThread() == null ? null : e.getThread().getJavaName());
                            continue;
                        default:
                            break;
                    }
                    Object v = e.getValue(name);
                    g.writeFieldName(name);
                    if (v instanceof Number) {
                        g.writeNumber(((Number) v).longValue());
                    } else if (v instanceof Boolean) {
                        g.writeBoolean((Boolean) v);
                    } else if (v == null) {
                        g.writeNull();
                    } else {
                        g.writeString(String.valueOf(v));
                    }
                }
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
    }
}
