package thumbstream.imaging.placeholder;

/** The sRGB transfer curve, both ways, as BlurHash and colour averages use it (IEC 61966-2-1). */
final class SrgbCurve {

    /** Every 8-bit value's linear light: a pow per pixel and channel would cost more than the rest of a placeholder. */
    private static final double[] LINEAR = new double[256];

    static {
        for (int i = 0; i < 256; i++) {
            double v = i / 255.0;
            LINEAR[i] = v <= 0.04045 ? v / 12.92 : StrictMath.pow((v + 0.055) / 1.055, 2.4);
        }
    }

    private SrgbCurve() {}

    /** An 8-bit sRGB channel value (0..255) as linear light in 0..1. */
    static double toLinear(int channel) {
        return LINEAR[channel];
    }

    /** Linear light (clamped to 0..1) as an 8-bit sRGB channel value, rounded half up. */
    static int toSrgb(double linear) {
        double v = Math.max(0, Math.min(1, linear));
        double encoded = v <= 0.0031308 ? v * 12.92 : 1.055 * StrictMath.pow(v, 1 / 2.4) - 0.055;
        return (int) (encoded * 255 + 0.5);
    }
}
