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

import io.reactortrack.monout.MonOutFormatException;
import io.reactortrack.monout.MonOutLine;
import io.reactortrack.monout.MonOutReader;

/**
 * Turns the command's positional arguments into recordings and mon.out files,
 * and refuses the ones that cannot be converted before a single byte of
 * output is written.
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
                addFile(file, "stdin", sources);
                continue;
            }
            Path path = Path.of(arg);
            if (!Files.exists(path)) {
                throw new UserException(ExitCodes.INPUT_MISSING, arg + ": no such file or directory");
            }
            if (Files.isDirectory(path)) {
                addDirectory(arg, path, sources);
            } else if (Files.isRegularFile(path)) {
                addFile(path, arg, sources);
            } else {
                // A pipe or a device (/dev/stdin, <(cat x.jfr)): read it once, like stdin.
                Path file = spool(open(path, arg), arg, spooled);
                addFile(file, arg, sources);
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

    /**
     * A file given as an input: a recording or a mon.out, told apart by how
     * it starts. A file of recordings put end to end whose chunks overlap in
     * time (dumps of several JVMs) is read as that many recordings, merged
     * like recordings given one by one.
     */
    private static void addFile(Path file, String name, List<RecordingSource> sources) throws UserException {
        if (startsLikeMonOut(file)) {
            sources.add(new RecordingSource(name, List.of(file), false, sources.size(), true,
                    checkMonOutFile(file, name)));
            return;
        }
        List<Long> starts = checkRecordingFile(file, name);
        if (starts.size() <= 1) {
            sources.add(new RecordingSource(name, List.of(file), false, sources.size()));
            return;
        }
        for (int i = 0; i < starts.size(); i++) {
            sources.add(new RecordingSource(name, file, sources.size(), starts.get(i),
                    i + 1 < starts.size() ? starts.get(i + 1) : -1));
        }
    }

    /**
     * Whether the first byte that is not white space (or a byte order mark)
     * opens a JSON object, or there is only white space: mon.out of nothing.
     */
    private static boolean startsLikeMonOut(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(4096);
            int i = b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF ? 3 : 0;
            for (; i < b.length; i++) {
                if (b[i] == '{') {
                    return true;
                }
                if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r' && b[i] != '\n') {
                    return false;
                }
            }
            return b.length > 0 && b.length < 4096;
        } catch (IOException e) {
            return false; // reported when it is read as a recording
        }
    }

    /**
     * Refuses a file whose first line is not mon.out before any output is
     * written. Returns whether its lines carry jvm keys.
     */
    private static boolean checkMonOutFile(Path file, String name) throws UserException {
        try (MonOutReader r = new MonOutReader(Files.newInputStream(file))) {
            MonOutLine first = r.nextAny();
            return first != null && first.jvm() != 0;
        } catch (MonOutFormatException e) {
            throw new UserException(ExitCodes.NOT_A_RECORDING, name + ": not mon.out (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UserException(ExitCodes.INPUT_MISSING, name + ": cannot read (" + reason(e) + ")");
        }
    }

    /**
     * Refuses what cannot be read; returns where the recordings of the file
     * start: one, or several that overlap in time.
     */
    private static List<Long> checkRecordingFile(Path file, String name) throws UserException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                throw new UserException(ExitCodes.NOT_A_RECORDING, name + ": empty file, not a JFR recording");
            }
            byte[] b = new byte[8];
            int n = readAt(ch, 0, b);
            if (!ChunkHeader.hasMagic(b, 0, n)) {
                throw new UserException(ExitCodes.NOT_A_RECORDING, name + ": neither a JFR recording nor mon.out"
                        + " (it starts with neither the bytes FLR\\0 nor a JSON object)");
            }
            if (n == b.length) {
                String version = versionProblem(Bytes.u16(b, 4), Bytes.u16(b, 6));
                if (version != null) {
                    throw new UserException(ExitCodes.NOT_A_RECORDING, name + ": " + version);
                }
            }
            return checkChunkSizes(ch, size, name);
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
    private static List<Long> checkChunkSizes(FileChannel ch, long size, String name)
            throws IOException, UserException {
        byte[] h = new byte[ChunkHeader.SIZE];
        long limit = RecordingReader.maxChunkBytes();
        int number = 0;
        List<Long> starts = new ArrayList<>(List.of(0L));
        long lastEnd = Long.MIN_VALUE;
        for (long pos = 0; pos < size; ) {
            if (readAt(ch, pos, h) < h.length || !ChunkHeader.hasMagic(h, 0, h.length)) {
                return starts;
            }
            ChunkHeader c = ChunkHeader.read(h, 0);
            number++;
            if (!c.supportedVersion() || c.chunkSize < ChunkHeader.SIZE || c.chunkSize > size - pos) {
                return starts;
            }
            // A recording's next chunk starts when the last one ended; one that
            // starts before that is another recording's, read as one of its
            // own so that the merge stays exact.
            if (lastEnd != Long.MIN_VALUE && c.startNanos < lastEnd - RecordingReader.OVERLAP_NANOS) {
                starts.add(pos);
            }
            lastEnd = c.startNanos + Math.max(0, c.durationNanos);
            if (c.chunkSize > limit) {
                throw new UserException(ExitCodes.NOT_A_RECORDING, RecordingReader.tooBig(name, number, pos,
                        c.chunkSize));
            }
            pos += c.chunkSize;
        }
        return starts;
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
