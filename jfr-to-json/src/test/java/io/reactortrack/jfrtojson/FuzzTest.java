package io.reactortrack.jfrtojson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.reactortrack.recorder.testing.MonOut;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small mutation fuzzer over the golden recording: flipped bytes, headers
 * whose sizes lie, cut and spliced chunks. Every mutant must convert or be
 * refused within seconds (no hang), without a stack trace or an escaped
 * OutOfMemoryError (the tests run at -Xmx256m), with well-formed output, and
 * with every line of the chunks before the first damaged byte.
 *
 * <p>Deterministic: a fixed seed, a fixed number of mutants, and a time
 * budget after which it stops early. A failing mutant is kept under
 * target/fuzz-failures to replay with the command line.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FuzzTest {

    private static final long SEED = 0x5EED_2026L;
    private static final int MUTANTS = 1500;
    private static final Duration BUDGET = Duration.ofSeconds(45);
    private static final Duration PER_MUTANT = Duration.ofSeconds(20);
    private static final Set<String> ACTIONS =
            Set.of("tracked", "attached", "chained", "executed", "fired", "unhandled", "pending");

    private static byte[] golden;
    private static int[] chunkStarts;
    private static List<List<String>> linesByChunk;

    @TempDir
    static Path dir;

    @BeforeAll
    static void readGolden() throws IOException {
        golden = Files.readAllBytes(Cli.golden());
        List<byte[]> chunks = GoldenFileTest.chunks(golden);
        chunkStarts = new int[chunks.size() + 1];
        linesByChunk = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            chunkStarts[i + 1] = chunkStarts[i] + chunks.get(i).length;
            Path one = Files.write(dir.resolve("chunk" + i + ".jfr"), chunks.get(i));
            linesByChunk.add(Cli.run(one.toString()).lines());
        }
    }

    @Test
    void no_mutant_of_the_golden_recording_hangs_crashes_or_loses_an_undamaged_chunk() throws IOException {
        Random random = new Random(SEED);
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int run = 0;
        Map<Integer, Integer> exits = new java.util.TreeMap<>();
        for (; run < MUTANTS && System.nanoTime() < deadline; run++) {
            Mutant m = mutate(random);
            Path file = Files.write(dir.resolve("mutant.jfr"), m.bytes);
            boolean strict = random.nextInt(4) == 0;
            String[] args = strict ? new String[] {file.toString(), "--strict"} : new String[] {file.toString()};
            Cli.Result r;
            try {
                r = assertTimeoutPreemptively(PER_MUTANT, () -> Cli.run(args), () -> "hangs: " + m.what);
                check(m, strict, r);
            } catch (AssertionError e) {
                Path kept = Path.of("target", "fuzz-failures", "mutant-" + run + ".jfr");
                Files.createDirectories(kept.getParent());
                Files.write(kept, m.bytes);
                throw new AssertionError("mutant " + run + " (" + m.what + "), kept as " + kept + ": "
                        + e.getMessage(), e);
            }
            exits.merge(r.exitCode(), 1, Integer::sum);
            if (System.getProperty("fuzz.verbose") != null) {
                for (String l : r.err().split("\n")) {
                    System.out.println("FZ " + l.replaceAll("/tmp/\\S*mutant.jfr", "M").replaceAll("[0-9]+", "N"));
                }
            }
        }
        System.out.println("fuzz: " + run + " mutants, exit codes " + exits);
        assertTrue(run >= 50, "only " + run + " mutants in the time budget");
        // Both outcomes must occur, or the mutations are too weak to mean anything.
        assertTrue(exits.containsKey(0) && exits.size() > 1, "exit codes " + exits);
    }

    private static void check(Mutant m, boolean strict, Cli.Result r) {
        int exit = r.exitCode();
        assertTrue(exit == 0 || exit == 4 || (strict && exit == 6), () -> "exit " + exit + "\n" + r);
        for (String line : r.err().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            assertTrue(line.startsWith("jfr-to-json: "), () -> "stray stderr: " + r);
            // Every line is ours (checked above), so a stack trace would have
            // to come through our own messages.
            assertFalse(line.contains("internal error") || line.contains("\tat ") || line.contains("Caused by"),
                    () -> "crash: " + r);
        }
        if (exit == 4) {
            assertEquals("", r.out(), "refused but wrote");
            return;
        }
        List<String> lines = r.lines();
        for (String l : lines) {
            Map<String, Object> parsed = MonOut.parse(l);
            List<String> keys = List.copyOf(parsed.keySet());
            assertEquals(List.of("action", "deferred", "ts"), keys.subList(0, 3), l);
            assertTrue(ACTIONS.contains((String) parsed.get("action")), l);
        }
        // Every chunk that ends before the first damaged byte converts in full.
        // (A damaged start time can make a chunk look like another JVM's: its
        // lines then carry a jvm key.)
        Set<String> out = new HashSet<>();
        for (String l : lines) {
            out.add(l.replaceFirst(",\"jvm\":[0-9]+}$", "}"));
        }
        for (int c = 0; c < linesByChunk.size(); c++) {
            if (chunkStarts[c + 1] <= m.firstDamaged) {
                for (String expected : linesByChunk.get(c)) {
                    if (!out.contains(expected)) {
                        fail("chunk " + (c + 1) + " is intact but lost " + expected + "\n" + r);
                    }
                }
            }
        }
    }

    private record Mutant(byte[] bytes, int firstDamaged, String what) {
    }

    private static Mutant mutate(Random random) {
        byte[] b = golden.clone();
        int chunk = random.nextInt(chunkStarts.length - 1);
        int start = chunkStarts[chunk];
        int end = chunkStarts[chunk + 1];
        switch (random.nextInt(8)) {
            case 0: { // bytes flipped anywhere
                int n = 1 + random.nextInt(16);
                int lo = Integer.MAX_VALUE;
                for (int i = 0; i < n; i++) {
                    int at = random.nextInt(b.length);
                    b[at] ^= (byte) (1 + random.nextInt(255));
                    lo = Math.min(lo, at);
                }
                return new Mutant(b, lo, n + " bytes flipped from " + lo);
            }
            case 1: { // bytes flipped in one chunk header
                int at = start + random.nextInt(68);
                b[at] ^= (byte) (1 + random.nextInt(255));
                return new Mutant(b, at, "header byte " + at + " flipped");
            }
            case 2: { // a header size that lies
                int field = 8 * (1 + random.nextInt(3)); // chunk size, constant pool or metadata offset
                long[] lies = {0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 68, end - start + 1, end - start - 1,
                    b.length * 2L, Integer.MAX_VALUE, random.nextLong(), random.nextInt(end - start)};
                long lie = lies[random.nextInt(lies.length)];
                ByteBuffer.wrap(b).putLong(start + field, lie);
                return new Mutant(b, start, "header field " + field + " of chunk " + (chunk + 1) + " set to " + lie);
            }
            case 3: { // cut off, as by a killed JVM
                int at = random.nextInt(b.length);
                return new Mutant(Arrays.copyOf(b, at), at, "cut at " + at);
            }
            case 4: { // a piece of a chunk missing
                int from = start + random.nextInt(end - start);
                int len = 1 + random.nextInt(Math.min(4096, b.length - from));
                return new Mutant(BadInputTest.concat(Arrays.copyOf(b, from), Arrays.copyOfRange(b, from + len, b.length)),
                        from, len + " bytes removed at " + from);
            }
            case 5: { // a piece repeated
                int from = random.nextInt(b.length);
                int len = 1 + random.nextInt(Math.min(4096, b.length - from));
                return new Mutant(BadInputTest.concat(Arrays.copyOf(b, from + len), Arrays.copyOfRange(b, from, b.length)),
                        from + len, len + " bytes repeated at " + from);
            }
            case 6: { // a zeroed range
                int from = start + random.nextInt(end - start);
                int len = 1 + random.nextInt(Math.min(512, b.length - from));
                Arrays.fill(b, from, from + len, (byte) 0);
                return new Mutant(b, from, len + " bytes zeroed at " + from);
            }
            default: { // flips among the events of a chunk, where the payloads are
                int eventsEnd = Math.min(end, start + 2000);
                int n = 1 + random.nextInt(4);
                int lo = Integer.MAX_VALUE;
                for (int i = 0; i < n; i++) {
                    int at = start + 68 + random.nextInt(eventsEnd - start - 68);
                    b[at] = (byte) random.nextInt(256);
                    lo = Math.min(lo, at);
                }
                return new Mutant(b, lo, n + " event bytes changed from " + lo);
            }
        }
    }

    @Test
    void the_fuzzer_checks_real_output() {
        // Guards the guard: the intact golden passes the same checks.
        Cli.Result r = Cli.run(Cli.golden().toString());
        check(new Mutant(golden, golden.length, "none"), false, r);
        assertEquals(linesByChunk.stream().mapToInt(List::size).sum(), r.lines().size());
        assertTrue(new String(golden, 0, 4, StandardCharsets.US_ASCII).startsWith("FLR"));
    }
}
