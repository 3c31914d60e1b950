package thumbstream.imaging.placeholder;

import java.util.Locale;

/**
 * The two single-colour placeholders: the average colour and the dominant colour of some pixels,
 * as {@code #rrggbb}.
 *
 * <p>Both weight each pixel by its alpha, so a logo on a transparent background is summarised by
 * the logo, not by whatever colour its invisible pixels happen to hold; fully transparent input
 * counts every pixel alike. Stateless.
 */
final class Colors {

    /** 4 bits a channel: coarse enough that a photo's sky or a product's body lands in one bin. */
    private static final int BITS = 4;

    private Colors() {}

    /**
     * The mean colour, averaged in linear light (as the eye mixes light, and as BlurHash's DC term
     * is), then encoded back to sRGB. Averaging the sRGB numbers instead comes out too dark.
     */
    public static String average(int[] argb) {
        double r = 0, g = 0, b = 0, weight = 0;
        boolean anyOpaque = hasVisiblePixels(argb);
        for (int pixel : argb) {
            double w = anyOpaque ? (pixel >>> 24) / 255.0 : 1;
            r += w * SrgbCurve.toLinear(pixel >>> 16 & 0xFF);
            g += w * SrgbCurve.toLinear(pixel >>> 8 & 0xFF);
            b += w * SrgbCurve.toLinear(pixel & 0xFF);
            weight += w;
        }
        if (weight == 0) {
            throw new IllegalArgumentException("no pixels");
        }
        return hex(SrgbCurve.toSrgb(r / weight), SrgbCurve.toSrgb(g / weight), SrgbCurve.toSrgb(b / weight));
    }

    /**
     * The colour most of the picture has: pixels are binned by the top {@value #BITS} bits of each
     * channel, and the result is the mean sRGB colour of the heaviest bin (ties: the lower bin
     * index, so the answer is deterministic).
     */
    public static String dominant(int[] argb) {
        int bins = 1 << (3 * BITS);
        double[] weight = new double[bins];
        double[] sumR = new double[bins], sumG = new double[bins], sumB = new double[bins];
        boolean anyOpaque = hasVisiblePixels(argb);
        for (int pixel : argb) {
            double w = anyOpaque ? (pixel >>> 24) / 255.0 : 1;
            int r = pixel >>> 16 & 0xFF;
            int g = pixel >>> 8 & 0xFF;
            int b = pixel & 0xFF;
            int bin = (r >>> (8 - BITS)) << (2 * BITS) | (g >>> (8 - BITS)) << BITS | (b >>> (8 - BITS));
            weight[bin] += w;
            sumR[bin] += w * r;
            sumG[bin] += w * g;
            sumB[bin] += w * b;
        }
        int best = 0;
        for (int bin = 1; bin < bins; bin++) {
            if (weight[bin] > weight[best]) {
                best = bin;
            }
        }
        if (weight[best] == 0) {
            throw new IllegalArgumentException("no pixels");
        }
        double w = weight[best];
        return hex(
                (int) Math.round(sumR[best] / w), (int) Math.round(sumG[best] / w), (int) Math.round(sumB[best] / w));
    }

    private static boolean hasVisiblePixels(int[] argb) {
        for (int pixel : argb) {
            if (pixel >>> 24 != 0) {
                return true;
            }
        }
        return false;
    }

    static String hex(int r, int g, int b) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }
}
