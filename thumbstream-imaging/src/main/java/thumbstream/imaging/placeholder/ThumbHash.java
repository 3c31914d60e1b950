package thumbstream.imaging.placeholder;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes pixels as a <a href="https://evanw.github.io/thumbhash/">ThumbHash</a>: a DCT of the
 * picture in a luminance / yellow-blue / red-green (and, when present, alpha) space, packed into
 * about 25 bytes that also carry the aspect ratio.
 *
 * <p>Written from the format as evanw/thumbhash describes it and checked byte for byte against
 * that project's JavaScript reference ({@code rgbaToThumbHash}) on the pixels of {@code
 * src/test/resources/placeholder/reference-vectors.json}. Stateless.
 */
public final class ThumbHash {

    /** The reference refuses larger inputs: beyond this the hash gains nothing but cost. */
    public static final int MAX_SIDE = 100;

    private ThumbHash() {}

    /**
     * The ThumbHash of {@code argb} (packed {@code 0xAARRGGBB}, not premultiplied, row by row).
     *
     * @throws IllegalArgumentException if a side is outside 1..{@value #MAX_SIDE}
     */
    public static byte[] encode(int[] argb, int width, int height) {
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException(width + "x" + height + " does not fit in 1x1..100x100");
        }
        if (argb.length != width * height) {
            throw new IllegalArgumentException(width + "x" + height + " does not match " + argb.length + " pixels");
        }
        int n = width * height;
        // The average colour, weighted by alpha; transparent pixels are composited onto it.
        double avgR = 0, avgG = 0, avgB = 0, avgA = 0;
        for (int pixel : argb) {
            double alpha = (pixel >>> 24) / 255.0;
            avgR += alpha / 255 * (pixel >>> 16 & 0xFF);
            avgG += alpha / 255 * (pixel >>> 8 & 0xFF);
            avgB += alpha / 255 * (pixel & 0xFF);
            avgA += alpha;
        }
        if (avgA > 0) {
            avgR /= avgA;
            avgG /= avgA;
            avgB /= avgA;
        }
        boolean hasAlpha = avgA < n;
        int lumaLimit = hasAlpha ? 5 : 7; // fewer luminance terms leave room for the alpha channel
        int lx = Math.max(1, (int) Math.round((double) lumaLimit * width / Math.max(width, height)));
        int ly = Math.max(1, (int) Math.round((double) lumaLimit * height / Math.max(width, height)));
        double[] l = new double[n], p = new double[n], q = new double[n], a = new double[n];
        for (int i = 0; i < n; i++) {
            int pixel = argb[i];
            double alpha = (pixel >>> 24) / 255.0;
            double r = avgR * (1 - alpha) + alpha / 255 * (pixel >>> 16 & 0xFF);
            double g = avgG * (1 - alpha) + alpha / 255 * (pixel >>> 8 & 0xFF);
            double b = avgB * (1 - alpha) + alpha / 255 * (pixel & 0xFF);
            l[i] = (r + g + b) / 3;
            p[i] = (r + g) / 2 - b;
            q[i] = r - g;
            a[i] = alpha;
        }
        Channel luma = Channel.of(l, width, height, Math.max(3, lx), Math.max(3, ly));
        Channel yellowBlue = Channel.of(p, width, height, 3, 3);
        Channel redGreen = Channel.of(q, width, height, 3, 3);
        Channel opacity = hasAlpha ? Channel.of(a, width, height, 5, 5) : null;

        boolean landscape = width > height;
        long header24 = Math.round(63 * luma.dc)
                | Math.round(31.5 + 31.5 * yellowBlue.dc) << 6
                | Math.round(31.5 + 31.5 * redGreen.dc) << 12
                | Math.round(31 * luma.scale) << 18
                | (hasAlpha ? 1L : 0L) << 23;
        long header16 = (landscape ? ly : lx)
                | Math.round(63 * yellowBlue.scale) << 3
                | Math.round(63 * redGreen.scale) << 9
                | (landscape ? 1L : 0L) << 15;
        List<Channel> channels =
                hasAlpha ? List.of(luma, yellowBlue, redGreen, opacity) : List.of(luma, yellowBlue, redGreen);
        int acStart = hasAlpha ? 6 : 5;
        int acCount = channels.stream().mapToInt(c -> c.ac.size()).sum();
        byte[] hash = new byte[acStart + (acCount + 1) / 2];
        hash[0] = (byte) header24;
        hash[1] = (byte) (header24 >> 8);
        hash[2] = (byte) (header24 >> 16);
        hash[3] = (byte) header16;
        hash[4] = (byte) (header16 >> 8);
        if (hasAlpha) {
            hash[5] = (byte) (Math.round(15 * opacity.dc) | Math.round(15 * opacity.scale) << 4);
        }
        int index = 0;
        for (Channel channel : channels) {
            for (double f : channel.ac) {
                // Two 4-bit terms per byte, low nibble first.
                hash[acStart + (index >> 1)] |= (byte) (Math.round(15 * f) << ((index & 1) << 2));
                index++;
            }
        }
        return hash;
    }

    /** One channel's DCT: the constant term, and the varying terms normalised to 0..1 by their largest magnitude. */
    private record Channel(double dc, List<Double> ac, double scale) {

        /** Terms (cx, cy) in the triangle {@code cx * ny < nx * (ny - cy)}, row by row. */
        static Channel of(double[] values, int width, int height, int nx, int ny) {
            double dc = 0;
            double scale = 0;
            List<Double> ac = new ArrayList<>();
            // The cosines depend only on (cx, x) and (cy, y): computed once, not once per term.
            double[][] cosX = cosines(nx, width);
            double[][] cosY = cosines(ny, height);
            // Separable: each row is multiplied by each horizontal cosine once, and every term is
            // then a sum over rows. Sums in another order than the reference's, so the last bits of
            // a term may differ; a quantised nibble would change only for a term within ~1e-15 of
            // a rounding boundary (the reference vectors match byte for byte).
            double[][] rows = new double[nx][height];
            for (int cx = 0; cx < nx; cx++) {
                double[] fx = cosX[cx];
                for (int y = 0; y < height; y++) {
                    double sum = 0;
                    int row = y * width;
                    for (int x = 0; x < width; x++) {
                        sum += values[row + x] * fx[x];
                    }
                    rows[cx][y] = sum;
                }
            }
            for (int cy = 0; cy < ny; cy++) {
                for (int cx = 0; cx * ny < nx * (ny - cy); cx++) {
                    double f = 0;
                    for (int y = 0; y < height; y++) {
                        f += rows[cx][y] * cosY[cy][y];
                    }
                    f /= width * height;
                    if (cx > 0 || cy > 0) {
                        ac.add(f);
                        scale = Math.max(scale, Math.abs(f));
                    } else {
                        dc = f;
                    }
                }
            }
            if (scale > 0) {
                for (int i = 0; i < ac.size(); i++) {
                    ac.set(i, 0.5 + 0.5 / scale * ac.get(i));
                }
            }
            return new Channel(dc, ac, scale);
        }

        /** {@code cos(PI / size * k * (i + 0.5))} for k below {@code terms}, i below {@code size}. */
        private static double[][] cosines(int terms, int size) {
            double[][] table = new double[terms][size];
            for (int k = 0; k < terms; k++) {
                for (int i = 0; i < size; i++) {
                    table[k][i] = StrictMath.cos(Math.PI / size * k * (i + 0.5));
                }
            }
            return table;
        }
    }
}
