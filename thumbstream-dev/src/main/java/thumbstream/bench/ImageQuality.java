package thumbstream.bench;

import java.awt.image.BufferedImage;

/**
 * Full-reference quality of an encoded thumbnail against the resized image it was encoded from:
 * PSNR over the RGB channels and SSIM over luma.
 *
 * <p>SSIM follows Wang et al. (2004) with the usual constants (K1 0.01, K2 0.03, L 255) on 8x8
 * windows stepped by 4 pixels, plain means rather than the paper's Gaussian weighting; good enough
 * to rank formats at equal settings, not to compare with figures from other tools to the third
 * decimal.
 */
final class ImageQuality {

    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);
    private static final int WINDOW = 8;
    private static final int STEP = 4;

    private ImageQuality() {}

    /** Peak signal-to-noise ratio in dB over R, G and B; infinite for identical images. */
    static double psnr(BufferedImage reference, BufferedImage test) {
        requireSameSize(reference, test);
        double sum = 0;
        for (int y = 0; y < reference.getHeight(); y++) {
            for (int x = 0; x < reference.getWidth(); x++) {
                int a = reference.getRGB(x, y);
                int b = test.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    double d = (a >> shift & 0xff) - (b >> shift & 0xff);
                    sum += d * d;
                }
            }
        }
        double mse = sum / (3.0 * reference.getWidth() * reference.getHeight());
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255 * 255 / mse);
    }

    /** Mean SSIM of the luma (BT.601) over all windows; 1 for identical images. */
    static double ssim(BufferedImage reference, BufferedImage test) {
        requireSameSize(reference, test);
        int width = reference.getWidth();
        int height = reference.getHeight();
        double[] a = luma(reference);
        double[] b = luma(test);
        int window = Math.min(WINDOW, Math.min(width, height));
        double total = 0;
        int windows = 0;
        for (int y0 = 0; y0 + window <= height; y0 += STEP) {
            for (int x0 = 0; x0 + window <= width; x0 += STEP) {
                double ma = 0, mb = 0;
                for (int y = y0; y < y0 + window; y++) {
                    for (int x = x0; x < x0 + window; x++) {
                        ma += a[y * width + x];
                        mb += b[y * width + x];
                    }
                }
                int n = window * window;
                ma /= n;
                mb /= n;
                double va = 0, vb = 0, cov = 0;
                for (int y = y0; y < y0 + window; y++) {
                    for (int x = x0; x < x0 + window; x++) {
                        double da = a[y * width + x] - ma;
                        double db = b[y * width + x] - mb;
                        va += da * da;
                        vb += db * db;
                        cov += da * db;
                    }
                }
                va /= n - 1;
                vb /= n - 1;
                cov /= n - 1;
                total += ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
                windows++;
            }
        }
        return total / windows;
    }

    private static double[] luma(BufferedImage image) {
        int width = image.getWidth();
        double[] y = new double[width * image.getHeight()];
        for (int row = 0; row < image.getHeight(); row++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, row);
                y[row * width + x] = 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
            }
        }
        return y;
    }

    private static void requireSameSize(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new IllegalArgumentException("sizes differ: " + a.getWidth() + "x" + a.getHeight() + " and "
                    + b.getWidth() + "x" + b.getHeight());
        }
    }
}
