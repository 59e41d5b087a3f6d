package io.reactortrack.viewer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * A text chunk ({@code tEXt}) in a PNG: what a picture was made from travels inside it, so a test
 * can tell whether a committed picture still shows the current code.
 */
final class PngStamp {

    private static final int SIGNATURE = 8;

    private PngStamp() {}

    /** The PNG with a {@code tEXt} chunk {@code key}={@code value} right after its header chunk. */
    static byte[] stamp(byte[] png, String key, String value) {
        ByteBuffer in = ByteBuffer.wrap(png);
        int ihdrEnd = SIGNATURE + 12 + in.getInt(SIGNATURE);
        byte[] data = (key + "\0" + value).getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + data.length + 12);
        out.write(png, 0, ihdrEnd);
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put("tEXt".getBytes(StandardCharsets.ISO_8859_1)).put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        out.write(chunk.array(), 0, chunk.capacity());
        out.write(png, ihdrEnd, png.length - ihdrEnd);
        return out.toByteArray();
    }

    /** The value of the {@code tEXt} chunk {@code key}, or {@code null} (also when there is no file). */
    static String read(Path file, String key) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
        int at = SIGNATURE;
        while (at + 8 <= in.limit()) {
            int length = in.getInt(at);
            String type = new String(in.array(), at + 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("tEXt")) {
                String text = new String(in.array(), at + 8, length, StandardCharsets.ISO_8859_1);
                int zero = text.indexOf('\0');
                if (zero > 0 && text.substring(0, zero).equals(key)) {
                    return text.substring(zero + 1);
                }
            }
            if (type.equals("IEND")) {
                break;
            }
            at += 12 + length;
        }
        return null;
    }
}
