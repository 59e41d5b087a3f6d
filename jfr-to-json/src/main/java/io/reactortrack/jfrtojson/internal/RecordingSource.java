package io.reactortrack.jfrtojson.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * One recording to convert: a .jfr file, the chunk files of a JFR repository
 * (in time order), or what came on stdin. Nominally the output of one JVM run.
 */
final class RecordingSource {
    /** How the user named it, for messages. */
    final String name;
    final List<Path> files;
    /** Whether {@link #files} are the chunk files of a repository (a live one may have a chunk in progress). */
    final boolean repository;
    /** Position among the recordings of the conversion. */
    final int index;

    RecordingSource(String name, List<Path> files, boolean repository, int index) {
        this.name = name;
        this.files = files;
        this.repository = repository;
        this.index = index;
    }

    /** The name of a file of this recording in messages. */
    String nameOf(Path file) {
        return repository ? file.toString() : name;
    }
}
