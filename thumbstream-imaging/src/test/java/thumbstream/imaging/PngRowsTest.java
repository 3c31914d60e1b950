package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The PNG row decoder ({@link PngRows}) against the ImageIO path it replaces: exact pixels at box
 * size 1, and thumbnails within a small mean difference of today's when it reduces.
 */
class PngRowsTest {

    @Test
    void decodesEveryPixelExactlyAsImageIoDoesAtBoxSizeOne() throws Exception {
        for (byte[] png : List.of(
                TestImages.png(TestImages.detailed(301, 203, false)),
                TestImages.png(TestImages.detailed(157, 99, true)),
                Fixtures.bytes("rgb16.png"),
                Fixtures.bytes("rgba.png"),
                Fixtures.bytes("palette-transparent.png"),
                Fixtures.bytes("strip-10000x10.png"))) {
            // given the reference decode
            BufferedImage expected = ImageIO.read(new ByteArrayInputStream(png));

            // when the row decoder reads it without reducing
            BufferedImage actual = PngRows.decode(png, 1);

            // then every visible pixel is the same (fully transparent ones carry no colour)
            assertThat(actual).isNotNull();
            assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
            assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
            for (int y = 0; y < expected.getHeight(); y++) {
                for (int x = 0; x < expected.getWidth(); x++) {
                    int e = expected.getRGB(x, y);
                    int a = actual.getRGB(x, y);
                    if (e >>> 24 == 0) {
                        assertThat(a >>> 24).isZero();
                    } else {
                        assertThat(Integer.toHexString(a)).as("(%d,%d)", x, y).isEqualTo(Integer.toHexString(e));
                    }
                }
            }
        }
    }

    @Test
    void averagesEachBoxAndCountsPartialBoxesAtTheEdges() {
        // given a 5x3 image: left 4 columns white, last column black
        BufferedImage image = new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                image.setRGB(x, y, 0xffffff);
            }
        }

        // when reduced by boxes of 2
        BufferedImage reduced = PngRows.decode(TestImages.png(image), 2);

        // then sides are rounded up and the partial boxes are averaged over what they cover
        assertThat(reduced.getWidth()).isEqualTo(3);
        assertThat(reduced.getHeight()).isEqualTo(2);
        assertThat(reduced.getRGB(0, 0) & 0xffffff).isEqualTo(0xffffff);
        assertThat(reduced.getRGB(2, 0) & 0xffffff).isZero(); // the black column alone
        assertThat(reduced.getRGB(0, 1) & 0xffffff).isEqualTo(0xffffff); // the last row alone
    }

    @Test
    void thumbnailsStayCloseToTodaysAndAtLeastAsCloseToAnAreaAverageOfTheFullImage() throws Exception {
        ThumbnailRenderer rows =
                new ThumbnailRenderer(100_000_000, Budget.ofPixels(1L << 30), JpegBackend.IMAGEIO, true);
        ThumbnailRenderer imageIo =
                new ThumbnailRenderer(100_000_000, Budget.ofPixels(1L << 30), JpegBackend.IMAGEIO, false);
        RenditionSpec spec = RenditionSpec.parseList("small:320x320:fit:png").get(0);
        for (byte[] png : List.of(
                TestImages.png(TestImages.detailed(2400, 1600, false)),
                TestImages.png(TestImages.detailed(1800, 2700, true)))) {
            // when both paths render the same source
            BufferedImage fast = overWhite(
                    TestImages.decode(rows.render(png, List.of(spec)).get(0).bytes()));
            BufferedImage today = overWhite(
                    TestImages.decode(imageIo.render(png, List.of(spec)).get(0).bytes()));
            // and a reference averages every source pixel into the thumbnail's size
            BufferedImage reference = areaAverage(ImageIO.read(new ByteArrayInputStream(png)), fast);

            // then the row path is close to today's output, and no further from the reference
            double toToday = TestImages.meanAbsoluteDifference(fast, today);
            double fastError = TestImages.meanAbsoluteDifference(fast, reference);
            double todayError = TestImages.meanAbsoluteDifference(today, reference);
            assertThat(toToday).as("difference to today's thumbnail").isLessThan(5.0);
            assertThat(fastError)
                    .as("row path %.2f vs ImageIO path %.2f from the area average", fastError, todayError)
                    .isLessThanOrEqualTo(todayError + 0.25);
        }
    }

    /** What a viewer shows: the image composited over white (transparent pixels carry no colour). */
    private static BufferedImage overWhite(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    private static BufferedImage areaAverage(BufferedImage source, BufferedImage sizeOf) {
        java.awt.Image scaled =
                source.getScaledInstance(sizeOf.getWidth(), sizeOf.getHeight(), java.awt.Image.SCALE_AREA_AVERAGING);
        BufferedImage out = new BufferedImage(sizeOf.getWidth(), sizeOf.getHeight(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(scaled, 0, 0, null);
        g.dispose();
        return overWhite(out);
    }

    @Test
    void leavesGreyInterlacedAndDamagedFilesToImageIo() throws Exception {
        BufferedImage grey = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
        byte[] good = TestImages.png(TestImages.detailed(64, 48, false));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);

        assertThat(PngRows.decode(TestImages.png(grey), 1)).isNull();
        assertThat(PngRows.decode(truncated, 1)).isNull();
        assertThat(PngRows.decode(TestImages.jpeg(64, 48), 1)).isNull();
    }
}
