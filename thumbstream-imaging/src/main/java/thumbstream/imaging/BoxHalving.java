package thumbstream.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Halves opaque RGB images by averaging 2x2 blocks, ahead of Thumbnailator's final resize.
 *
 * <p>Why: for reductions beyond 2x Thumbnailator halves step by step with Java2D's bilinear
 * transform loops, which cost about ten times more per pixel than this plain loop over packed
 * pixels, and a box average is the better filter for exact halving. Thumbnailator still does the
 * last step (less than 2x), so geometry and final resampling stay its own. Only for
 * {@code TYPE_INT_RGB} (every libjpeg-turbo decode and every opaque rendition): with alpha, a
 * plain average would bleed the colour of transparent pixels. A trailing odd row or column is
 * dropped, half a source pixel at most.
 */
final class BoxHalving {

    private BoxHalving() {}

    /** {@code source} halved while it stays at least twice {@code width x height}; the source itself if not applicable. */
    static BufferedImage reduce(BufferedImage source, double width, double height) {
        BufferedImage image = source;
        while (packedRgb(image)
                && image.getWidth() >= 2 * width
                && image.getHeight() >= 2 * height
                // never below 2 pixels a side: Thumbnailator's bilinear steps blacken 1-pixel-thin images
                && image.getWidth() >= 4
                && image.getHeight() >= 4) {
            image = halve(image);
        }
        return image;
    }

    static BufferedImage halve(BufferedImage source) {
        int sw = source.getWidth();
        int w = sw / 2;
        int h = source.getHeight() / 2;
        int[] in = ((DataBufferInt) source.getRaster().getDataBuffer()).getData();
        BufferedImage half = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) half.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            int top = 2 * y * sw;
            int bottom = top + sw;
            int o = y * w;
            for (int x = 0; x < w; x++) {
                int a = in[top + 2 * x];
                int b = in[top + 2 * x + 1];
                int c = in[bottom + 2 * x];
                int d = in[bottom + 2 * x + 1];
                // Red and blue summed in two 16-bit lanes at once, green alone; +2 rounds.
                int redBlue = (a & 0xFF00FF) + (b & 0xFF00FF) + (c & 0xFF00FF) + (d & 0xFF00FF) + 0x020002;
                int green = (a & 0xFF00) + (b & 0xFF00) + (c & 0xFF00) + (d & 0xFF00) + 0x0200;
                out[o + x] = (redBlue >>> 2 & 0xFF00FF) | (green >>> 2 & 0xFF00);
            }
        }
        return half;
    }

    /** TYPE_INT_RGB with one int per pixel, rows back to back from offset 0. */
    static boolean packedRgb(BufferedImage image) {
        return image.getType() == BufferedImage.TYPE_INT_RGB
                && image.getRaster().getSampleModel() instanceof SinglePixelPackedSampleModel model
                && model.getScanlineStride() == image.getWidth()
                && image.getRaster().getSampleModelTranslateX() == 0
                && image.getRaster().getSampleModelTranslateY() == 0
                && image.getRaster().getDataBuffer().getOffset() == 0;
    }
}
