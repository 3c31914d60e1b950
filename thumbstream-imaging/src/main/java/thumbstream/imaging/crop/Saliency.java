package thumbstream.imaging.crop;

/**
 * How much each pixel of a small picture draws the eye, by the three cues libvips' {@code
 * attention} smart crop uses, computed in CIE Lab:
 *
 * <ul>
 *   <li>edges: the Sobel gradient of lightness, {@code |gx| + |gy|} (0..400 on a hard black/white edge);
 *   <li>skin: 255 where a* is in 3..22, b* in 4..31 and L* at least 15 (libvips' ranges, trained on
 *       a wide set of skin tones);
 *   <li>saturation: 255 where the chroma is above 60.
 * </ul>
 *
 * The cues are summed per pixel; what is done with the map is {@link AttentionCrop}'s business.
 */
final class Saliency {

    private static final double SKIN_A_LOW = 3, SKIN_A_HIGH = 22, SKIN_B_LOW = 4, SKIN_B_HIGH = 31, SKIN_L_MIN = 15;
    private static final double SATURATED_CHROMA = 60;
    private static final double MASK = 255;

    private Saliency() {}

    /** The saliency of each of the {@code width x height} packed RGB pixels (alpha ignored), row by row. */
    static double[] of(int[] argb, int width, int height) {
        int n = width * height;
        double[] lightness = new double[n];
        double[] saliency = new double[n];
        double[] lab = new double[3];
        for (int i = 0; i < n; i++) {
            Lab.fromSrgb(argb[i], lab);
            lightness[i] = lab[0];
            boolean skin = lab[1] >= SKIN_A_LOW
                    && lab[1] <= SKIN_A_HIGH
                    && lab[2] >= SKIN_B_LOW
                    && lab[2] <= SKIN_B_HIGH
                    && lab[0] >= SKIN_L_MIN;
            boolean saturated = Math.hypot(lab[1], lab[2]) > SATURATED_CHROMA;
            saliency[i] = (skin ? MASK : 0) + (saturated ? MASK : 0);
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                saliency[y * width + x] += sobel(lightness, width, height, x, y);
            }
        }
        return saliency;
    }

    /** {@code |gx| + |gy|} of the 3x3 Sobel kernels at (x, y), edges repeated beyond the border. */
    private static double sobel(double[] l, int width, int height, int x, int y) {
        int x0 = Math.max(0, x - 1), x1 = Math.min(width - 1, x + 1);
        int y0 = Math.max(0, y - 1), y1 = Math.min(height - 1, y + 1);
        double gx = (l[y0 * width + x1] + 2 * l[y * width + x1] + l[y1 * width + x1])
                - (l[y0 * width + x0] + 2 * l[y * width + x0] + l[y1 * width + x0]);
        double gy = (l[y1 * width + x0] + 2 * l[y1 * width + x] + l[y1 * width + x1])
                - (l[y0 * width + x0] + 2 * l[y0 * width + x] + l[y0 * width + x1]);
        return Math.abs(gx) + Math.abs(gy);
    }

    /** sRGB to CIE L*a*b* (D65 white), the colour space the libvips cues are defined in. */
    static final class Lab {
        private static final double[] LINEAR = new double[256];

        static {
            for (int i = 0; i < 256; i++) {
                double v = i / 255.0;
                LINEAR[i] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
            }
        }

        private Lab() {}

        /** Writes L* (0..100), a*, b* of the packed RGB {@code pixel} into {@code out}. */
        static void fromSrgb(int pixel, double[] out) {
            double r = LINEAR[pixel >>> 16 & 0xFF];
            double g = LINEAR[pixel >>> 8 & 0xFF];
            double b = LINEAR[pixel & 0xFF];
            double x = f((0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047);
            double y = f(0.2126729 * r + 0.7151522 * g + 0.0721750 * b);
            double z = f((0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883);
            out[0] = 116 * y - 16;
            out[1] = 500 * (x - y);
            out[2] = 200 * (y - z);
        }

        private static double f(double t) {
            return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
        }
    }
}
