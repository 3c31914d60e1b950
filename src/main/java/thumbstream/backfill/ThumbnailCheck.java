package thumbstream.backfill;

import java.util.List;
import java.util.Optional;
import thumbstream.imaging.RenditionSpec;
import thumbstream.job.ThumbnailKeys;
import thumbstream.job.ThumbnailMetadata;
import thumbstream.storage.ObjectStore;
import thumbstream.storage.StorageException;
import thumbstream.storage.StoredObject;

/**
 * For {@code --missing-only}: are all thumbnails of an object there and current? The same test the
 * service makes before it skips an upload (source ETag and rendition spec in each thumbnail's
 * metadata), at the same cost: one stat per rendition, nothing downloaded. Thread-safe.
 */
final class ThumbnailCheck {

    private final ObjectStore store;
    private final List<RenditionSpec> specs;
    private final ThumbnailKeys keys;

    ThumbnailCheck(ObjectStore store, List<RenditionSpec> specs, ThumbnailKeys keys) {
        this.store = store;
        this.specs = List.copyOf(specs);
        this.keys = keys;
    }

    /** False as soon as one rendition is missing or was made from another version or spec. */
    boolean isCurrent(String bucket, String key, String sourceEtag) throws StorageException {
        if (sourceEtag == null) {
            return false;
        }
        for (RenditionSpec spec : specs) {
            Optional<StoredObject> thumbnail = store.stat(bucket, keys.keyFor(key, spec));
            if (thumbnail.isEmpty() || !ThumbnailMetadata.isCurrent(thumbnail.get(), sourceEtag, spec.canonical())) {
                return false;
            }
        }
        return true;
    }
}
