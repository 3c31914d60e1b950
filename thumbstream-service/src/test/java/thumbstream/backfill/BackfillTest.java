package thumbstream.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import thumbstream.config.S3Settings;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.config.Topics;
import thumbstream.event.Decoded;
import thumbstream.event.EventDecoder;
import thumbstream.event.JobAnnouncement;
import thumbstream.event.UploadEvent;
import thumbstream.imaging.RenditionSpec;
import thumbstream.progress.ProgressLine;
import thumbstream.storage.InMemoryObjectStore;
import thumbstream.upload.ThumbnailKeys;
import thumbstream.upload.ThumbnailMetadata;

class BackfillTest {

    private static final Instant NOW = Instant.parse("2026-11-23T07:00:00Z");
    private static final ThumbstreamConfig CONFIG = ThumbstreamConfig.defaults(
            "unused:9092", new S3Settings("http://unused", "a", "b", "us-east-1", true), Topics.DEFAULT, "thumbstream");

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final List<ListedObject> bucket = new ArrayList<>();
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void publishesANativeUploadEventPerImageWithItsEtagAndJobKeyedBucketSlashKey() throws Exception {
        object("originals/shoe 1.jpg", "\"9b2c\"", 123);
        object("originals/logo.PNG", "77aa", 45);

        BackfillSummary summary = backfill(options(false));

        List<ProducerRecord<String, byte[]>> events = sentTo(Topics.DEFAULT.backfill());
        assertThat(events)
                .extracting(ProducerRecord::key)
                .containsExactly("media/originals/shoe 1.jpg", "media/originals/logo.PNG");
        UploadEvent first = decode(events.get(0));
        assertThat(first.key()).isEqualTo("originals/shoe 1.jpg");
        assertThat(first.etag()).isEqualTo("9b2c");
        assertThat(first.size()).isEqualTo(123);
        assertThat(first.jobId()).isEqualTo("rebrand");
        assertThat(first.action()).isEqualTo(UploadEvent.Action.CREATED);
        assertThat(summary.published()).isEqualTo(2);
        assertThat(summary.listed()).isEqualTo(2);
        assertThat(summary.describe())
                .startsWith("job rebrand: published 2 upload events (2 objects listed; "
                        + "skipped: 0 thumbnails, 0 not images, 0 current) in ");
    }

    @Test
    void skipsThumbnailsFolderMarkersAndObjectsThatAreNotImages() throws Exception {
        object("thumbnails/small/a.jpg", "e1", 1);
        object("docs/", "e2", 0);
        object("docs/readme.txt", "e3", 10);
        object("docs/scan.psd", "e4", 10);
        object("noext-image", "e5", 10);
        object("noext-text", "e6", 10);
        object("photo.jpeg", "e7", 10);
        store.upload("media", "noext-image", new byte[] {1}, "image/png");
        store.upload("media", "noext-text", new byte[] {1}, "text/plain");

        BackfillSummary summary = backfill(options(false));

        assertThat(sentTo(Topics.DEFAULT.backfill()))
                .extracting(ProducerRecord::key)
                .containsExactly("media/noext-image", "media/photo.jpeg");
        assertThat(decode(sentTo(Topics.DEFAULT.backfill()).get(0)).contentType())
                .isEqualTo("image/png");
        assertThat(summary.thumbnails()).isEqualTo(1);
        assertThat(summary.notImages()).isEqualTo(4);
        assertThat(summary.listed()).isEqualTo(7);
    }

    @Test
    void announcesTheJobBeforeListingAndItsTotalOnceEverythingIsAcknowledged() throws Exception {
        object("a.jpg", "e1", 1);
        object("b.jpg", "e2", 1);
        object("c.txt", "e3", 1);

        backfill(options(false));

        List<ProducerRecord<String, byte[]>> all = producer.history();
        assertThat(all.get(0).topic()).isEqualTo(Topics.DEFAULT.jobs());
        assertThat(all.get(all.size() - 1).topic()).isEqualTo(Topics.DEFAULT.jobs());
        JobAnnouncement early = JobAnnouncement.fromBytes(all.get(0).value());
        JobAnnouncement last = JobAnnouncement.fromBytes(all.get(all.size() - 1).value());
        assertThat(all.get(0).key()).isEqualTo("rebrand");
        assertThat(early).isEqualTo(new JobAnnouncement("rebrand", "media", "", null, NOW, null));
        assertThat(last).isEqualTo(new JobAnnouncement("rebrand", "media", "", 2L, NOW, NOW));
    }

    @Test
    void missingOnlyPublishesOnlyObjectsWhoseThumbnailsAreMissingOrStale() throws Exception {
        object("current.jpg", "etag-c", 1);
        object("missing.jpg", "etag-m", 1);
        object("stale-etag.jpg", "etag-new", 1);
        object("half-done.jpg", "etag-h", 1);
        object("someone-elses.jpg", "etag-c", 1);
        thumbnails("current.jpg", "etag-c", CONFIG.renditions());
        thumbnails("stale-etag.jpg", "etag-old", CONFIG.renditions());
        thumbnails("half-done.jpg", "etag-h", CONFIG.renditions().subList(0, 1));
        // same ETag and spec, but they record another source: not this object's thumbnails
        thumbnails("someone-elses.jpg", "current.jpg", "etag-c", CONFIG.renditions());

        BackfillSummary summary = backfill(options(true));

        assertThat(sentTo(Topics.DEFAULT.backfill()))
                .extracting(ProducerRecord::key)
                .containsExactlyInAnyOrder(
                        "media/missing.jpg", "media/stale-etag.jpg", "media/half-done.jpg", "media/someone-elses.jpg");
        assertThat(summary.current()).isEqualTo(1);
        assertThat(summary.published()).isEqualTo(4);
        assertThat(JobAnnouncement.fromBytes(producer.history()
                                .get(producer.history().size() - 1)
                                .value())
                        .total())
                .isEqualTo(4);
    }

    @Test
    void aFailedListingStopsTheJobWithoutAnnouncingATotal() {
        object("a.jpg", "e1", 1);
        ObjectListing broken = (b, p) -> () -> new Iterator<>() {
            private boolean first = true;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public ListedObject next() {
                if (first) {
                    first = false;
                    return bucket.get(0);
                }
                throw new ObjectListing.ListingException("listing s3://media/ failed: connection reset", null);
            }
        };

        assertThatThrownBy(() -> new Backfill(
                                CONFIG,
                                options(false),
                                broken,
                                store,
                                producer,
                                progressLine(),
                                Clock.fixed(NOW, ZoneOffset.UTC))
                        .run())
                .isInstanceOf(BackfillException.class)
                .hasMessageContaining("connection reset");
        assertThat(sentTo(Topics.DEFAULT.jobs())).hasSize(1);
    }

    @Test
    void showsProgressOnTheProgressLine() throws Exception {
        object("a.jpg", "e1", 1);

        backfill(options(false));

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("backfill rebrand: listed 1  published 1  skipped 0");
    }

    private BackfillSummary backfill(BackfillOptions options) throws Exception {
        return new Backfill(
                        CONFIG,
                        options,
                        (b, p) -> bucket,
                        store,
                        producer,
                        progressLine(),
                        Clock.fixed(NOW, ZoneOffset.UTC))
                .run();
    }

    private ProgressLine progressLine() {
        return new ProgressLine(new PrintStream(err, true, StandardCharsets.UTF_8), false, 0);
    }

    private static BackfillOptions options(boolean missingOnly) {
        return new BackfillOptions("media", "", "rebrand", missingOnly, 0);
    }

    private void object(String key, String etag, long size) {
        bucket.add(new ListedObject(key, etag, size));
    }

    private void thumbnails(String key, String sourceEtag, List<RenditionSpec> specs) throws Exception {
        thumbnails(key, key, sourceEtag, specs);
    }

    /** Thumbnails at {@code key}'s keys, with the metadata the service writes for {@code recordedSource}. */
    private void thumbnails(String key, String recordedSource, String sourceEtag, List<RenditionSpec> specs)
            throws Exception {
        ThumbnailKeys keys = new ThumbnailKeys(CONFIG.outputPrefix());
        for (RenditionSpec spec : specs) {
            store.put(
                    "media",
                    keys.keyFor(key, spec),
                    new byte[] {1},
                    "image/jpeg",
                    Map.of(
                            ThumbnailMetadata.GENERATED_BY,
                            "thumbstream",
                            ThumbnailMetadata.SOURCE_BUCKET,
                            "media",
                            ThumbnailMetadata.SOURCE_KEY,
                            recordedSource,
                            ThumbnailMetadata.SOURCE_ETAG,
                            sourceEtag,
                            ThumbnailMetadata.SPEC,
                            spec.canonical()));
        }
    }

    private List<ProducerRecord<String, byte[]>> sentTo(String topic) {
        return producer.history().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    private static UploadEvent decode(ProducerRecord<String, byte[]> record) {
        Decoded decoded = new EventDecoder().decode(record.value());
        assertThat(decoded).isInstanceOf(Decoded.Uploads.class);
        return ((Decoded.Uploads) decoded).uploads().get(0);
    }
}
