package io.reactortrack.jfrtojson.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns the command's positional arguments into recordings, and refuses the
 * ones that cannot be converted before a single byte of output is written.
 */
final class Inputs {

    static final String STDIN = "-";

    private Inputs() {
    }

    /**
     * @param spooled collects temporary files the caller must delete
     */
    static List<RecordingSource> resolve(List<String> args, InputStream stdin, List<Path> spooled)
            throws UserException {
        if (args.stream().filter(STDIN::equals).count() > 1) {
            throw new UserException(ExitCodes.USAGE, "stdin ('-') can be read only once");
        }
        List<RecordingSource> sources = new ArrayList<>();
        for (String arg : args) {
            if (STDIN.equals(arg)) {
                Path file = spool(stdin, "stdin", spooled);
                checkRecordingFile(file, "stdin");
                sources.add(new RecordingSource("stdin", List.of(file), false, sources.size()));
                continue;
            }
            Path path = Path.of(arg);
            if (!Files.exists(path)) {
                throw new UserException(ExitCodes.INPUT_MISSING, arg + ": no such file or directory");
            }
            if (Files.isDirectory(path)) {
                addDirectory(arg, path, sources);
            } else if (Files.isRegularFile(path)) {
                checkRecordingFile(path, arg);
                sources.add(new RecordingSource(arg, List.of(path), false, sources.size()));
            } else {
                // A pipe or a device (/dev/stdin, <(cat x.jfr)): read it once, like stdin.
                Path file = spool(open(path, arg), arg, spooled);
                checkRecordingFile(file, arg);
                sources.add(new RecordingSource(arg, List.of(file), false, sources.size()));
            }
        }
        return sources;
    }

    private static void addDirectory(String arg, Path dir, List<RecordingSource> sources) throws UserException {
        List<Path> chunks = chunkFiles(dir, arg);
        if (!chunks.isEmpty()) {
            sources.add(new RecordingSource(arg, chunks, true, sources.size()));
            return;
        }
        // The root of a repository (-XX:FlightRecorderOptions:repository=...)
        // holds one directory per JVM run: each is a recording of its own.
        List<Path> runs;
        try (Stream<Path> list = Files.list(dir)) {
            runs = list.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UserException(ExitCodes.INPUT_MISSING, arg + ": cannot list the directory (" + reason(e) + ")");
        }
        boolean found = false;
        for (Path run : runs) {
            List<Path> runChunks = chunkFiles(run, run.toString());
            if (!runChunks.isEmpty()) {
                sources.add(new RecordingSource(run.toString(), runChunks, true, sources.size()));
                found = true;
            }
        }
        if (!found) {
            throw new UserException(ExitCodes.INPUT_MISSING,
                    arg + ": no recordings in this directory (no .jfr files in it or in its subdirectories)");
        }
    }

    /** The .jfr files of a directory, oldest chunk first. */
    private static List<Path> chunkFiles(Path dir, String name) throws UserException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".jfr") && Files.isRegularFile(p))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UserException(ExitCodes.INPUT_MISSING, name + ": cannot list the directory (" + reason(e) + ")");
        }
        // The repository names chunks by the second they started; the header
        // knows better, and knows the order of two chunks of the same second.
        record Entry(Path path, long start) {
        }
        List<Entry> entries = new ArrayList<>();
        for (Path f : files) {
            entries.add(new Entry(f, startOf(f)));
        }
        return entries.stream()
                .sorted(Comparator.comparingLong(Entry::start).thenComparing(e -> e.path().getFileName().toString()))
                .map(Entry::path)
                .collect(Collectors.toList());
    }

    /** Start time of a chunk file's first chunk; chunks still being written sort last. */
    private static long startOf(Path file) throws UserException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            checkChunkSizes(ch, ch.size(), file.toString());
            byte[] b = new byte[ChunkHeader.SIZE];
            if (readAt(ch, 0, b) == b.length && ChunkHeader.hasMagic(b, 0, b.length)) {
                ChunkHeader h = ChunkHeader.read(b, 0);
                if (h.chunkSize >= ChunkHeader.SIZE) {
                    return h.startNanos;
                }
            }
        } catch (IOException e) {
            // reported when the file is read
        }
        return Long.MAX_VALUE;
    }

    private static void checkRecordingFile(Path file, String name) throws UserException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                throw new UserException(ExitCodes.NOT_A_RECORDING, name + ": empty file, not a JFR recording");
            }
            byte[] b = new byte[8];
            int n = readAt(ch, 0, b);
            if (!ChunkHeader.hasMagic(b, 0, n)) {
                throw new UserException(ExitCodes.NOT_A_RECORDING,
                        name + ": not a JFR recording (it does not start with the bytes FLR\\0)");
            }
            if (n == b.length) {
                String version = versionProblem(Bytes.u16(b, 4), Bytes.u16(b, 6));
                if (version != null) {
                    throw new UserException(ExitCodes.NOT_A_RECORDING, name + ": " + version);
                }
            }
            checkChunkSizes(ch, size, name);
        } catch (NoSuchFileException e) {
            throw new UserException(ExitCodes.INPUT_MISSING, name + ": no such file or directory");
        } catch (IOException e) {
            throw new UserException(ExitCodes.INPUT_MISSING, name + ": cannot read (" + reason(e) + ")");
        }
    }

    /**
     * Refuses a chunk too big for the heap now rather than when it is
     * reached, maybe after lines have gone to stdout. Walks the chunk headers
     * only, and stops at the first one that does not add up: damage is for
     * the reader to report.
     */
    private static void checkChunkSizes(FileChannel ch, long size, String name) throws IOException, UserException {
        byte[] h = new byte[ChunkHeader.SIZE];
        long limit = RecordingReader.maxChunkBytes();
        int number = 0;
        for (long pos = 0; pos < size; ) {
            if (readAt(ch, pos, h) < h.length || !ChunkHeader.hasMagic(h, 0, h.length)) {
                return;
            }
            ChunkHeader c = ChunkHeader.read(h, 0);
            number++;
            if (!c.supportedVersion() || c.chunkSize < ChunkHeader.SIZE || c.chunkSize > size - pos) {
                return;
            }
            if (c.chunkSize > limit) {
                throw new UserException(ExitCodes.NOT_A_RECORDING, RecordingReader.tooBig(name, number, pos,
                        c.chunkSize));
            }
            pos += c.chunkSize;
        }
    }

    static String versionProblem(int major, int minor) {
        if (major == 1 || major == 2) {
            return null;
        }
        if (major == 0) {
            return "JFR file format " + major + "." + minor
                    + " (JDK 7 or 8) is too old; recordings of JDK 11 and later are supported";
        }
        return "JFR file format " + major + "." + minor + " is newer than this jfr-to-json understands";
    }

    private static InputStream open(Path path, String name) throws UserException {
        try {
            return Files.newInputStream(path);
        } catch (IOException e) {
            throw new UserException(ExitCodes.INPUT_MISSING, name + ": cannot read (" + reason(e) + ")");
        }
    }

    /** Copies a stream to a temporary file: chunks are read by position, and memory must not hold the recording. */
    private static Path spool(InputStream in, String name, List<Path> spooled) throws UserException {
        Path tmp;
        try {
            tmp = Files.createTempFile("jfr-to-json-", ".jfr");
        } catch (IOException e) {
            throw new UserException(ExitCodes.INPUT_MISSING,
                    name + ": cannot make a temporary copy (" + reason(e) + "); pass a file instead");
        }
        spooled.add(tmp);
        try {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UserException(ExitCodes.INPUT_MISSING, name + ": cannot read (" + reason(e) + ")");
        }
        return tmp;
    }

    static int readAt(FileChannel ch, long position, byte[] b) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b);
        long at = position;
        while (bb.hasRemaining()) {
            int n = ch.read(bb, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        return bb.position();
    }

    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.toLowerCase(java.util.Locale.ROOT);
    }
}
