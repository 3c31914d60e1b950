package thumbstream.job;

import java.util.Locale;
import thumbstream.event.FailureReason;
import thumbstream.imaging.FormatSniffer;
import thumbstream.storage.ObjectStore;
import thumbstream.storage.SourceHead;
import thumbstream.storage.SourceObject;
import thumbstream.storage.StorageException;

/**
 * Downloads an original only when it is worth it and memory is there for it: one ranged GET of
 * the first {@link FormatSniffer#SNIFF_BYTES} tells the format and the size; a non-image fails
 * {@code unsupported-format} and an oversized object {@code too-large} without being downloaded;
 * everything else waits for its size in the shared {@link SourceBudget}, then is fetched whole
 * (If-Match the sniffed version, so what was sniffed is what is rendered). Objects no larger than
 * the sniff are not fetched twice. Thread-safe.
 */
final class SourceFetcher {

    /** What became of one fetch. */
    sealed interface Fetch {

        /** The bytes, and the budget they hold until the render is done with them. */
        record Ready(SourceObject source, SourceBudget.Lease lease) implements Fetch {}

        /** Not fetched, for a reason that is a fact about the object. */
        record Refused(FailureReason reason, String message) implements Fetch {}

        /** The object is one of our own thumbnails (outside the output prefix): no result. */
        record OwnThumbnail() implements Fetch {}
    }

    private final ObjectStore store;
    private final long maxSourceBytes;
    private final SourceBudget budget;

    SourceFetcher(ObjectStore store, long maxSourceBytes, SourceBudget budget) {
        this.store = store;
        this.maxSourceBytes = maxSourceBytes;
        this.budget = budget;
    }

    Fetch fetch(String bucket, String key) throws StorageException {
        SourceHead head = store.head(bucket, key, FormatSniffer.SNIFF_BYTES);
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
        SourceBudget.Lease lease = budget.acquire(head.size());
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
