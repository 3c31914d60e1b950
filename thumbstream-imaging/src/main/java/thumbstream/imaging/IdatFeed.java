package thumbstream.imaging;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates a PNG's image data across its IDAT chunks: each chunk's bytes are handed to the
 * {@link Inflater} where they lie in the file, and the output is inflated 256 KiB at a time (dozens
 * of rows per call into zlib, rather than the 512-byte steps of an {@code InflaterInputStream} or
 * one call per row) and handed out row by row.
 */
final class IdatFeed {

    /** Inflated bytes are made this many at a time, then handed out row by row. */
    private static final int CHUNK = 256 * 1024;

    private final byte[] png;
    private final PngChunks chunks;
    private final Inflater inflater;
    private final byte[] inflated;
    private int next;
    private int start;
    private int end;

    IdatFeed(byte[] png, PngChunks chunks, Inflater inflater, long totalBytes) {
        this.png = png;
        this.chunks = chunks;
        this.inflater = inflater;
        this.inflated = new byte[(int) Math.min(CHUNK, Math.max(1, totalBytes))];
    }

    /** Fills {@code out[offset, offset + length)}; false when the data ends first. */
    boolean inflate(byte[] out, int offset, int length) throws DataFormatException {
        while (length > 0) {
            if (start == end && !fill()) {
                return false;
            }
            int n = Math.min(length, end - start);
            System.arraycopy(inflated, start, out, offset, n);
            start += n;
            offset += n;
            length -= n;
        }
        return true;
    }

    /** Inflates the next chunk, feeding IDAT chunks as the inflater asks; false at the end of the data. */
    private boolean fill() throws DataFormatException {
        start = 0;
        end = 0;
        while (end == 0) {
            int n = inflater.inflate(inflated, 0, inflated.length);
            end = n;
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
