package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The libjpeg-turbo reduction is the smallest eighth whose decode still covers every rendition. */
class DctScaleTest {

    /** What libjpeg-turbo 2.x offers up to 1/1, in its own order. */
    private static final List<TurboJpeg.Scale> EIGHTHS = List.of(
            new TurboJpeg.Scale(1, 1),
            new TurboJpeg.Scale(7, 8),
            new TurboJpeg.Scale(3, 4),
            new TurboJpeg.Scale(5, 8),
            new TurboJpeg.Scale(1, 2),
            new TurboJpeg.Scale(3, 8),
            new TurboJpeg.Scale(1, 4),
            new TurboJpeg.Scale(1, 8));

    @ParameterizedTest(name = "{2} from {0}x{1} decodes at {3}/{4}")
    @CsvSource({
        "1000, 1000, small:320x320:fit,                          3, 8", // 375 >= 320; 1/4 gives 250
        "1000, 1000, medium:1024x1024:fit,                       1, 1", // never upscaled: needs all 1000
        "1000, 1000, 'small:320x320:fit,medium:1024x1024:fit',   1, 1", // the largest rendition decides
        "6000, 4000, small:320x320:fit,                          1, 8", // 750x500, the smallest there is
        "6000, 4000, medium:1024x1024:fit,                       1, 4", // 1500 >= 1024; 1/8 gives 750
        "4000, 3000, square:256x256:crop,                        1, 8", // crop needs the cover: 341x256
        "1600, 1200, square:600x600:crop,                        1, 2", // cover 800x600
        "2560, 1440, b:1920x1080:fit,                            3, 4", // 1920x1080 exactly
        "1, 1, small:320x320:fit,                                1, 8", // a side never goes below 1
    })
    void picksTheSmallestScaleThatStillCoversTheLargestRendition(
            int width, int height, String specs, int num, int denom) {
        TurboJpeg.Scale scale = Geometry.dctScale(width, height, RenditionSpec.parseList(specs), EIGHTHS, 1.0);

        assertThat(scale).isEqualTo(new TurboJpeg.Scale(num, denom));
    }

    @ParameterizedTest(name = "margin 2 for 320 from {0}x{0}: {1}/{2}")
    @CsvSource({"1000, 3, 4", "2000, 3, 8", "6000, 1, 8"})
    void aMarginAsksForThatMuchMore(int side, int num, int denom) {
        TurboJpeg.Scale scale = Geometry.dctScale(side, side, RenditionSpec.parseList("s:320x320"), EIGHTHS, 2.0);

        assertThat(scale).isEqualTo(new TurboJpeg.Scale(num, denom));
    }

    @ParameterizedTest(name = "{0} at {1}/{2} is {3}")
    @CsvSource({"1000, 3, 8, 375", "1001, 1, 8, 126", "7, 1, 8, 1", "4000, 1, 1, 4000"})
    void scaledSidesRoundUpLikeLibjpegTurbo(int side, int num, int denom, int scaled) {
        assertThat(new TurboJpeg.Scale(num, denom).apply(side)).isEqualTo(scaled);
    }
}
