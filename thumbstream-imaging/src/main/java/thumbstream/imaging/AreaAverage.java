package thumbstream.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Reduces an image by averaging, for each output pixel, the source pixels its area covers
 * (fractional edges weighted by their overlap). Not a resampler for thumbnails (that is
 * Thumbnailator's job); a small, exact, dependency-free box filter for the summaries made of a
 * picture (placeholders, the smart crop's saliency map).
 */
public final class AreaAverage {

    private AreaAverage() {}

    /** The pixels of a reduced copy, packed ARGB row by row, and its size. */
    public record Reduced(int[] argb, int width, int height) {}

    /**
     * {@code image} reduced until its longer side is at most {@code maxSide}, never enlarged. Opaque
     * packed RGB images are only halved (2x2 means, each side rounded down), which costs a few
     * bit operations per pixel, so the result may be as small as half of {@code maxSide};
     * anything else, or what is still too large, is area-averaged to fit exactly.
     */
    public static Reduced fit(BufferedImage image, int maxSide) {
        BufferedImage current = image;
        while (Math.max(current.getWidth(), current.getHeight()) > maxSide
                && Math.min(current.getWidth(), current.getHeight()) >= 2
                && BoxHalving.packedRgb(current)) {
            current = BoxHalving.halve(current);
        }
        int w = current.getWidth();
        int h = current.getHeight();
        if (Math.max(w, h) <= maxSide) {
            return new Reduced(argb(current), w, h);
        }
        double scale = (double) maxSide / Math.max(w, h);
        int width = (int) Math.max(1, Math.min(maxSide, Math.round(w * scale)));
        int height = (int) Math.max(1, Math.min(maxSide, Math.round(h * scale)));
        return new Reduced(reduce(current, width, height), width, height);
    }

    /**
     * {@code image} reduced to {@code width x height} as packed non-premultiplied ARGB, row by row.
     * Colour channels are averaged weighted by alpha so transparent pixels do not bleed their
     * (meaningless) colour into visible ones. Never modifies {@code image}.
     */
    public static int[] reduce(BufferedImage image, int width, int height) {
        // Exact 2x2 halvings first where the layout allows (opaque packed RGB): a few bit
        // operations per pixel instead of the weighted sums below, and the same averages.
        BufferedImage halved = BoxHalving.reduce(image, width, height);
        int sw = halved.getWidth();
        int sh = halved.getHeight();
        int[] source = argb(halved);
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

    /**
     * The pixels as packed ARGB. The renderer's images are plain {@code TYPE_INT_RGB}/{@code ARGB}:
     * their raster already holds exactly that (RGB with alpha forced opaque), which is several
     * times faster than {@code getRGB}'s colour-model conversion per pixel.
     */
    private static int[] argb(BufferedImage image) {
        int type = image.getType();
        if ((type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB)
                && image.getRaster().getDataBuffer() instanceof DataBufferInt buffer
                && image.getRaster().getSampleModel() instanceof SinglePixelPackedSampleModel model
                && model.getScanlineStride() == image.getWidth()
                && image.getRaster().getSampleModelTranslateX() == 0
                && image.getRaster().getSampleModelTranslateY() == 0
                && buffer.getOffset() == 0
                && buffer.getNumBanks() == 1) {
            int[] data = buffer.getData();
            int n = image.getWidth() * image.getHeight();
            int[] pixels = new int[n];
            int opaque = type == BufferedImage.TYPE_INT_RGB ? 0xFF000000 : 0;
            for (int i = 0; i < n; i++) {
                pixels[i] = data[i] | opaque;
            }
            return pixels;
        }
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static int channel(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }
}
