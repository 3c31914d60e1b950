package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Exact halvings average each 2x2 block, stop at twice the size needed, and skip images with alpha. */
class BoxHalvingTest {

    @Test
    void eachOutputPixelIsTheRoundedMeanOfItsBlock() {
        BufferedImage image = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xFF0000);
        image.setRGB(1, 0, 0x00FF00);
        image.setRGB(0, 1, 0x0000FF);
        image.setRGB(1, 1, 0xFFFFFF);
        for (int x = 2; x < 4; x++) {
            image.setRGB(x, 0, 0x102030);
            image.setRGB(x, 1, 0x112233);
        }

        BufferedImage half = BoxHalving.halve(image);

        assertThat(half.getWidth()).isEqualTo(2);
        assertThat(half.getHeight()).isEqualTo(1);
        assertThat(half.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x808080); // (255+0+0+255)/4 rounded, each channel
        assertThat(half.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x112132); // 0x10.8, 0x20.8, 0x31.8 rounded up
    }

    @Test
    void halvesOnlyWhileTwiceTheNeedRemains() {
        BufferedImage image = new BufferedImage(1000, 800, BufferedImage.TYPE_INT_RGB);

        assertThat(BoxHalving.reduce(image, 320, 256).getWidth()).isEqualTo(500); // 250 < 2 x 320: stop
        assertThat(BoxHalving.reduce(image, 100, 80).getWidth()).isEqualTo(125); // 125 >= 100, and 62 would not be
        assertThat(BoxHalving.reduce(image, 600, 480)).isSameAs(image);
    }

    @Test
    void leavesImagesWithAlphaOrOtherLayoutsToThumbnailator() {
        BufferedImage argb = new BufferedImage(1000, 800, BufferedImage.TYPE_INT_ARGB);
        BufferedImage bgr = new BufferedImage(1000, 800, BufferedImage.TYPE_3BYTE_BGR);

        assertThat(BoxHalving.reduce(argb, 100, 80)).isSameAs(argb);
        assertThat(BoxHalving.reduce(bgr, 100, 80)).isSameAs(bgr);
    }
}
