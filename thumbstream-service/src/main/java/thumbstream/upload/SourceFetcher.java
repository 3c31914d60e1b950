package thumbstream.upload;

import java.util.Locale;
import thumbstream.event.FailureReason;
import thumbstream.imaging.Budget;
import thumbstream.imaging.FormatSniffer;
import thumbstream.storage.ObjectStore;
import thumbstream.storage.SourceHead;
import thumbstream.storage.SourceObject;
import thumbstream.storage.StorageException;

/**
 * Downloads an original only when it is worth it and memory is there for it: one ranged GET of
 * the first {@link FormatSniffer#SNIFF_BYTES} tells the format and the size; a non-image fails
 * {@code unsupported-format} and an oversized object {@code too-large} without being downloaded;
 * everything else waits for its size in the shared source {@link Budget}, then is fetched whole
 * (If-Match the sniffed version, so what was sniffed is what is rendered). Objects no larger than
 * the sniff, or than the size the event states (up to {@link #EAGER_BYTES}), are not fetched twice.
 * Thread-safe.
 */
final class SourceFetcher {

    /** What became of one fetch. */
    sealed interface Fetch {

        /** The bytes, and the budget they hold until the render is done with them. */
        record Ready(SourceObject source, Budget.Lease lease) implements Fetch {}

        /** Not fetched, for a reason that is a fact about the object. */
        record Refused(FailureReason reason, String message) implements Fetch {}

        /**
         * The object carries our own {@code thumbstream-generated-by} marker though it is outside
         * the output prefix (a copied thumbnail, or metadata anyone may set): never rendered, but
         * the upload still gets its one result, a skipped one.
         */
        record OwnThumbnail() implements Fetch {}
    }

    /**
     * Objects the event says are at most this large are read whole by the first request. Most web
     * and catalogue images are smaller, and for them the second request was a large share of the
     * service's own cost; a lying event wastes at most this much reading before the sniff refuses.
     */
    static final long EAGER_BYTES = 2L << 20;

    private final ObjectStore store;
    private final long maxSourceBytes;
    private final Budget budget;

    SourceFetcher(ObjectStore store, long maxSourceBytes, Budget budget) {
        this.store = store;
        this.maxSourceBytes = maxSourceBytes;
        this.budget = budget;
    }

    /** {@link #fetch(String, String, Long)} without a size from the event. */
    Fetch fetch(String bucket, String key) throws StorageException {
        return fetch(bucket, key, null);
    }

    /**
     * @param sizeHint the object's size as the event states it (S3 notifications carry it), or null.
     *                 When it is at most {@link #EAGER_BYTES}, its size is taken from the budget
     *                 first and the first request asks for that many bytes: an honest hint makes
     *                 the sniff and the download one GET. A wrong one costs at most that many
     *                 bytes read: the sniff and the size checks run on what arrived all the same,
     *                 and a larger object is fetched whole by a second GET as without a hint.
     */
    Fetch fetch(String bucket, String key, Long sizeHint) throws StorageException {
        int first = FormatSniffer.SNIFF_BYTES;
        Budget.Lease eager = null;
        if (sizeHint != null && sizeHint > first && sizeHint <= Math.min(EAGER_BYTES, maxSourceBytes)) {
            first = (int) (long) sizeHint;
            eager = budget.acquire(first);
        }
        boolean leaseHandedOver = false;
        try {
            SourceHead head = store.head(bucket, key, first);
            Fetch refused = refusal(head);
            if (refused != null) {
                return refused;
            }
            if (head.isWhole() && eager != null) {
                leaseHandedOver = true;
                return new Fetch.Ready(head.toSourceObject(), eager);
            }
            if (eager != null) {
                eager.close(); // the object is larger than the event said: admit its real size
                eager = null;
            }
            return whole(bucket, key, head);
        } finally {
            if (eager != null && !leaseHandedOver) {
                eager.close();
            }
        }
    }

    /** Why {@code head}'s object is not downloaded, or null when it may be. */
    private Fetch refusal(SourceHead head) {
        if (ThumbnailMetadata.isGenerated(head.userMetadata())) {
            // One of our own thumbnails outside the output prefix (e.g. the prefix was changed):
            // never make thumbnails of thumbnails.
            return new Fetch.OwnThumbnail();
        }
        if (head.size() == 0) {
            return new Fetch.Refused(FailureReason.CORRUPT_IMAGE, "object is empty (0 bytes)");
        }
        if (FormatSniffer.formatOf(head.bytes()).isEmpty()) {
            return new Fetch.Refused(
                    FailureReason.UNSUPPORTED_FORMAT,
                    String.format(
                            Locale.ROOT,
                            "not a supported image format (%d bytes starting with %s); not downloaded",
                            head.size(),
                            FormatSniffer.describe(head.bytes())));
        }
        if (head.size() > maxSourceBytes) {
            return new Fetch.Refused(
                    FailureReason.TOO_LARGE,
                    "object is " + head.size() + " bytes, above THUMBSTREAM_MAX_SOURCE_BYTES=" + maxSourceBytes
                            + "; not downloaded");
        }
        return null;
    }

    /** Admits the whole object against the budget, then reads it (unless {@code head} already is all of it). */
    private Fetch whole(String bucket, String key, SourceHead head) throws StorageException {
        Budget.Lease lease = budget.acquire(head.size());
        try {
            SourceObject source =
                    head.isWhole() ? head.toSourceObject() : store.get(bucket, key, head.size(), head.etag());
            return new Fetch.Ready(source, lease);
        } catch (StorageException | RuntimeException | Error e) {
            lease.close();
            throw e;
        }
    }
}
