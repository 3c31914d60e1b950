package thumbstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageQualityTest {

    @Test
    void givenIdenticalImages_thenPsnrIsInfiniteAndSsimIsOne() {
        BufferedImage image = noise(64, 48, 1);

        assertThat(ImageQuality.psnr(image, image)).isInfinite();
        assertThat(ImageQuality.ssim(image, image)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void givenAUniformErrorOfTenLevels_thenPsnrIsTheTextbookValue() {
        BufferedImage a = flat(32, 32, 100);
        BufferedImage b = flat(32, 32, 110);

        // MSE 100: 10 log10(255^2 / 100) = 28.13 dB
        assertThat(ImageQuality.psnr(a, b)).isCloseTo(28.13, within(0.01));
    }

    @Test
    void givenMoreNoise_thenBothFiguresGetWorse() {
        BufferedImage clean = flat(64, 64, 128);
        BufferedImage slightly = addNoise(clean, 4, 2);
        BufferedImage heavily = addNoise(clean, 40, 3);

        assertThat(ImageQuality.psnr(clean, slightly)).isGreaterThan(ImageQuality.psnr(clean, heavily));
        assertThat(ImageQuality.ssim(noise(64, 64, 9), addNoise(noise(64, 64, 9), 4, 2)))
                .isGreaterThan(ImageQuality.ssim(noise(64, 64, 9), addNoise(noise(64, 64, 9), 40, 3)));
    }

    @Test
    void givenDifferentSizes_thenItRefuses() {
        assertThatThrownBy(() -> ImageQuality.ssim(flat(2, 2, 0), flat(3, 2, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static BufferedImage flat(int w, int h, int level) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, level << 16 | level << 8 | level);
            }
        }
        return image;
    }

    private static BufferedImage noise(int w, int h, long seed) {
        return addNoise(flat(w, h, 128), 100, seed);
    }

    private static BufferedImage addNoise(BufferedImage source, int amplitude, long seed) {
        Random random = new Random(seed);
        BufferedImage out = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                int v = Math.max(
                        0, Math.min(255, (source.getRGB(x, y) & 0xff) + random.nextInt(2 * amplitude + 1) - amplitude));
                out.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return out;
    }
}
