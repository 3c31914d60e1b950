package thumbstream.imaging;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Sums the unfiltered rows of a PNG into {@code factor x factor} boxes and writes each box's
 * average as one packed pixel (TYPE_INT_RGB or TYPE_INT_ARGB). Partial boxes at the right and
 * bottom edge average what they cover. RGBA and palette samples are weighted by their alpha, so
 * fully transparent pixels do not bleed their (arbitrary) colour into the edge.
 *
 * <p>8-bit RGB, the common case, sums each row into per-sample column totals first, eight
 * samples at a time ({@link Columns}), and folds the columns into boxes once per box row: summing
 * pixel by pixel was a third of a PNG's decode (the JIT of Java 17 does not vectorise byte-to-int
 * sums; figures: bench/PERFORMANCE.md, PNG). The sums are the same integers either way.
 *
 * <p>Rows are laid out as {@link PngRows} keeps them: {@code bpp} zero bytes, then the samples.
 * Not thread-safe: one instance per decode.
 */
final class BoxSums {

    private final int width;
    private final int factor;
    private final int bpp;
    private final int step;
    private final int[] palette;
    private final boolean alpha;
    private final int[] sums;
    private final Columns columns;

    /**
     * @param channels 3 (RGB), 4 (RGBA) or 1 (palette index)
     * @param step     bytes per sample, 1 or 2 (16-bit: the high byte counts, as in the ImageIO path)
     * @param palette  packed ARGB palette for palette images, else null
     * @param alpha    whether the output has alpha (RGBA, or a palette with tRNS)
     */
    BoxSums(int width, int factor, int channels, int step, int[] palette, boolean alpha) {
        this.width = width;
        this.factor = factor;
        this.bpp = channels * step;
        this.step = step;
        this.palette = palette;
        this.alpha = alpha;
        this.sums = new int[(width + factor - 1) / factor * 4];
        boolean rgb8 = palette == null && channels == 3 && step == 1;
        this.columns = rgb8 ? new Columns(width * 3) : null;
    }

    /** Adds one unfiltered row to the current row of boxes. */
    void add(byte[] row) {
        if (columns != null) {
            columns.add(row, bpp);
        } else if (palette != null) {
            addPaletteRow(row);
        } else if (channels() == 4) {
            addRgbaRow(row);
        } else {
            addRgbRow(row);
        }
    }

    private int channels() {
        return bpp / step;
    }

    private void foldColumns() {
        int[] totals = columns.takeTotals();
        for (int x = 0, o = 0; x < width; o += 4) {
            int end = Math.min(x + factor, width);
            int r = 0, g = 0, b = 0;
            for (int i = x * 3; x < end; x++, i += 3) {
                r += totals[i];
                g += totals[i + 1];
                b += totals[i + 2];
            }
            sums[o] = r;
            sums[o + 1] = g;
            sums[o + 2] = b;
        }
    }

    private void addRgbRow(byte[] row) {
        for (int x = 0, o = 0; x < width; o += 4) {
            int end = Math.min(x + factor, width);
            int r = 0, g = 0, b = 0;
            for (int i = bpp + x * bpp; x < end; x++, i += bpp) {
                r += row[i] & 0xff;
                g += row[i + step] & 0xff;
                b += row[i + 2 * step] & 0xff;
            }
            sums[o] += r;
            sums[o + 1] += g;
            sums[o + 2] += b;
        }
    }

    private void addRgbaRow(byte[] row) {
        for (int x = 0, o = 0; x < width; o += 4) {
            int end = Math.min(x + factor, width);
            int r = 0, g = 0, b = 0, a = 0;
            for (int i = bpp + x * bpp; x < end; x++, i += bpp) {
                int alpha = row[i + 3 * step] & 0xff;
                r += (row[i] & 0xff) * alpha;
                g += (row[i + step] & 0xff) * alpha;
                b += (row[i + 2 * step] & 0xff) * alpha;
                a += alpha;
            }
            sums[o] += r;
            sums[o + 1] += g;
            sums[o + 2] += b;
            sums[o + 3] += a;
        }
    }

    private void addPaletteRow(byte[] row) {
        for (int x = 0, o = 0; x < width; o += 4) {
            int end = Math.min(x + factor, width);
            int r = 0, g = 0, b = 0, a = 0;
            for (; x < end; x++) {
                int argb = palette[row[bpp + x] & 0xff];
                int alpha = argb >>> 24;
                r += ((argb >> 16) & 0xff) * alpha;
                g += ((argb >> 8) & 0xff) * alpha;
                b += (argb & 0xff) * alpha;
                a += alpha;
            }
            sums[o] += r;
            sums[o + 1] += g;
            sums[o + 2] += b;
            sums[o + 3] += a;
        }
    }

    /**
     * Writes the current row of boxes, {@code rows} rows tall, to {@code pixels[offset, offset +
     * outWidth)} and starts the next. Alpha-weighted sums (RGBA, palette) divide by their total
     * alpha; with {@code alpha} false every alpha is 255.
     */
    void write(int[] pixels, int offset, int rows) {
        if (columns != null) {
            writeColumns(pixels, offset, rows);
            return;
        }
        int outWidth = sums.length / 4;
        for (int ox = 0; ox < outWidth; ox++) {
            int o = ox * 4;
            int n = Math.min(factor, width - ox * factor) * rows;
            int argb;
            if (sums[o + 3] != 0) { // alpha-weighted (RGBA, palette)
                int a = sums[o + 3];
                argb = (alpha ? ((a + n / 2) / n) << 24 : 0xff000000)
                        | ((sums[o] + a / 2) / a) << 16
                        | ((sums[o + 1] + a / 2) / a) << 8
                        | (sums[o + 2] + a / 2) / a;
            } else if (alpha) {
                argb = 0; // fully transparent block
            } else {
                argb = 0xff000000
                        | ((sums[o] + n / 2) / n) << 16
                        | ((sums[o + 1] + n / 2) / n) << 8
                        | (sums[o + 2] + n / 2) / n;
            }
            pixels[offset + ox] = argb;
        }
        Arrays.fill(sums, 0);
    }

    /**
     * 8-bit RGB: folds the column totals into boxes and writes their rounded averages, dividing by
     * multiplying with a reciprocal (the same quotients, see {@link #reciprocal}), since a third of
     * the time went to three integer divisions per pixel.
     */
    private void writeColumns(int[] pixels, int offset, int rows) {
        int[] totals = columns.takeTotals();
        int full = factor * rows;
        long fullReciprocal = reciprocal(full);
        for (int x = 0, ox = offset; x < width; ox++) {
            int end = Math.min(x + factor, width);
            int n = (end - x) * rows;
            long m = n == full ? fullReciprocal : reciprocal(n);
            int r = 0, g = 0, b = 0;
            for (int i = x * 3; x < end; x++, i += 3) {
                r += totals[i];
                g += totals[i + 1];
                b += totals[i + 2];
            }
            int half = n >> 1;
            pixels[ox] = 0xff000000
                    | (int) ((r + half) * m >>> RECIPROCAL_SHIFT) << 16
                    | (int) ((g + half) * m >>> RECIPROCAL_SHIFT) << 8
                    | (int) ((b + half) * m >>> RECIPROCAL_SHIFT);
        }
    }

    /** See {@link #reciprocal}. */
    static final int RECIPROCAL_SHIFT = 39;

    /**
     * {@code ceil(2^39 / n)}: for {@code 0 <= x < 2^24} and {@code 1 <= n <= 2^15},
     * {@code x * reciprocal(n) >>> 39 == x / n} (Granlund and Montgomery, "Division by invariant
     * integers using multiplication", 1994: exact when {@code 2^39 >= 2^24 * n}). Here {@code n} is
     * at most {@link PngRows#MAX_FACTOR}^2 = 2^14 and {@code x} a sum of at most {@code n} samples
     * of 255 plus {@code n / 2}, under 2^22; the product stays under 2^63.
     */
    static long reciprocal(int n) {
        return ((1L << RECIPROCAL_SHIFT) + n - 1) / n;
    }

    /**
     * Per-sample column totals of 8-bit rows, summed eight samples at a time in 16-bit lanes of two
     * longs (SWAR): samples 0, 2, 4, 6 of each eight in {@code even}, 1, 3, 5, 7 in {@code odd}. A
     * lane holds up to 65535, so at most 257 rows of 255: boxes are at most {@link
     * PngRows#MAX_FACTOR} rows tall.
     */
    private static final class Columns {

        private static final VarHandle LONGS =
                MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private static final long LOW_BYTES = 0x00ff00ff00ff00ffL;

        private final long[] even;
        private final long[] odd;
        /** The last {@code samples % 8} samples, summed one by one. */
        private final int[] tail;

        private final int[] totals;

        Columns(int samples) {
            even = new long[samples / 8];
            odd = new long[samples / 8];
            tail = new int[samples % 8];
            totals = new int[samples];
        }

        /** Adds the samples of {@code row} from {@code offset} on. */
        void add(byte[] row, int offset) {
            long[] e = even;
            long[] o = odd;
            for (int k = 0, i = offset; k < e.length; k++, i += 8) {
                long v = (long) LONGS.get(row, i);
                e[k] += v & LOW_BYTES;
                o[k] += (v >>> 8) & LOW_BYTES;
            }
            for (int j = 0, i = offset + e.length * 8; j < tail.length; j++, i++) {
                tail[j] += row[i] & 0xff;
            }
        }

        /** The totals of the rows added since the last call, valid until the next; starts over. */
        int[] takeTotals() {
            for (int k = 0, i = 0; k < even.length; k++, i += 8) {
                long e = even[k];
                long o = odd[k];
                totals[i] = (int) e & 0xffff;
                totals[i + 1] = (int) o & 0xffff;
                totals[i + 2] = (int) (e >>> 16) & 0xffff;
                totals[i + 3] = (int) (o >>> 16) & 0xffff;
                totals[i + 4] = (int) (e >>> 32) & 0xffff;
                totals[i + 5] = (int) (o >>> 32) & 0xffff;
                totals[i + 6] = (int) (e >>> 48);
                totals[i + 7] = (int) (o >>> 48);
            }
            System.arraycopy(tail, 0, totals, even.length * 8, tail.length);
            Arrays.fill(even, 0);
            Arrays.fill(odd, 0);
            Arrays.fill(tail, 0);
            return totals;
        }
    }
}
