package io.reactortrack.jfrtojson.internal;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An output file that appears complete or not at all: written to a temporary
 * file next to it, renamed over it on success, deleted on failure.
 */
final class AtomicOutput implements Closeable {

    private final Path target;
    private final String name;
    /** Null when writing straight to the target (a device or a pipe). */
    private final Path temp;
    private final OutputStream stream;
    private boolean committed;

    private AtomicOutput(Path target, String name, Path temp, OutputStream stream) {
        this.target = target;
        this.name = name;
        this.temp = temp;
        this.stream = stream;
    }

    static AtomicOutput open(String name) throws UserException {
        Path target = Path.of(name).toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new UserException(ExitCodes.OUTPUT, name + ": is a directory; give a file name to write to");
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            // /dev/null, a named pipe: nothing to make atomic, and renaming a
            // file over a device node would replace the device.
            try {
                OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE);
                return new AtomicOutput(target, name, null, new BufferedOutputStream(out, 1 << 16));
            } catch (IOException e) {
                throw new UserException(ExitCodes.OUTPUT, name + ": cannot write (" + Inputs.reason(e) + ")");
            }
        }
        Path dir = target.getParent();
        if (dir == null || !Files.exists(dir)) {
            throw new UserException(ExitCodes.OUTPUT, name + ": cannot write: directory " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new UserException(ExitCodes.OUTPUT, name + ": cannot write: " + dir + " is not a directory");
        }
        for (int attempt = 0; ; attempt++) {
            // Not Files.createTempFile: its files are private (0600), and the
            // renamed output should get the permissions any new file gets.
            Path temp = dir.resolve("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16) + ".tmp");
            try {
                OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new AtomicOutput(target, name, temp, new BufferedOutputStream(out, 1 << 16));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw new UserException(ExitCodes.OUTPUT, name + ": cannot create a temporary file next to it");
                }
            } catch (IOException e) {
                throw new UserException(ExitCodes.OUTPUT, name + ": cannot write (" + Inputs.reason(e) + ")");
            }
        }
    }

    OutputStream stream() {
        return stream;
    }

    String name() {
        return name;
    }

    /** Makes the output visible under its name. */
    void commit() throws UserException {
        try {
            stream.close();
            if (temp == null) {
                committed = true;
                return;
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        } catch (IOException e) {
            throw new UserException(ExitCodes.OUTPUT, name + ": cannot write (" + Inputs.reason(e) + ")");
        }
    }

    /** Without a commit: removes every trace of the output. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            stream.close();
        } catch (IOException e) {
            // being discarded anyway
        }
        try {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // nothing more to do; the name of a hidden .tmp file is all that is left
        }
    }
}
