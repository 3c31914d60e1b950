package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The box reduction of 8-bit RGB rows ({@link BoxSums}: column totals eight samples at a time,
 * division by reciprocal) gives exactly the rounded mean of each box's pixels.
 */
class BoxSumsTest {

    @Test
    void eachBoxIsTheRoundedMeanOfThePixelsItCovers() throws Exception {
        // Widths whose samples are not a multiple of eight, and boxes that do not divide the sides.
        for (int[] size : new int[][] {{37, 23}, {301, 203}, {8, 8}, {3, 129}}) {
            BufferedImage image = TestImages.detailed(size[0], size[1], false);
            byte[] png = TestImages.png(image);
            BufferedImage source = ImageIO.read(new ByteArrayInputStream(png));
            for (int factor : new int[] {1, 2, 3, 5, 8, 13, 128}) {
                // when the row decoder reduces it (both inflate paths share the reduction)
                BufferedImage reduced = PngRows.decode(png, factor, false);

                // then every pixel is the rounded mean of its box
                assertThat(reduced.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
                for (int by = 0; by < reduced.getHeight(); by++) {
                    for (int bx = 0; bx < reduced.getWidth(); bx++) {
                        assertThat(Integer.toHexString(reduced.getRGB(bx, by)))
                                .as("%dx%d box %d at (%d,%d)", size[0], size[1], factor, bx, by)
                                .isEqualTo(Integer.toHexString(boxMean(source, bx, by, factor)));
                    }
                }
            }
        }
    }

    @Test
    void reciprocalsDivideExactlyOverEverySumABoxCanHave() {
        for (int n = 1; n <= PngRows.MAX_FACTOR * PngRows.MAX_FACTOR; n += n < 300 ? 1 : 97) {
            long m = BoxSums.reciprocal(n);
            // sums of up to n samples of 255, plus n / 2 for rounding
            for (long x = 0; x < 256L * n; x += 1 + x / 64) {
                assertThat(x * m >>> BoxSums.RECIPROCAL_SHIFT)
                        .as("%d / %d", x, n)
                        .isEqualTo(x / n);
            }
            long top = 256L * n - 1;
            assertThat(top * m >>> BoxSums.RECIPROCAL_SHIFT)
                    .as("%d / %d", top, n)
                    .isEqualTo(top / n);
        }
    }

    private static int boxMean(BufferedImage source, int bx, int by, int factor) {
        int r = 0, g = 0, b = 0, n = 0;
        for (int y = by * factor; y < Math.min(source.getHeight(), (by + 1) * factor); y++) {
            for (int x = bx * factor; x < Math.min(source.getWidth(), (bx + 1) * factor); x++) {
                int rgb = source.getRGB(x, y);
                r += rgb >> 16 & 0xff;
                g += rgb >> 8 & 0xff;
                b += rgb & 0xff;
                n++;
            }
        }
        return 0xff000000 | (r + n / 2) / n << 16 | (g + n / 2) / n << 8 | (b + n / 2) / n;
    }
}
