package thumbstream.imaging;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Takes PNGs apart and puts them back together with a different image data stream or header, for
 * tests of the inflate paths: truncated, corrupted and overlong zlib streams, and streams cut into
 * many small IDAT chunks. Chunks get correct CRCs.
 */
final class PngStreams {

    private static final int SIGNATURE = 8;

    private PngStreams() {}

    /** The zlib stream of {@code png}: the data of all its IDAT chunks, concatenated. */
    static byte[] stream(byte[] png) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int[] idat : PngChunks.parse(png).idat()) {
            out.write(png, idat[0], idat[1]);
        }
        return out.toByteArray();
    }

    /** {@code png} with its image data replaced by {@code stream}, cut into IDAT chunks of {@code chunkBytes}. */
    static byte[] withStream(byte[] png, byte[] stream, int chunkBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, SIGNATURE);
        boolean written = false;
        for (int pos = SIGNATURE; pos + 12 <= png.length; ) {
            int length = ByteBuffer.wrap(png, pos, 4).getInt();
            String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("IDAT")) {
                if (!written) {
                    for (int at = 0; at < stream.length; at += chunkBytes) {
                        chunk(out, "IDAT", Arrays.copyOfRange(stream, at, Math.min(stream.length, at + chunkBytes)));
                    }
                    written = true;
                }
            } else {
                out.write(png, pos, length + 12);
            }
            pos += length + 12;
        }
        return out.toByteArray();
    }

    /** {@code png} with the size in its IHDR changed (the image data left as it is). */
    static byte[] withSize(byte[] png, int width, int height) {
        byte[] copy = png.clone();
        ByteBuffer.wrap(copy).putInt(SIGNATURE + 8, width).putInt(SIGNATURE + 8 + 4, height);
        CRC32 crc = new CRC32();
        crc.update(copy, SIGNATURE + 4, 4 + 13);
        ByteBuffer.wrap(copy).putInt(SIGNATURE + 8 + 13, (int) crc.getValue());
        return copy;
    }

    /** One chunk of {@code type}: length, type, data and its CRC. */
    static byte[] chunk(String type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunk(out, type, data);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
