package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the hand-written JPEG marker parsers: the EXIF orientation reader,
 * the ICC-profile check and the scan counter. They run on every source before any decoder and
 * must never throw (bad segments mean "normal orientation", "no profile", "stop counting"), nor
 * loop without end. Seeds: {@code src/test/resources/thumbstream/imaging/JpegSegmentsFuzzTestInputs/}.
 */
class JpegSegmentsFuzzTest {

    @FuzzTest(maxDuration = FuzzSettings.MAX_DURATION)
    void markerParsersAcceptAnyBytesWithoutThrowing(byte[] data) {
        Orientation orientation = ExifOrientation.of(data);
        boolean icc = JpegSegments.hasIccProfile(data);
        int scans = JpegSegments.scanCount(data, ThumbnailRenderer.MAX_SCANS);

        assertThat(orientation).isNotNull();
        assertThat(scans).isBetween(0, ThumbnailRenderer.MAX_SCANS + 1);
        if (!JpegSegments.isJpeg(data)) {
            assertThat(icc).isFalse();
            assertThat(scans).isZero();
        }
    }
}
