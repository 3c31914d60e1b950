package thumbstream.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes a PNG row by row straight into the packed pixels of a box-reduced image: inflate (all
 * rows at once by libdeflate when it is installed, see {@link WholeInflate}; else zlib through
 * {@code java.util.zip}, fed the IDAT chunks in place, see {@link IdatFeed}), unfilter, and sum
 * each {@code factor x factor} block into one pixel, without per-pixel {@code Raster} calls and without ever holding
 * the full-size image. The JDK reader spends more time copying subsampled pixels one by one
 * through {@code SampleModel.getPixel/setPixel} than Pillow spends on everything but inflate.
 *
 * <p>Takes the common cases only: non-interlaced truecolour (RGB, RGBA) of 8 or 16 bits (16-bit
 * samples keep their high byte, as the ImageIO path's conversion does) and 8-bit palette images
 * with or without {@code tRNS} alpha. Anything else (grey, interlaced, fewer bits, a colour-key
 * {@code tRNS}, an {@code iCCP} profile) and anything damaged returns null, so the ImageIO path
 * decodes it and judges damage by the one policy. Transparent pixels are averaged weighted by
 * their alpha, so fully transparent pixels do not bleed their (arbitrary) colour into the edge.
 *
 * <p>Limits: the caller checked the declared size against the pixel limit and leased the reduced
 * image's pixels, plus {@link #workingBytes}, from the budget; this class allocates that image,
 * two rows and the block sums (and {@link WholeInflate} its native block). Inflating stops at the
 * bytes that size needs ({@link PngChunks#rawBytes}): libdeflate is given exactly that much room,
 * and {@link IdatFeed} inflates at most a row's slack more; a stream that goes on past it is
 * damage (null), which the ImageIO path then reports as corrupt ({@link IdatFeed#excess}).
 */
final class PngRows {

    /** Keeps the alpha-weighted block sums (255 * 255 * factor^2) inside an int. */
    static final int MAX_FACTOR = 128;

    /**
     * {@code -Dthumbstream.png=imageio}: every PNG through ImageIO, as before this decoder existed;
     * {@code =zlib}: this decoder, but inflating through {@code java.util.zip} even when libdeflate
     * is installed.
     */
    static final String PROPERTY = "thumbstream.png";

    private PngRows() {}

    /** The reduced sides for {@code factor}: partial blocks at the right and bottom edge count. */
    static Dimensions reduced(int width, int height, int factor) {
        return new Dimensions((width + factor - 1) / factor, (height + factor - 1) / factor);
    }

    /** The chunks of {@code png} if this decoder takes it (see the class comment), else null. */
    static PngChunks taken(byte[] png) {
        PngChunks chunks = PngChunks.parse(png);
        return chunks != null && supported(chunks) ? chunks : null;
    }

    /**
     * Bytes the decode of a {@link #taken} PNG holds besides the reduced image: the IDAT data and
     * the raw rows when it inflates them whole ({@link WholeInflate}), else nothing to speak of (a
     * 256 KiB inflate buffer and two rows).
     */
    static long workingBytes(PngChunks chunks) {
        long raw = chunks.rawBytes();
        return WholeInflate.takes(raw) ? WholeInflate.workingBytes(chunks, raw) : 0;
    }

    /** Decodes with libdeflate when it is installed (see {@link #decode(byte[], PngChunks, int, boolean)}). */
    static BufferedImage decode(byte[] png, int factor) {
        return decode(png, factor, true);
    }

    /** @param whole whether libdeflate may inflate (when installed); false: always java.util.zip */
    static BufferedImage decode(byte[] png, int factor, boolean whole) {
        PngChunks chunks = taken(png);
        return chunks == null ? null : decode(png, chunks, factor, whole);
    }

    /**
     * @param chunks what {@link #taken} returned for {@code png}
     * @param factor box size, 1 to {@link #MAX_FACTOR}
     * @param whole  whether the data may be inflated whole by libdeflate when {@link
     *               WholeInflate#takes} says so; a stream libdeflate rejects is inflated again by
     *               java.util.zip, which judges damage as it always has
     * @return the image reduced by {@code factor}, TYPE_INT_RGB or TYPE_INT_ARGB; null when the
     *         file is damaged (the ImageIO path then reports it)
     */
    static BufferedImage decode(byte[] png, PngChunks chunks, int factor, boolean whole) {
        int box = Math.min(Math.max(1, factor), MAX_FACTOR);
        long raw = chunks.rawBytes();
        if (whole && WholeInflate.takes(raw)) {
            try {
                ByteBuffer inflated = WholeInflate.inflate(png, chunks, raw);
                if (inflated != null) {
                    return decode(chunks, box, from(inflated));
                }
            } catch (DataFormatException | RuntimeException e) {
                return null; // damaged past the inflate (a bad filter type): the ImageIO path reports it
            } finally {
                WholeInflate.release();
            }
        }
        Inflater inflater = new Inflater();
        try {
            IdatFeed feed = new IdatFeed(png, chunks, inflater);
            BufferedImage image = decode(chunks, box, feed::inflate);
            // Data past the rows (beyond a row's slack) is damage; IdatFeed.excess names it on the ImageIO path.
            return image == null || feed.overrun() ? null : image;
        } catch (DataFormatException | RuntimeException e) {
            return null; // damaged: the ImageIO path reports it
        } finally {
            inflater.end();
        }
    }

    /** Whether libdeflate inflates this PNG when the caller allows it; for tests. */
    static boolean inflatesWhole(PngChunks chunks) {
        return WholeInflate.takes(chunks.rawBytes());
    }

    private static boolean supported(PngChunks c) {
        boolean truecolour = (c.colourType() == 2 && c.transparency() == null || c.colourType() == 6)
                && (c.bitDepth() == 8 || c.bitDepth() == 16);
        boolean palette = c.colourType() == 3 && c.bitDepth() == 8 && c.palette() != null;
        return (truecolour || palette) && !c.interlaced() && !c.hasIccProfile();
    }

    /** Where the inflated rows come from: libdeflate's buffer or the streaming inflater. */
    @FunctionalInterface
    private interface Rows {
        /** Fills {@code out[offset, offset + length)} with the next row; false when the data ends first. */
        boolean next(byte[] out, int offset, int length) throws DataFormatException;
    }

    private static Rows from(ByteBuffer inflated) {
        return (out, offset, length) -> {
            if (inflated.remaining() < length) {
                return false;
            }
            inflated.get(out, offset, length);
            return true;
        };
    }

    private static BufferedImage decode(PngChunks c, int factor, Rows rows) throws DataFormatException {
        int width = c.width();
        int height = c.height();
        int channels = c.channels();
        int step = c.bitDepth() / 8; // bytes per sample; a 16-bit sample's high byte comes first
        int bpp = channels * step;
        int rowBytes = Math.multiplyExact(width, bpp);
        boolean alpha = c.colourType() == 6 || c.transparency() != null;
        Dimensions out = reduced(width, height, factor);
        BufferedImage image = new BufferedImage(
                out.width(), out.height(), alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int[] palette = c.colourType() == 3 ? c.argbPalette() : null;

        // Rows carry bpp zero bytes on the left, so the filters need no edge case; the filter
        // type byte is inflated into the last of them and read from there.
        byte[] cur = new byte[bpp + rowBytes];
        byte[] prev = new byte[bpp + rowBytes];
        BoxSums boxes = new BoxSums(width, factor, channels, step, palette, alpha);
        int blockTop = 0;
        for (int y = 0; y < height; y++) {
            if (!rows.next(cur, bpp - 1, rowBytes + 1)) {
                return null; // truncated
            }
            int filter = cur[bpp - 1];
            cur[bpp - 1] = 0;
            if (!RowFilters.undo(filter, cur, prev, bpp)) {
                return null;
            }
            boxes.add(cur);
            if (y - blockTop == factor - 1 || y == height - 1) {
                boxes.write(pixels, (y / factor) * out.width(), y - blockTop + 1);
                blockTop = y + 1;
            }
            byte[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return image;
    }
}
