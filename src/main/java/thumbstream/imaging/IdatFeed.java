package thumbstream.imaging;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates a PNG's image data across its IDAT chunks: each chunk's bytes are handed to the
 * {@link Inflater} where they lie in the file, and the output goes straight into the caller's row,
 * a whole row per call rather than the 512-byte steps of an {@code InflaterInputStream}.
 */
final class IdatFeed {

    private final byte[] png;
    private final PngChunks chunks;
    private final Inflater inflater;
    private int next;

    IdatFeed(byte[] png, PngChunks chunks, Inflater inflater) {
        this.png = png;
        this.chunks = chunks;
        this.inflater = inflater;
    }

    /** Fills {@code out[offset, offset + length)}; false when the data ends first. */
    boolean inflate(byte[] out, int offset, int length) throws DataFormatException {
        while (length > 0) {
            int n = inflater.inflate(out, offset, length);
            offset += n;
            length -= n;
            if (n == 0) {
                if (inflater.finished() || inflater.needsDictionary()) {
                    return false;
                }
                if (inflater.needsInput()) {
                    if (next == chunks.idat().size()) {
                        return false;
                    }
                    int[] chunk = chunks.idat().get(next++);
                    inflater.setInput(png, chunk[0], chunk[1]);
                }
            }
        }
        return true;
    }
}
