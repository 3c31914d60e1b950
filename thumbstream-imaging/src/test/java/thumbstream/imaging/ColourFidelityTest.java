package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static thumbstream.imaging.TestImages.assertRoughly;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thumbnails show the colours the source means, whatever colour model it was stored in. Outputs
 * are PNG so that only the source's own compression loss is in the way.
 */
@ParameterizedClass(name = "JPEG via {0}")
@EnumSource(JpegBackend.class)
class ColourFidelityTest {

    private final ThumbnailRenderer renderer;

    ColourFidelityTest(JpegBackend jpeg) {
        this.renderer = JpegBackends.renderer(jpeg);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cmyk.jpg", "ycck.jpg"})
    void cmykInksBecomeTheirColoursNotTheirInverse(String fixture) throws ImagingException {
        // Quadrants: red (M+Y ink), no ink, blue (C+M ink), black (K ink). An inverted decode would
        // show cyan and black where red and white belong; a naive one would show muddy tones.
        BufferedImage thumb = Fixtures.render(renderer, fixture, "t:64x64:fit:png");

        Color red = Fixtures.colourAt(thumb, 16, 12);
        assertThat(red.getRed()).as("red of %s", red).isGreaterThan(200);
        assertThat(red.getGreen()).as("green of %s", red).isLessThan(70);
        assertThat(red.getBlue()).as("blue of %s", red).isLessThan(70);
        Color paper = Fixtures.colourAt(thumb, 48, 12);
        assertThat(Math.min(paper.getRed(), Math.min(paper.getGreen(), paper.getBlue())))
                .as("%s", paper)
                .isGreaterThan(230);
        Color blue = Fixtures.colourAt(thumb, 16, 36);
        assertThat(blue.getBlue()).as("blue of %s", blue).isGreaterThan(140);
        assertThat(Math.max(blue.getRed(), blue.getGreen())).as("%s", blue).isLessThan(blue.getBlue() - 80);
        Color black = Fixtures.colourAt(thumb, 48, 36);
        assertThat(Math.max(black.getRed(), Math.max(black.getGreen(), black.getBlue())))
                .as("%s", black)
                .isLessThan(50);
    }

    /**
     * Expected values: the fixture's pixel values converted from its embedded profile to sRGB by
     * LittleCMS through ImageMagick when the fixtures were made (see scripts/make-fixtures.sh).
     * Left as they are, the pixels would be off by up to 70 in one channel.
     */
    @ParameterizedTest(name = "{0} -> sRGB ({1},{2},{3})")
    @CsvSource({"adobe-rgb.jpg, 50, 201, 65", "adobe-rgb.tiff, 50, 201, 67", "display-p3.jpg, 230, 230, 25"})
    void wideGamutSourcesAreConvertedToSrgb(String fixture, int red, int green, int blue) throws ImagingException {
        BufferedImage thumb = Fixtures.render(renderer, fixture, "t:64x64:fit:png");

        Color expected = new Color(red, green, blue);

        assertWithin(Fixtures.colourAt(thumb, 16, 24), expected, 8);
        assertWithin(Fixtures.colourAt(thumb, 48, 24), new Color(128, 128, 128), 8); // grey stays grey
    }

    @Test
    void grayscaleKeepsItsTonesWithoutAGammaShift() throws ImagingException {
        // Java treats 8-bit grey as linear light when asked for RGB, which would lift 48 to ~120.
        BufferedImage thumb = Fixtures.render(renderer, "grayscale.jpg", "t:80x80:fit:jpg");

        assertRoughly(Fixtures.colourAt(thumb, 20, 30), new Color(48, 48, 48));
        assertRoughly(Fixtures.colourAt(thumb, 60, 30), new Color(208, 208, 208));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"palette-transparent.png", "rgba.png"})
    void transparencyIsFlattenedOntoWhiteForJpeg(String fixture) throws ImagingException {
        BufferedImage thumb = Fixtures.render(renderer, fixture, "t:80x80:fit:jpg");

        assertRoughly(Fixtures.colourAt(thumb, 70, 20), Color.WHITE);
        assertRoughly(Fixtures.colourAt(thumb, 4, 4), fixture.startsWith("rgba") ? Color.BLUE : Color.RED);
    }

    @Test
    void halfTransparentBlackOverBlueFlattensToDarkBlueNotBlack() throws ImagingException {
        BufferedImage thumb = Fixtures.render(renderer, "rgba.png", "t:80x80:fit:jpg");

        assertRoughly(Fixtures.colourAt(thumb, 20, 20), new Color(0, 0, 128));
    }

    @Test
    void transparencyStaysTransparentInPng() throws ImagingException {
        BufferedImage thumb = Fixtures.render(renderer, "palette-transparent.png", "t:80x80:fit:png");

        assertThat(Fixtures.colourAt(thumb, 70, 20).getAlpha()).isZero();
        assertThat(Fixtures.colourAt(thumb, 10, 20)).isEqualTo(Color.RED);
    }

    @Test
    void anAnimatedGifIsRenderedFromItsFirstFrame() throws ImagingException {
        BufferedImage thumb = Fixtures.render(renderer, "animated.gif", "t:20x20:fit:png");

        assertThat(Fixtures.colourAt(thumb, 10, 7)).isEqualTo(Color.RED);
    }

    private static void assertWithin(Color actual, Color expected, int tolerance) {
        assertThat(actual.getRed()).as("red of %s", actual).isCloseTo(expected.getRed(), within(tolerance));
        assertThat(actual.getGreen()).as("green of %s", actual).isCloseTo(expected.getGreen(), within(tolerance));
        assertThat(actual.getBlue()).as("blue of %s", actual).isCloseTo(expected.getBlue(), within(tolerance));
    }
}
