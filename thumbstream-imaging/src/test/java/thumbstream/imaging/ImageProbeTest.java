package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import thumbstream.imaging.ImagingException.Kind;

class ImageProbeTest {

    @Test
    void readsFormatAndSizeOfAJpeg() throws ImagingException {
        assertThat(ImageProbe.probe(TestImages.jpeg(640, 480))).isEqualTo(new ImageHeader("jpeg", 640, 480));
    }

    @Test
    void readsFormatAndSizeOfAPng() throws ImagingException {
        assertThat(ImageProbe.probe(TestImages.png(TestImages.photo(3, 7)))).isEqualTo(new ImageHeader("png", 3, 7));
    }

    @Test
    void readsAHugeDeclaredSizeFromTheHeaderAloneWithoutPixelData() throws ImagingException {
        ImageHeader header = ImageProbe.probe(TestImages.pngHeaderOnly(50_000, 50_000));

        assertThat(header).isEqualTo(new ImageHeader("png", 50_000, 50_000));
        assertThat(header.pixels()).isEqualTo(2_500_000_000L);
    }

    @Test
    void textIsUnsupported() {
        byte[] text = "just some words, not a picture".getBytes(StandardCharsets.UTF_8);

        ImagingException e = catchThrowableOfType(ImagingException.class, () -> ImageProbe.probe(text));

        assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED);
        assertThat(e).hasMessage("not a supported image format (30 bytes starting with 6a 75 73 74 20 73 6f 6d)");
    }

    @Test
    void zeroBytesAreUnsupportedNotCorrupt() {
        // Nothing identifies an empty object as any format, so it is UNSUPPORTED like any non-image.
        ImagingException e = catchThrowableOfType(ImagingException.class, () -> ImageProbe.probe(new byte[0]));

        assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED);
        assertThat(e).hasMessage("source is empty (0 bytes)");
    }

    @Test
    void aRecognisedSignatureWithABrokenHeaderIsCorrupt() {
        byte[] jpeg = TestImages.jpeg(640, 480);
        byte[] signatureOnly = Arrays.copyOf(jpeg, 4);

        ImagingException e = catchThrowableOfType(ImagingException.class, () -> ImageProbe.probe(signatureOnly));

        assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
        assertThat(e).hasMessageStartingWith("cannot read the jpeg header: ");
    }

    @Test
    void aPngHeaderDeclaringZeroWidthIsCorrupt() {
        ImagingException e =
                catchThrowableOfType(ImagingException.class, () -> ImageProbe.probe(TestImages.pngHeaderOnly(0, 10)));

        assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
    }
}
