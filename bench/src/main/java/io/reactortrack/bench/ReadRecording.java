package io.reactortrack.bench;

import java.nio.file.Path;

import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * The floor for a converter: the JDK's own {@link RecordingFile} read loop over
 * a recording, reading every field of every Reactor Track event (not the stack
 * traces), writing nothing.
 *
 * <pre>java -cp benchmarks.jar io.reactortrack.bench.ReadRecording IN.jfr</pre>
 *
 * Prints one line: {@code events=N seconds=S lost_bytes=L}: the Reactor Track
 * events read, and what Flight Recorder said it dropped ({@code jdk.DataLoss}).
 */
public final class ReadRecording {

    private ReadRecording() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ReadRecording IN.jfr");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        long events = 0;
        long checksum = 0;
        long lostBytes = 0;
        try (RecordingFile in = new RecordingFile(Path.of(args[0]))) {
            while (in.hasMoreEvents()) {
                RecordedEvent e = in.readEvent();
                String type = e.getEventType().getName();
                if ("jdk.DataLoss".equals(type)) {
                    lostBytes += e.getLong("amount");
                    continue;
                }
                if (!type.startsWith("reactortrack.")) {
                    continue;
                }
                events++;
                checksum += e.getStartTime().getNano();
                for (ValueDescriptor field : e.getFields()) {
                    if ("stackTrace".equals(field.getName())) {
                        continue;
                    }
                    Object v = e.getValue(field.getName());
                    checksum += v == null ? 0 : v.hashCode();
                }
            }
        }
        System.out.printf("events=%d seconds=%.2f lost_bytes=%d checksum=%d%n", events,
                (System.nanoTime() - t0) / 1e9, lostBytes, checksum & 0xff);
    }
}
