package thumbstream.imaging.placeholder;

/**
 * Encodes pixels as a <a href="https://blurha.sh">BlurHash</a>: the average colour and a few cosine
 * components of the picture in linear light, quantised into a short base-83 string that a client
 * decodes into a blurred preview.
 *
 * <p>Written from the published algorithm (woltapp/blurhash {@code Algorithm.md}) and checked
 * against its C reference, {@code blurHashForPixels}, on the pixels of {@code
 * src/test/resources/placeholder/reference-vectors.json}. As in the C and Swift references, the
 * AC terms are scaled by their largest magnitude (the npm package takes the largest signed value
 * instead and produces different strings for the same pixels).
 *
 * <p>Cost is {@code width x height x components}; callers hand in a downscaled copy (at most
 * 100x100 in the pipeline), where a 4x3 hash takes well under a millisecond. Stateless.
 */
public final class BlurHash {

    private static final String BASE83 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

    private BlurHash() {}

    /**
     * The BlurHash of {@code argb} (packed {@code 0xAARRGGBB}, row by row; alpha ignored as the
     * reference does).
     *
     * @param xComponents horizontal cosine components, 1..9
     * @param yComponents vertical cosine components, 1..9
     */
    public static String encode(int[] argb, int width, int height, int xComponents, int yComponents) {
        if (xComponents < 1 || xComponents > 9 || yComponents < 1 || yComponents > 9) {
            throw new IllegalArgumentException(
                    "BlurHash needs 1..9 components per axis, got " + xComponents + "x" + yComponents);
        }
        if (width < 1 || height < 1 || argb.length != width * height) {
            throw new IllegalArgumentException(width + "x" + height + " does not match " + argb.length + " pixels");
        }
        double[][] factors = new double[xComponents * yComponents][];
        for (int j = 0; j < yComponents; j++) {
            for (int i = 0; i < xComponents; i++) {
                factors[j * xComponents + i] = factor(argb, width, height, i, j);
            }
        }
        StringBuilder hash = new StringBuilder();
        base83(hash, (xComponents - 1) + (yComponents - 1) * 9, 1);
        double maximum = 1;
        if (factors.length > 1) {
            double largest = 0;
            for (int k = 1; k < factors.length; k++) {
                for (double channel : factors[k]) {
                    largest = Math.max(largest, Math.abs(channel));
                }
            }
            int quantised = (int) Math.max(0, Math.min(82, Math.floor(largest * 166 - 0.5)));
            maximum = (quantised + 1) / 166.0;
            base83(hash, quantised, 1);
        } else {
            base83(hash, 0, 1);
        }
        double[] dc = factors[0];
        base83(hash, (toSrgb(dc[0]) << 16) + (toSrgb(dc[1]) << 8) + toSrgb(dc[2]), 4);
        for (int k = 1; k < factors.length; k++) {
            double[] ac = factors[k];
            base83(
                    hash,
                    quantiseAc(ac[0], maximum) * 19 * 19 + quantiseAc(ac[1], maximum) * 19 + quantiseAc(ac[2], maximum),
                    2);
        }
        return hash.toString();
    }

    /** The mean of the linear RGB channels weighted by the cosine basis (i, j), normalised as the reference does. */
    private static double[] factor(int[] argb, int width, int height, int i, int j) {
        double normalisation = i == 0 && j == 0 ? 1 : 2;
        double[] cosX = new double[width];
        for (int x = 0; x < width; x++) {
            cosX[x] = StrictMath.cos(Math.PI * i * x / width);
        }
        double r = 0;
        double g = 0;
        double b = 0;
        for (int y = 0; y < height; y++) {
            double cosY = StrictMath.cos(Math.PI * j * y / height);
            int row = y * width;
            for (int x = 0; x < width; x++) {
                double basis = normalisation * cosX[x] * cosY;
                int pixel = argb[row + x];
                r += basis * SrgbCurve.toLinear(pixel >>> 16 & 0xFF);
                g += basis * SrgbCurve.toLinear(pixel >>> 8 & 0xFF);
                b += basis * SrgbCurve.toLinear(pixel & 0xFF);
            }
        }
        double scale = 1.0 / ((double) width * height);
        return new double[] {r * scale, g * scale, b * scale};
    }

    private static int quantiseAc(double value, double maximum) {
        double signedRoot = Math.copySign(Math.sqrt(Math.abs(value / maximum)), value);
        return (int) Math.max(0, Math.min(18, Math.floor(signedRoot * 9 + 9.5)));
    }

    private static int toSrgb(double linear) {
        return SrgbCurve.toSrgb(linear);
    }

    private static void base83(StringBuilder out, int value, int length) {
        for (int digit = 1; digit <= length; digit++) {
            int divisor = 1;
            for (int k = 0; k < length - digit; k++) {
                divisor *= 83;
            }
            out.append(BASE83.charAt(value / divisor % 83));
        }
    }
}
