package thumbstream.backfill;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.event.JobAnnouncement;
import thumbstream.event.UploadEvent;
import thumbstream.progress.ProgressLine;
import thumbstream.storage.MinioObjectStore;
import thumbstream.storage.ObjectStore;
import thumbstream.storage.StorageException;
import thumbstream.storage.StoredObject;
import thumbstream.upload.ThumbnailKeys;

/**
 * One backfill job: announce it, list the bucket page by page, publish an upload event (with ETag
 * and job id) for each image object to the backfill topic, then announce the total.
 *
 * <p>Memory stays flat whatever the bucket size: the listing is lazy, the producer's buffer blocks
 * when full, and {@code --missing-only} checks run with a bounded queue. Publishing is at least once;
 * re-running a job (same id) is safe: the service skips current thumbnails and the progress
 * topology counts each object once per job.
 */
public final class Backfill {

    private static final int CHECK_THREADS = 8;

    private final ThumbstreamConfig config;
    private final BackfillOptions options;
    private final ObjectListing listing;
    private final ObjectStore store;
    private final BackfillPublisher publisher;
    private final RateLimiter limiter;
    private final ThumbnailKeys keys;
    private final ProgressLine progress;
    private final Clock clock;
    private final AtomicLong sent = new AtomicLong();

    Backfill(
            ThumbstreamConfig config,
            BackfillOptions options,
            ObjectListing listing,
            ObjectStore store,
            Producer<String, byte[]> producer,
            ProgressLine progress,
            Clock clock) {
        this.config = config;
        this.options = options;
        this.listing = listing;
        this.store = store;
        this.publisher = new BackfillPublisher(producer, config.topics());
        this.limiter = RateLimiter.perSecond(options.ratePerSecond());
        this.keys = new ThumbnailKeys(config.outputPrefix());
        this.progress = progress;
        this.clock = clock;
    }

    /** Runs a backfill against the Kafka cluster and S3 store that {@code config} names. */
    public static BackfillSummary run(ThumbstreamConfig config, BackfillOptions options, ProgressLine progress)
            throws BackfillException, InterruptedException {
        Producer<String, byte[]> producer = BackfillPublisher.producer(config);
        try {
            return new Backfill(
                            config,
                            options,
                            new S3ObjectListing(config.s3()),
                            new MinioObjectStore(config.s3()),
                            producer,
                            progress,
                            Clock.systemUTC())
                    .run();
        } finally {
            producer.close();
        }
    }

    BackfillSummary run() throws BackfillException, InterruptedException {
        long started = System.nanoTime();
        JobAnnouncement job =
                JobAnnouncement.started(options.jobId(), options.bucket(), options.prefix(), clock.instant());
        publisher.announce(job);
        long listed = 0;
        long thumbnails = 0;
        long notImages = 0;
        long checkErrors = 0;
        long current = 0;
        try (CheckPool checks = options.missingOnly()
                ? new CheckPool(CHECK_THREADS, new ThumbnailCheck(store, config.renditions(), keys), this::send)
                : null) {
            try {
                for (ListedObject object : listing.list(options.bucket(), options.prefix())) {
                    listed++;
                    if (keys.isThumbnail(object.key())) {
                        thumbnails++;
                    } else {
                        Optional<UploadEvent> upload = uploadOf(object);
                        if (upload.isEmpty()) {
                            notImages++;
                        } else if (checks != null) {
                            checks.submit(upload.get());
                        } else {
                            send(upload.get());
                        }
                    }
                    long listedSoFar = listed;
                    long skippedSoFar = thumbnails + notImages;
                    progress.update(
                            () -> status(listedSoFar, skippedSoFar + (checks == null ? 0 : checks.current()), started));
                }
            } catch (ObjectListing.ListingException e) {
                throw new BackfillException(e.getMessage(), e);
            }
            if (checks != null) {
                checks.awaitAll();
                current = checks.current();
                checkErrors = checks.errors();
            }
        }
        publisher.flush();
        long published = sent.get();
        publisher.announce(job.finished(published, clock.instant()));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        progress.finish(status(listed, thumbnails + notImages + current, started));
        return new BackfillSummary(
                options.jobId(), listed, published, thumbnails, notImages, current, checkErrors, elapsed);
    }

    /** The upload event for an object, or empty when it is not an image (see {@link ImageObjects}). */
    private Optional<UploadEvent> uploadOf(ListedObject object) {
        String contentType = null;
        switch (ImageObjects.byKey(object.key())) {
            case NOT_AN_IMAGE -> {
                return Optional.empty();
            }
            case ASK_CONTENT_TYPE -> {
                contentType = storedContentType(object.key());
                if (!ImageObjects.isImageContentType(contentType)) {
                    return Optional.empty();
                }
            }
            case IMAGE -> {
                // known by its name
            }
        }
        return Optional.of(new UploadEvent(
                UploadEvent.Action.CREATED,
                options.bucket(),
                object.key(),
                object.etag(),
                object.size(),
                contentType,
                options.jobId(),
                null,
                null));
    }

    private String storedContentType(String key) {
        try {
            return store.stat(options.bucket(), key)
                    .map(StoredObject::contentType)
                    .orElse(null);
        } catch (StorageException e) {
            return null; // cannot tell: treated as not an image, like an object of unknown type
        }
    }

    private void send(UploadEvent upload) throws InterruptedException, BackfillException {
        limiter.acquire();
        publisher.publish(upload);
        sent.incrementAndGet();
    }

    private String status(long listed, long skipped, long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        long acked = publisher.acknowledged();
        return String.format(
                Locale.ROOT,
                "backfill %s: listed %,d  published %,d  skipped %,d  %,.0f events/s",
                options.jobId(),
                listed,
                acked,
                skipped,
                seconds <= 0 ? 0 : acked / seconds);
    }
}
