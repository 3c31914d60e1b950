package thumbstream.imaging;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The committed fixture corpus in {@code src/test/resources/fixtures/}, made by
 * {@code scripts/make-fixtures.sh}; that script says what each file holds and how it was made.
 */
final class Fixtures {

    private Fixtures() {}

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new AssertionError("missing fixture " + name + "; run scripts/make-fixtures.sh");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renders {@code fixture} with the one {@code spec} and returns the output as it decodes. */
    static BufferedImage render(ThumbnailRenderer renderer, String fixture, String spec) throws ImagingException {
        List<RenderedImage> rendered = renderer.render(bytes(fixture), List.of(RenditionSpec.parse(spec)));
        return TestImages.decode(rendered.get(0).bytes());
    }

    static Color colourAt(BufferedImage image, int x, int y) {
        return new Color(image.getRGB(x, y), true);
    }
}
