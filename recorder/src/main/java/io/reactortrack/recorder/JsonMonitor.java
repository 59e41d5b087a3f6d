package io.reactortrack.recorder;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;


/**
 * A monitor that keeps every event as a {@code mon.out} line in memory, like the
 * original {@code JSONMonitor}, and emits the same JFR events as
 * {@link JfrMonitor} when a recording wants them.
 *
 * <p>It records whether or not a recording runs, and the buffer grows with
 * every event: use it for examples, tests and short investigations, not for
 * a service that runs for days.
 */
public final class JsonMonitor extends AbstractMonitor {

    private static final AtomicLong TMP_COUNTER = new AtomicLong();

    /**
     * @param trackChained whether futures chained to a tracked one are tracked
     *                     too (see {@link Monitor#trackChained()})
     */
    public JsonMonitor(boolean trackChained) {
        super(trackChained, true);
    }

    /**
     * The {@code mon.out} lines recorded so far, oldest first, as an immutable
     * snapshot. Lines from different threads are in the order they were
     * appended.
     */
    public List<String> buffer() {
        return recorder.lines();
    }

    /**
     * Writes the buffer to {@code file}, one line each, UTF-8. The file is
     * written completely or not at all: the lines go to a temporary file beside
     * it, which then replaces {@code file}.
     */
    public void writeTo(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        // Not Files.createTempFile: that makes the file readable by its owner only (0600 on
        // POSIX), and mon.out is for people and tools to read. This one gets the umask's mode.
        Path tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + TMP_COUNTER.incrementAndGet() + ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                for (String line : recorder.lines()) {
                    w.write(line);
                    w.write('\n');
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public String toString() {
        return "JsonMonitor{trackChained=" + trackChained() + '}';
    }
}
