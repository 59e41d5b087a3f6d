package io.reactortrack.jfrtojson.internal;

import java.util.Locale;

/** Big-endian reads from byte arrays, and sizes for people. */
final class Bytes {

    private Bytes() {
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static int i32(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    static long i64(byte[] b, int at) {
        return ((long) i32(b, at) << 32) | (i32(b, at + 4) & 0xFFFF_FFFFL);
    }

    static void putI64(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    /** "812 bytes", "4.2 KB", "12.0 MB", "1.1 GB". */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes == 1 ? "1 byte" : bytes + " bytes";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
