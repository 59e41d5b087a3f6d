package io.reactortrack.jfrtojson.internal;

/** The one chunk-sized byte array, reused from chunk to chunk. */
final class ChunkBuffer {
    private byte[] bytes = new byte[0];

    byte[] ensure(int size) {
        if (bytes.length < size) {
            bytes = null; // let the old one go before the new one is allocated
            // Headroom, so that a slightly bigger next chunk does not reallocate.
            bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 64, size + (long) size / 8)];
        }
        return bytes;
    }
}
