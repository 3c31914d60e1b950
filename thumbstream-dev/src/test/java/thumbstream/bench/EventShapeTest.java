package thumbstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import thumbstream.event.Decoded;
import thumbstream.event.EventDecoder;
import thumbstream.event.UploadEvent;

/** The two shapes the bench announces uploads in decode, in the service's own decoder, to what they claim. */
class EventShapeTest {

    private static final UploadEvent UPLOAD = new UploadEvent(
            UploadEvent.Action.CREATED,
            "media",
            "originals/photos/0001 crop+1.jpg",
            "9b2cf535f27731c974343645a3985328",
            245_873L,
            "image/jpeg",
            "bench",
            null,
            null);

    private final EventDecoder decoder = new EventDecoder();

    @Test
    void aBareEventCarriesBucketAndKeyOnly() {
        UploadEvent decoded = decode(EventShape.BARE.encode(UPLOAD));

        assertThat(decoded.objectRef()).isEqualTo("media/originals/photos/0001 crop+1.jpg");
        assertThat(decoded.etag()).isNull();
        assertThat(decoded.size()).isNull();
        assertThat(decoded.contentType()).isNull();
    }

    @Test
    void aNotificationCarriesETagAndSizeAndAFormEncodedKey() {
        byte[] bytes = EventShape.NOTIFICATION.encode(UPLOAD);
        UploadEvent decoded = decode(bytes);

        assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"Records\"")
                .contains("originals%2Fphotos%2F0001+crop%2B1.jpg");
        assertThat(decoded.objectRef()).isEqualTo(UPLOAD.objectRef());
        assertThat(decoded.etag()).isEqualTo(UPLOAD.etag());
        assertThat(decoded.size()).isEqualTo(245_873L);
        assertThat(decoded.contentType()).isEqualTo("image/jpeg");
    }

    @Test
    void parsesAListOfShapesAndRefusesOthers() {
        assertThat(EventShape.parse("Bare, notification")).containsExactly(EventShape.BARE, EventShape.NOTIFICATION);
        assertThatThrownBy(() -> EventShape.parse("bare,etag")).hasMessageContaining("'etag'");
        assertThatThrownBy(() -> EventShape.parse(" , ")).hasMessageContaining("at least one");
    }

    private UploadEvent decode(byte[] bytes) {
        Decoded decoded = decoder.decode(bytes);
        assertThat(decoded).isInstanceOf(Decoded.Uploads.class);
        List<UploadEvent> uploads = ((Decoded.Uploads) decoded).uploads();
        assertThat(uploads).hasSize(1);
        return uploads.get(0);
    }
}
