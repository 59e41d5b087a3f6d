package io.reactortrack.jfrtojson.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * One input to convert: a .jfr file, the chunk files of a JFR repository (in
 * time order), what came on stdin, or a mon.out file. Nominally the output of
 * one JVM run.
 */
final class RecordingSource {
    /** How the user named it, for messages. */
    final String name;
    final List<Path> files;
    /** Whether {@link #files} are the chunk files of a repository (a live one may have a chunk in progress). */
    final boolean repository;
    /** Position among the recordings of the conversion. */
    final int index;
    /** A mon.out file rather than a recording. */
    final boolean monOut;
    /**
     * Holds several JVM runs: a mon.out whose lines carry jvm keys, or a file
     * of recordings put end to end that overlap in time.
     */
    final boolean severalRuns;

    /** The part of the one file to read: from this byte, to that one (-1: to the end). */
    final long from;
    final long to;

    RecordingSource(String name, List<Path> files, boolean repository, int index) {
        this(name, files, repository, index, false, false);
    }

    /** One recording of a file that holds several, put end to end: bytes [from, to). */
    RecordingSource(String name, Path file, int index, long from, long to) {
        this.name = name;
        this.files = List.of(file);
        this.repository = false;
        this.index = index;
        this.monOut = false;
        this.severalRuns = true;
        this.from = from;
        this.to = to;
    }

    RecordingSource(String name, List<Path> files, boolean repository, int index, boolean monOut,
            boolean severalRuns) {
        this.name = name;
        this.files = files;
        this.repository = repository;
        this.index = index;
        this.monOut = monOut;
        this.severalRuns = severalRuns;
        this.from = 0;
        this.to = -1;
    }

    /** The name of a file of this recording in messages. */
    String nameOf(Path file) {
        return repository ? file.toString() : name;
    }
}
