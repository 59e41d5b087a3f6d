package io.reactortrack.jfrtojson.internal;

import java.util.List;

/** What a format may want to know about the conversion it writes. */
public final class Conversion {

    private final List<String> recordings;
    private final boolean jvmKey;
    int chunks;
    int jvms;

    Conversion(List<String> recordings, boolean jvmKey) {
        this.recordings = List.copyOf(recordings);
        this.jvmKey = jvmKey;
    }

    /** The recordings converted, as the user named them. */
    public List<String> recordings() {
        return recordings;
    }

    /**
     * Whether records carry the JVM run they come from ({@link MonRecord#jvm()}
     * is then 1 or more): true when more than one recording is converted.
     */
    public boolean jvmKey() {
        return jvmKey;
    }

    /** Chunks read so far; final when {@link OutputFormat#finish()} is called. */
    public int chunks() {
        return chunks;
    }

    /** JVM runs seen so far; final when {@link OutputFormat#finish()} is called. */
    public int jvms() {
        return jvms;
    }
}
