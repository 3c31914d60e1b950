package thumbstream.imaging;

import java.awt.image.BufferedImage;

/**
 * Reduces an image by averaging, for each output pixel, the source pixels its area covers
 * (fractional edges weighted by their overlap). Not a resampler for thumbnails (that is
 * Thumbnailator's job); a small, exact, dependency-free box filter for the summaries made of a
 * picture (placeholders, the smart crop's saliency map).
 */
public final class AreaAverage {

    private AreaAverage() {}

    /**
     * {@code image} reduced to {@code width x height} as packed non-premultiplied ARGB, row by row.
     * Colour channels are averaged weighted by alpha so transparent pixels do not bleed their
     * (meaningless) colour into visible ones. Never modifies {@code image}.
     */
    public static int[] reduce(BufferedImage image, int width, int height) {
        int sw = image.getWidth();
        int sh = image.getHeight();
        int[] source = image.getRGB(0, 0, sw, sh, null, 0, sw);
        if (sw == width && sh == height) {
            return source;
        }
        double fx = (double) sw / width;
        double fy = (double) sh / height;
        int[] out = new int[width * height];
        for (int oy = 0; oy < height; oy++) {
            double top = oy * fy;
            double bottom = Math.min(sh, top + fy);
            for (int ox = 0; ox < width; ox++) {
                double left = ox * fx;
                double right = Math.min(sw, left + fx);
                double a = 0, r = 0, g = 0, b = 0, area = 0;
                for (int y = (int) top; y < bottom; y++) {
                    double wy = Math.min(bottom, y + 1) - Math.max(top, y);
                    for (int x = (int) left; x < right; x++) {
                        double w = wy * (Math.min(right, x + 1) - Math.max(left, x));
                        int pixel = source[y * sw + x];
                        double alpha = (pixel >>> 24) * w;
                        a += alpha;
                        r += alpha * (pixel >>> 16 & 0xFF);
                        g += alpha * (pixel >>> 8 & 0xFF);
                        b += alpha * (pixel & 0xFF);
                        area += w;
                    }
                }
                int alpha = (int) Math.round(a / area);
                out[oy * width + ox] =
                        a == 0 ? 0 : alpha << 24 | channel(r / a) << 16 | channel(g / a) << 8 | channel(b / a);
            }
        }
        return out;
    }

    private static int channel(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }
}
