package thumbstream.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the upload-event decoders (native and S3 notification shapes).
 * Regression mode (every {@code make test}) replays the seeds in
 * {@code src/test/resources/thumbstream/event/EventDecoderFuzzTestInputs/}; {@code make fuzz}
 * explores. The contract checked is the decoder's: whatever the bytes, {@link EventDecoder#decode}
 * returns a result and never throws, and what it accepts is safe to use.
 */
class EventDecoderFuzzTest {

    private final EventDecoder decoder = new EventDecoder();

    @FuzzTest(maxDuration = FuzzSettings.MAX_DURATION)
    void decodingAnyBytesEndsInOneResultAndNeverThrows(byte[] value) {
        Decoded decoded = decoder.decode(value);

        assertThat(decoded).isNotNull();
        if (decoded instanceof Decoded.Uploads uploads) {
            for (UploadEvent upload : uploads.uploads()) {
                assertThat(upload.bucket()).isNotBlank();
                assertThat(upload.key()).isNotBlank();
                assertThat(upload.sequencer() == null || Sequencers.isValid(upload.sequencer()))
                        .as("sequencer %s", upload.sequencer())
                        .isTrue();
            }
        } else if (decoded instanceof Decoded.Invalid invalid) {
            // messages quote values, they do not echo payloads
            assertThat(invalid.message().length()).isLessThan(2_000);
        }
    }
}
