package thumbstream.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import thumbstream.event.Sequencers;
import thumbstream.event.ThumbnailEvent.RenditionResult;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.crop.FocusPoint;
import thumbstream.storage.ObjectStore;
import thumbstream.storage.StorageException;
import thumbstream.storage.StoredObject;

/**
 * What the stored thumbnails of one source (every format of every rendition) say about the
 * version they were made from, read with one stat per stored object and no download. Used to skip work that is done already and to refuse
 * stale events (S3 may deliver notifications of one object out of order). The one "is this
 * thumbnail current" check: the service's skip and backfill's {@code --missing-only} both use it.
 */
public final class ExistingThumbnails {

    /** One entry per stored object: spec i of {@link #specs} with format {@link #formats} i. */
    private final List<RenditionSpec> specs;

    private final List<RenditionSpec.Format> formats;
    private final List<String> keys;
    private final List<Optional<StoredObject>> stats;

    private ExistingThumbnails(
            List<RenditionSpec> specs,
            List<RenditionSpec.Format> formats,
            List<String> keys,
            List<Optional<StoredObject>> stats) {
        this.specs = specs;
        this.formats = formats;
        this.keys = keys;
        this.stats = stats;
    }

    public static ExistingThumbnails read(
            ObjectStore store, String bucket, String sourceKey, List<RenditionSpec> specs, ThumbnailKeys thumbnailKeys)
            throws StorageException {
        List<RenditionSpec> objectSpecs = new ArrayList<>();
        List<RenditionSpec.Format> formats = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<Optional<StoredObject>> stats = new ArrayList<>();
        for (RenditionSpec spec : specs) {
            for (RenditionSpec.Format format : spec.formats()) {
                String key = thumbnailKeys.keyFor(sourceKey, spec, format);
                objectSpecs.add(spec);
                formats.add(format);
                keys.add(key);
                stats.add(store.stat(bucket, key));
            }
        }
        return new ExistingThumbnails(objectSpecs, formats, keys, stats);
    }

    /** True when every rendition exists and was made from source version {@code etag} with today's spec. */
    public boolean allCurrent(String etag) {
        return etag != null && currentFor(etag).isPresent();
    }

    /** The renditions, when every one exists and was made from source version {@code etag} with today's spec. */
    Optional<List<RenditionResult>> currentFor(String etag) {
        return currentFor(etag, null);
    }

    /**
     * As {@link #currentFor(String)}, and when {@code focus} is given, every {@code crop=focus}
     * rendition was also made around that point.
     */
    Optional<List<RenditionResult>> currentFor(String etag, FocusPoint focus) {
        for (int i = 0; i < specs.size(); i++) {
            if (stats.get(i).isEmpty()
                    || !ThumbnailMetadata.isCurrent(
                            stats.get(i).get(), etag, specs.get(i).canonical())) {
                return Optional.empty();
            }
            if (focus != null
                    && specs.get(i).gravity() == RenditionSpec.Gravity.FOCUS
                    && !focus.toString()
                            .equals(stats.get(i).get().userMetadata().get(ThumbnailMetadata.FOCUS_USED))) {
                return Optional.empty();
            }
        }
        return Optional.of(renditions());
    }

    /** The source ETag every rendition records, when they all exist and agree. */
    Optional<String> recordedEtag() {
        String etag = null;
        for (Optional<StoredObject> s : stats) {
            String e = s.map(o -> o.userMetadata().get(ThumbnailMetadata.SOURCE_ETAG))
                    .orElse(null);
            if (e == null || e.isEmpty() || (etag != null && !etag.equals(e))) {
                return Optional.empty();
            }
            etag = e;
        }
        return Optional.ofNullable(etag);
    }

    /**
     * True when some rendition was made for an event later than {@code sequencer} (S3's per-key
     * order). Sequencers that are not {@linkplain Sequencers#isValid valid} (from the event or a
     * thumbnail's metadata) order nothing.
     */
    boolean madeAfter(String sequencer) {
        if (!Sequencers.isValid(sequencer)) {
            return false;
        }
        for (Optional<StoredObject> s : stats) {
            String recorded = s.map(o -> o.userMetadata().get(ThumbnailMetadata.SOURCE_SEQUENCER))
                    .orElse(null);
            if (Sequencers.isValid(recorded) && Sequencers.compare(recorded, sequencer) > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first thumbnail key that holds an object this service did not write (no generated-by
     * metadata), if any: such an object is never overwritten nor deleted.
     */
    Optional<String> foreignKey() {
        for (int i = 0; i < stats.size(); i++) {
            if (stats.get(i).isPresent()
                    && !ThumbnailMetadata.isGenerated(stats.get(i).get())) {
                return Optional.of(keys.get(i));
            }
        }
        return Optional.empty();
    }

    /** The thumbnail keys that hold an object this service wrote: the only ones it may delete. */
    List<String> ownKeys() {
        List<String> own = new ArrayList<>();
        for (int i = 0; i < stats.size(); i++) {
            if (stats.get(i).isPresent()
                    && ThumbnailMetadata.isGenerated(stats.get(i).get())) {
                own.add(keys.get(i));
            }
        }
        return own;
    }

    List<RenditionResult> renditions() {
        List<RenditionResult> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            if (stats.get(i).isPresent()) {
                StoredObject t = stats.get(i).get();
                out.add(new RenditionResult(
                        specs.get(i).name(),
                        keys.get(i),
                        ThumbnailMetadata.intValue(t, ThumbnailMetadata.WIDTH),
                        ThumbnailMetadata.intValue(t, ThumbnailMetadata.HEIGHT),
                        t.size(),
                        t.contentType(),
                        formats.get(i).extension(),
                        ThumbnailMetadata.crop(t)));
            }
        }
        return out;
    }
}
