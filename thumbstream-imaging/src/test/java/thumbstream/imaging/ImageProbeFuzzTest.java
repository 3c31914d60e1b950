package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the header-only probe and the format sniffer, the first code that
 * reads an untrusted object. Contract: a header with a positive size, or an {@link ImagingException}
 * that says why; never another exception. Seeds: small images of every supported format in
 * {@code src/test/resources/thumbstream/imaging/ImageProbeFuzzTestInputs/}.
 */
class ImageProbeFuzzTest {

    @FuzzTest(maxDuration = FuzzSettings.MAX_DURATION)
    void probingAnyBytesGivesAHeaderOrAnImagingException(byte[] data) {
        FormatSniffer.formatOf(data);
        try {
            ImageProbe.Layout layout = ImageProbe.probeLayout(data);
            assertThat(layout.header().width()).isPositive();
            assertThat(layout.header().height()).isPositive();
            assertThat(layout.bytesPerPixel()).isPositive();
        } catch (ImagingException expected) {
            assertThat(expected.kind()).isNotNull();
        }
    }
}
