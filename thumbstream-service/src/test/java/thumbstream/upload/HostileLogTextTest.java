package thumbstream.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static thumbstream.upload.JobFixtures.BUCKET;
import static thumbstream.upload.JobFixtures.jpeg;

import org.junit.jupiter.api.Test;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.security.LogCapture;
import thumbstream.storage.InMemoryObjectStore;

/** Event fields reach the log escaped and cut: a producer cannot forge log lines or flood the log. */
class HostileLogTextTest {

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final ThumbnailJob job = JobFixtures.jobFor(store, JobFixtures.SPECS);

    @Test
    void aHostileEtagIsLoggedOnOneBoundedLine() throws Exception {
        // given: thumbnails of the current version, and an event claiming another (hostile) ETag
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        String current = store.object(BUCKET, "a.jpg").orElseThrow().etag();
        job.process(created(current), 1).orElseThrow();

        try (LogCapture log = LogCapture.of(ThumbnailJob.class)) {
            // when
            ThumbnailEvent result = job.process(created(LogCapture.HOSTILE), 1).orElseThrow();

            // then
            assertThat(result.status()).isEqualTo(ThumbnailEvent.Status.SKIPPED);
            assertThat(log.formatted()).singleElement().satisfies(LogCapture::isOneSafeLine);
        }
    }

    private static UploadEvent created(String etag) {
        return new UploadEvent(UploadEvent.Action.CREATED, BUCKET, "a.jpg", etag, null, null, null, null, null);
    }
}
