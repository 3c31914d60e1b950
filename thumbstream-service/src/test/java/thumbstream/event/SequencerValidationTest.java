package thumbstream.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A sequencer is compared with others later, so a bad one is refused when the event is decoded. */
class SequencerValidationTest {

    private final EventDecoder decoder = new EventDecoder();

    private Decoded decode(String json) {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNonHexSequencerInANotificationMakesTheEventInvalid() {
        Decoded decoded =
                decode("{\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"media\"},"
                        + "\"object\":{\"key\":\"a.jpg\",\"sequencer\":\"ZZZZ\"}}}]}");

        assertThat(decoded)
                .isInstanceOfSatisfying(
                        Decoded.Invalid.class,
                        i -> assertThat(i.message())
                                .contains("Records[0].s3.object.sequencer")
                                .contains("hex digits"));
    }

    @Test
    void anOverlongSequencerInANativeEventMakesTheEventInvalid() {
        Decoded decoded = decode("{\"bucket\":\"media\",\"key\":\"a.jpg\",\"sequencer\":\"" + "0".repeat(5000) + "\"}");

        assertThat(decoded)
                .isInstanceOfSatisfying(
                        Decoded.Invalid.class,
                        i -> assertThat(i.message()).contains("sequencer").hasSizeLessThan(300));
    }

    @Test
    void aHexSequencerIsKept() {
        Decoded decoded = decode("{\"bucket\":\"media\",\"key\":\"a.jpg\",\"sequencer\":\"0055aed6dcd90281e5\"}");

        assertThat(decoded)
                .isInstanceOfSatisfying(
                        Decoded.Uploads.class,
                        u -> assertThat(u.uploads().get(0).sequencer()).isEqualTo("0055aed6dcd90281e5"));
    }

    @Test
    void sequencersAsLongAsS3AndMinioSendAreKept() {
        // AWS: 18 hex digits (its documented example); MinIO: 16, the event time's UnixNano in hex
        assertThat(Sequencers.isValid("0055AED6DCD90281E5")).isTrue();
        assertThat(Sequencers.isValid("15CFEDF8D5304D1A")).isTrue();
    }

    @Test
    void aSequencerLongerThanS3OrMinioSendsMakesTheEventInvalid() {
        String forged = "F".repeat(21);

        Decoded decoded = decode("{\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":"
                + "\"media\"},\"object\":{\"key\":\"a.jpg\",\"sequencer\":\"" + forged + "\"}}}]}");

        assertThat(Sequencers.isValid(forged)).isFalse();
        assertThat(decoded).isInstanceOf(Decoded.Invalid.class);
    }
}
