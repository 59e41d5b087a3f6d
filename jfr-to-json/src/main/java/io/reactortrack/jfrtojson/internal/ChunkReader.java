package io.reactortrack.jfrtojson.internal;

import java.nio.charset.StandardCharsets;

/** Bounds-checked reads of a chunk's bytes in its integer encoding, as JFR parsers read them. */
final class ChunkReader {
    private final byte[] b;
    private final int limit;
    private final boolean compressed;
    private int pos;

    ChunkReader(byte[] b, int limit, boolean compressed) {
        this.b = b;
        this.limit = limit;
        this.compressed = compressed;
    }

    void seek(long to) {
        pos = (int) to;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return limit - pos;
    }

    byte readByte() throws CorruptChunkException {
        if (pos >= limit) {
            throw new CorruptChunkException("it ends in the middle of its data");
        }
        return b[pos++];
    }

    int readInt() throws CorruptChunkException {
        if (compressed) {
            return (int) readVarLong();
        }
        need(4);
        int v = Bytes.i32(b, pos);
        pos += 4;
        return v;
    }

    long readLong() throws CorruptChunkException {
        if (compressed) {
            return readVarLong();
        }
        need(8);
        long v = Bytes.i64(b, pos);
        pos += 8;
        return v;
    }

    void readShort() throws CorruptChunkException {
        if (compressed) {
            readVarLong();
        } else {
            need(2);
            pos += 2;
        }
    }

    void skip(int n) throws CorruptChunkException {
        need(n);
        pos += n;
    }

    /** Moves past a string without making it. */
    void skipString() throws CorruptChunkException {
        byte encoding = readByte();
        switch (encoding) {
            case 0:
            case 1:
                return;
            case 2:
                readLong(); // an index into the string pool
                return;
            case 3:
            case 5: {
                int n = readInt();
                if (n < 0) {
                    throw new CorruptChunkException("its constant pools are damaged");
                }
                skip(n);
                return;
            }
            case 4: {
                int n = readInt();
                if (n < 0 || n > remaining()) {
                    throw new CorruptChunkException("its constant pools are damaged");
                }
                for (int i = 0; i < n; i++) {
                    readChar();
                }
                return;
            }
            default:
                throw new CorruptChunkException("its constant pools are damaged");
        }
    }

    private char readChar() throws CorruptChunkException {
        if (compressed) {
            return (char) readVarLong();
        }
        need(2);
        char c = (char) Bytes.u16(b, pos);
        pos += 2;
        return c;
    }

    private long readVarLong() throws CorruptChunkException {
        long ret = 0;
        for (int i = 0; i < 8; i++) {
            byte x = readByte();
            ret += (x & 0x7FL) << (7 * i);
            if (x >= 0) {
                return ret;
            }
        }
        return ret + ((readByte() & 0xFFL) << 56);
    }

    String readString() throws CorruptChunkException {
        byte encoding = readByte();
        switch (encoding) {
            case 0:
                return null;
            case 1:
                return "";
            case 3:
            case 5: {
                int n = readInt();
                if (n < 0 || n > remaining()) {
                    throw new CorruptChunkException("its metadata is damaged");
                }
                String s = new String(b, pos, n,
                        encoding == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
                pos += n;
                return s;
            }
            case 4: {
                int n = readInt();
                if (n < 0 || n > remaining()) {
                    throw new CorruptChunkException("its metadata is damaged");
                }
                char[] c = new char[n];
                for (int i = 0; i < n; i++) {
                    c[i] = readChar();
                }
                return new String(c);
            }
            default:
                throw new CorruptChunkException("its metadata is damaged");
        }
    }

    private void need(int n) throws CorruptChunkException {
        if (pos < 0 || n > limit - pos) {
            throw new CorruptChunkException("it ends in the middle of its data");
        }
    }
}
