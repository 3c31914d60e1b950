package thumbstream.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import thumbstream.event.UploadEvent.Action;

class UploadEventTest {

    @Test
    void objectRefIsBucketSlashKeyTheKafkaRecordKey() {
        assertThat(UploadEvent.created("media", "originals/shoe 1.jpg").objectRef())
                .isEqualTo("media/originals/shoe 1.jpg");
    }

    @Test
    void createdFactoryKnowsOnlyBucketAndKey() {
        assertThat(UploadEvent.created("media", "a.jpg"))
                .isEqualTo(new UploadEvent(Action.CREATED, "media", "a.jpg", null, null, null, null, null, null));
    }

    @Test
    void requiresANonBlankBucketAndKey() {
        assertThatThrownBy(() -> UploadEvent.created(" ", "a.jpg")).hasMessage("bucket must not be blank");
        assertThatThrownBy(() -> UploadEvent.created("media", null)).hasMessage("key must not be blank");
        assertThatThrownBy(() -> UploadEvent.created("media", "")).hasMessage("key must not be blank");
    }

    @Test
    void rejectsANegativeSize() {
        assertThatThrownBy(() -> new UploadEvent(Action.CREATED, "m", "k", null, -1L, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storesTheETagWithoutQuotesSoEveryProducerAgrees() {
        UploadEvent quoted = new UploadEvent(Action.CREATED, "m", "k", "\"abc-2\"", null, null, null, null, null);
        UploadEvent blank = new UploadEvent(Action.CREATED, "m", "k", "\"\"", null, null, null, null, null);

        assertThat(quoted.etag()).isEqualTo("abc-2");
        assertThat(blank.etag()).isNull();
    }
}
