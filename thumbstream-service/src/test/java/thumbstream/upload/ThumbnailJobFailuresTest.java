package thumbstream.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static thumbstream.upload.JobFixtures.BUCKET;
import static thumbstream.upload.JobFixtures.SPECS;
import static thumbstream.upload.JobFixtures.created;
import static thumbstream.upload.JobFixtures.jobFor;
import static thumbstream.upload.JobFixtures.jpeg;
import static thumbstream.upload.JobFixtures.removed;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import thumbstream.event.FailureReason;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.Status;
import thumbstream.event.UploadEvent;
import thumbstream.storage.InMemoryObjectStore;
import thumbstream.storage.InMemoryObjectStore.Op;
import thumbstream.storage.StorageException;

/** Bad input, storage errors, removals and the service's own output: what the job reports or throws. */
class ThumbnailJobFailuresTest {

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final ThumbnailJob job = jobFor(store, SPECS);

    private ThumbnailEvent process(UploadEvent upload) throws TransientJobException {
        Optional<ThumbnailEvent> result = job.process(upload, 1);
        assertThat(result).as("result of %s", upload.key()).isPresent();
        return result.get();
    }

    @Test
    void failsAsNotFoundWhenTheObjectIsGone() throws Exception {
        ThumbnailEvent result = process(created("gone.jpg", "abc"));

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.error().reason()).isEqualTo(FailureReason.NOT_FOUND);
        assertThat(result.error().message()).contains("media/gone.jpg");
        assertThat(result.renditions()).isNull();
    }

    @Test
    void failsAsCorruptImageForAnEmptyObject() throws Exception {
        store.upload(BUCKET, "empty.jpg", new byte[0], "image/jpeg");

        ThumbnailEvent result = process(created("empty.jpg", null));

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.error().reason()).isEqualTo(FailureReason.CORRUPT_IMAGE);
        assertThat(result.error().message()).contains("0 bytes");
        assertThat(store.calls(Op.PUT)).isZero();
    }

    @Test
    void failsAsUnsupportedFormatForText() throws Exception {
        store.upload(
                BUCKET, "notes.jpg", "just some text, not a picture\n".getBytes(StandardCharsets.UTF_8), "image/jpeg");

        ThumbnailEvent result = process(created("notes.jpg", null));

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.error().reason()).isEqualTo(FailureReason.UNSUPPORTED_FORMAT);
        assertThat(store.calls(Op.PUT)).isZero();
    }

    @Test
    void failsAsTooLargeWhenTheObjectExceedsTheByteLimit() throws Exception {
        ThumbnailJob tiny = jobFor(store, SPECS, 100);
        store.upload(BUCKET, "big.jpg", jpeg(400, 300), "image/jpeg");

        ThumbnailEvent result = tiny.process(created("big.jpg", null), 1).orElseThrow();

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.error().reason()).isEqualTo(FailureReason.TOO_LARGE);
    }

    @Test
    void failsAsStorageForAPermanentStorageError() throws Exception {
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        store.failOn(Op.GET, StorageException.Kind.PERMANENT);

        ThumbnailEvent result = process(created("a.jpg", null));

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.error().reason()).isEqualTo(FailureReason.STORAGE);
    }

    @Test
    void throwsTransientForATransientErrorReadingTheOriginal() {
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        store.failOn(Op.GET, StorageException.Kind.TRANSIENT);

        assertThatThrownBy(() -> job.process(created("a.jpg", null), 1))
                .isInstanceOf(TransientJobException.class)
                .hasCauseInstanceOf(StorageException.class);
    }

    @Test
    void throwsTransientForATransientErrorWritingAThumbnail() {
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        store.failOn(Op.PUT, StorageException.Kind.TRANSIENT);

        assertThatThrownBy(() -> job.process(created("a.jpg", null), 1)).isInstanceOf(TransientJobException.class);
    }

    @Test
    void throwsTransientForATransientErrorCheckingTheThumbnails() {
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        store.failOn(Op.STAT, StorageException.Kind.TRANSIENT);

        assertThatThrownBy(() -> job.process(created("a.jpg", "abc"), 1)).isInstanceOf(TransientJobException.class);
    }

    @Test
    void succeedsOnRetryOnceTheStoreIsBack() throws Exception {
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        store.failOn(Op.GET, StorageException.Kind.TRANSIENT);
        assertThatThrownBy(() -> job.process(created("a.jpg", null), 1)).isInstanceOf(TransientJobException.class);
        store.stopFailing();

        ThumbnailEvent result = job.process(created("a.jpg", null), 2).orElseThrow();

        assertThat(result.status()).isEqualTo(Status.COMPLETED);
        assertThat(result.attempts()).isEqualTo(2);
    }

    @Test
    void ignoresEventsForItsOwnThumbnails() throws Exception {
        store.upload(BUCKET, "thumbnails/small/a.jpg", jpeg(320, 240), "image/jpeg");

        Optional<ThumbnailEvent> created = job.process(created("thumbnails/small/a.jpg", null), 1);
        Optional<ThumbnailEvent> removed = job.process(removed("thumbnails/small/a.jpg"), 1);

        assertThat(created).isEmpty();
        assertThat(removed).isEmpty();
        assertThat(store.calls(Op.GET) + store.calls(Op.STAT) + store.calls(Op.PUT) + store.calls(Op.DELETE))
                .isZero();
    }

    @Test
    void deletesEveryThumbnailWhenTheSourceIsRemoved() throws Exception {
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        store.upload(BUCKET, "b.jpg", jpeg(400, 300), "image/jpeg");
        process(created("a.jpg", null));
        process(created("b.jpg", null));
        store.delete(BUCKET, "a.jpg");

        ThumbnailEvent result = process(removed("a.jpg"));

        assertThat(result.status()).isEqualTo(Status.DELETED);
        assertThat(result.renditions()).isNull();
        assertThat(result.error()).isNull();
        assertThat(store.refs())
                .containsExactlyInAnyOrder(
                        "media/b.jpg", "media/thumbnails/small/b.jpg.jpg", "media/thumbnails/square/b.jpg.png");
    }

    @Test
    void reportsDeletedEvenWhenThereWereNoThumbnails() throws Exception {
        ThumbnailEvent result = process(removed("never-rendered.jpg"));

        assertThat(result.status()).isEqualTo(Status.DELETED);
    }

    @Test
    void throwsTransientWhenDeletingThumbnailsFailsTransiently() throws Exception {
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        process(created("a.jpg", null));
        store.delete(BUCKET, "a.jpg");
        store.failOn(Op.DELETE, StorageException.Kind.TRANSIENT);

        assertThatThrownBy(() -> job.process(removed("a.jpg"), 1)).isInstanceOf(TransientJobException.class);
    }
}
