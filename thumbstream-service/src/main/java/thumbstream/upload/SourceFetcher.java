package thumbstream.upload;

import java.util.Locale;
import java.util.Map;
import thumbstream.event.FailureReason;
import thumbstream.imaging.Budget;
import thumbstream.imaging.FormatSniffer;
import thumbstream.storage.ObjectStore;
import thumbstream.storage.SourceHead;
import thumbstream.storage.SourceObject;
import thumbstream.storage.StorageException;
import thumbstream.storage.StoredObject;

/**
 * Downloads an original only when it is worth it and memory is there for it: one ranged GET of
 * the first {@link FormatSniffer#SNIFF_BYTES} tells the format and the size; a non-image fails
 * {@code unsupported-format} and an oversized object {@code too-large} without being downloaded;
 * everything else waits for its size in the shared source {@link Budget}, then is fetched whole
 * (If-Match the sniffed version, so what was sniffed is what is rendered). Objects no larger than
 * the sniff, or than the size the event states (up to {@link #EAGER_BYTES}), are not fetched twice;
 * nor is any object the service has stat'ed itself ({@link #fetchStated}).
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

    /**
     * The fetch of an object the service has just stat'ed: its size and ETag are then the store's
     * word, not an event's, so they drive it. An own thumbnail, an empty object and one above the
     * limit are refused from the stat without any GET; anything else waits for the stat's size in
     * the budget, then one GET (If-Match the stat's ETag, so a replaced object fails as after a
     * sniff) reads the first {@link FormatSniffer#SNIFF_BYTES}, and the rest only when they are an
     * image: a large non-image costs about one sniff of reading, as with a ranged GET.
     */
    Fetch fetchStated(String bucket, String key, StoredObject stat) throws StorageException {
        Fetch refused = refusal(stat.userMetadata(), stat.size(), null);
        if (refused != null) {
            return refused;
        }
        Budget.Lease lease = budget.acquire(stat.size());
        try {
            SourceHead read = store.read(
                    bucket,
                    key,
                    stat.size(),
                    stat.etag(),
                    FormatSniffer.SNIFF_BYTES,
                    first -> FormatSniffer.formatOf(first).isPresent());
            refused = refusal(read);
            if (refused != null) {
                lease.close();
                return refused;
            }
            return new Fetch.Ready(read.toSourceObject(), lease); // whole: its first bytes were an image
        } catch (StorageException | RuntimeException | Error e) {
            lease.close();
            throw e;
        }
    }

    /** Why {@code head}'s object is not downloaded, or null when it may be. */
    private Fetch refusal(SourceHead head) {
        return refusal(head.userMetadata(), head.size(), head.bytes());
    }

    /**
     * Why an object is not downloaded, or null when it may be.
     *
     * @param first its first bytes, or null before any were read (the format is not checked then)
     */
    private Fetch refusal(Map<String, String> userMetadata, long size, byte[] first) {
        if (ThumbnailMetadata.isGenerated(userMetadata)) {
            // One of our own thumbnails outside the output prefix (e.g. the prefix was changed):
            // never make thumbnails of thumbnails.
            return new Fetch.OwnThumbnail();
        }
        if (size == 0) {
            return new Fetch.Refused(FailureReason.CORRUPT_IMAGE, "object is empty (0 bytes)");
        }
        if (first != null && FormatSniffer.formatOf(first).isEmpty()) {
            return new Fetch.Refused(
                    FailureReason.UNSUPPORTED_FORMAT,
                    String.format(
                            Locale.ROOT,
                            "not a supported image format (%d bytes starting with %s); not downloaded",
                            size,
                            FormatSniffer.describe(first)));
        }
        if (size > maxSourceBytes) {
            return new Fetch.Refused(
                    FailureReason.TOO_LARGE,
                    "object is " + size + " bytes, above THUMBSTREAM_MAX_SOURCE_BYTES=" + maxSourceBytes
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
