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
}
