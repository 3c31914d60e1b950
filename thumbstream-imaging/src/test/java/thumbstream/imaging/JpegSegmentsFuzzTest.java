package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the hand-written JPEG marker parsers: the EXIF orientation reader,
 * the ICC-profile check, the scan counter and the frame reader the native budget charges by. They
 * run on every source before any decoder and must never throw (bad segments mean "normal
 * orientation", "no profile", "stop counting", "no frame"), nor loop without end. Seeds: {@code src/test/resources/thumbstream/imaging/JpegSegmentsFuzzTestInputs/}.
 */
class JpegSegmentsFuzzTest {

    @FuzzTest(maxDuration = FuzzSettings.MAX_DURATION)
    void markerParsersAcceptAnyBytesWithoutThrowing(byte[] data) {
        Orientation orientation = ExifOrientation.of(data);
        boolean icc = JpegSegments.hasIccProfile(data);
        int scans = JpegSegments.scanCount(data, DecodeChain.MAX_SCANS);
        JpegFrame frame = JpegFrame.parse(data);

        assertThat(orientation).isNotNull();
        assertThat(scans).isBetween(0, DecodeChain.MAX_SCANS + 1);
        if (frame != null) {
            // at most 10 components of 65535 x 65535: a bounded, non-negative charge
            assertThat(frame.coefficientBytes()).isBetween(0L, JpegFrame.MAX_COMPONENTS * 8200L * 8200 * 128);
            assertThat(frame.scanStart()).isBetween(4, data.length);
            assertThat(NativeCharges.imageIoJpeg(data, frame, frame.width(), frame.height()))
                    .isNotNegative();
        }
        if (!JpegSegments.isJpeg(data)) {
            assertThat(icc).isFalse();
            assertThat(scans).isZero();
            assertThat(frame).isNull();
        }
    }
}
