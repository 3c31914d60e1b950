package thumbstream.imaging;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates a PNG's image data across its IDAT chunks: each chunk's bytes are handed to the
 * {@link Inflater} where they lie in the file, and the output is inflated 256 KiB at a time (dozens
 * of rows per call into zlib, rather than the 512-byte steps of an {@code InflaterInputStream} or
 * one call per row) and handed out row by row.
 *
 * <p>Limit: it never inflates more than the header's size needs ({@link PngChunks#rawBytes}) plus
 * {@link #slack} plus one byte, whatever the stream holds: a 100x100 header over a stream of 300 MB
 * of zeros (300 KB compressed) stops after about 31 KB. {@link #overrun} tells whether the stream
 * went on past that bound, which is damage: the rows were checked and charged for one size and the
 * data is for another.
 */
final class IdatFeed {

    /** Inflated bytes are made this many at a time, then handed out row by row. */
    private static final int CHUNK = 256 * 1024;
    /** The least {@link #slack}: encoders that pad the stream a little are not refused. */
    private static final long MIN_SLACK = 1024;

    private final byte[] png;
    private final PngChunks chunks;
    private final Inflater inflater;
    private final long limit;
    private final byte[] inflated;
    private long total;
    private int next;
    private int start;
    private int end;

    IdatFeed(byte[] png, PngChunks chunks, Inflater inflater) {
        this.png = png;
        this.chunks = chunks;
        this.inflater = inflater;
        long needed = chunks.rawBytes();
        this.limit = needed > Long.MAX_VALUE - slack(chunks) ? Long.MAX_VALUE - 1 : needed + slack(chunks);
        this.inflated = new byte[(int) Math.min(CHUNK, Math.max(1, limit + 1))];
    }

    /**
     * Inflated bytes tolerated past {@link PngChunks#rawBytes}: one full-width row with its filter
     * byte, at least {@value #MIN_SLACK}. libpng accepts such extra data with a warning ("Too much
     * image data"), and an encoder that writes one row too many exists; more is refused.
     */
    static long slack(PngChunks chunks) {
        return Math.max(MIN_SLACK, chunks.rowBytes());
    }

    /**
     * Why the image data of {@code png} cannot be trusted for its checked size, or null when it
     * can (or when it is damaged in another way, which the decoder judges): the stream inflates past
     * {@link PngChunks#rawBytes} plus {@link #slack}. Costs one inflate of at most that many bytes;
     * for the PNGs the ImageIO path decodes, whose reader stops at the rows it needs and never
     * looks further.
     */
    static String excess(byte[] png, PngChunks chunks) {
        if (chunks.channels() == 0 || chunks.rawBytes() == 0) {
            return null; // an unknown colour type or bit depth: the reader refuses it
        }
        Inflater inflater = new Inflater();
        try {
            IdatFeed feed = new IdatFeed(png, chunks, inflater);
            return feed.overrun()
                    ? "PNG: the image data inflates past the " + chunks.rawBytes() + " bytes a " + chunks.width() + "x"
                            + chunks.height() + (chunks.interlaced() ? " interlaced" : "") + " image needs"
                    : null;
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    /** Fills {@code out[offset, offset + length)}; false when the data ends first (or passes the limit). */
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

    /**
     * Inflates what is left, discarding it, until the stream ends or passes the limit; whether it
     * passed it. Call when the rows have been read.
     */
    boolean overrun() throws DataFormatException {
        while (fill()) {
            start = end; // discarded
        }
        return total > limit;
    }

    /** Bytes inflated so far, handed out or not; for tests. */
    long inflated() {
        return total;
    }

    /** Inflates the next chunk, feeding IDAT chunks as the inflater asks; false at the end of the data or the limit. */
    private boolean fill() throws DataFormatException {
        start = 0;
        end = 0;
        while (end == 0) {
            long room = limit + 1 - total; // one byte past the limit tells an overrun from a stream that ends there
            if (room <= 0) {
                return false;
            }
            int n = inflater.inflate(inflated, 0, (int) Math.min(inflated.length, room));
            end = n;
            total += n;
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
