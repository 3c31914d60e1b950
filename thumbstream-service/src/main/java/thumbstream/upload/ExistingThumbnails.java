package thumbstream.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import thumbstream.event.Sequencers;
import thumbstream.event.ThumbnailEvent.RenditionResult;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.crop.FocusPoint;
import thumbstream.security.LogText;
import thumbstream.storage.ObjectStore;
import thumbstream.storage.StorageException;
import thumbstream.storage.StoredObject;

/**
 * What the stored thumbnails of one source (every format of every rendition) say about the
 * version they were made from, read with one stat per stored object and no download. Used to skip work that is done already and to recognise
 * stale events (S3 may deliver notifications of one object out of order). The one "is this
 * thumbnail current" check: the service's skip and backfill's {@code --missing-only} both use it.
 *
 * <p>Only objects that record this source ({@link ThumbnailMetadata#isFrom}) count as its
 * thumbnails: anything else at one of its keys (another source's thumbnail, one written before
 * thumbnails recorded their source, an object this service did not write) is never current,
 * never deleted and never overwritten ({@link #blocked}).
 */
public final class ExistingThumbnails {

    /** One entry per stored object: spec i of {@link #specs} with format {@link #formats} i. */
    private final List<RenditionSpec> specs;

    private final List<RenditionSpec.Format> formats;
    private final List<String> keys;
    private final List<Optional<StoredObject>> stats;
    /** Entry i holds a thumbnail this service wrote for this very source. */
    private final List<Boolean> own;

    private ExistingThumbnails(
            List<RenditionSpec> specs,
            List<RenditionSpec.Format> formats,
            List<String> keys,
            List<Optional<StoredObject>> stats,
            List<Boolean> own) {
        this.specs = specs;
        this.formats = formats;
        this.keys = keys;
        this.stats = stats;
        this.own = own;
    }

    /** A thumbnail key of the source that holds something else, and what. */
    record Blocked(String key, String holds) {}

    public static ExistingThumbnails read(
            ObjectStore store, String bucket, String sourceKey, List<RenditionSpec> specs, ThumbnailKeys thumbnailKeys)
            throws StorageException {
        List<RenditionSpec> objectSpecs = new ArrayList<>();
        List<RenditionSpec.Format> formats = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<Optional<StoredObject>> stats = new ArrayList<>();
        List<Boolean> own = new ArrayList<>();
        for (RenditionSpec spec : specs) {
            for (RenditionSpec.Format format : spec.formats()) {
                String key = thumbnailKeys.keyFor(sourceKey, spec, format);
                Optional<StoredObject> stat = store.stat(bucket, key);
                objectSpecs.add(spec);
                formats.add(format);
                keys.add(key);
                stats.add(stat);
                own.add(stat.isPresent() && ThumbnailMetadata.isFrom(stat.get(), bucket, sourceKey));
            }
        }
        return new ExistingThumbnails(objectSpecs, formats, keys, stats, own);
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
            if (!own.get(i)
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

    /** The source ETag every rendition records, when they all exist, are this source's and agree. */
    Optional<String> recordedEtag() {
        String etag = null;
        for (int i = 0; i < stats.size(); i++) {
            String e = own.get(i) ? stats.get(i).get().userMetadata().get(ThumbnailMetadata.SOURCE_ETAG) : null;
            if (e == null || e.isEmpty() || (etag != null && !etag.equals(e))) {
                return Optional.empty();
            }
            etag = e;
        }
        return Optional.ofNullable(etag);
    }

    /**
     * True when some rendition of this source records an event later than {@code sequencer} (S3's
     * per-key order). Sequencers that are not {@linkplain Sequencers#isValid valid} (from the event
     * or a thumbnail's metadata) order nothing. Producers choose sequencers, so this only says the
     * event <em>looks</em> stale: the caller checks the object's current ETag before it skips.
     */
    boolean madeAfter(String sequencer) {
        if (!Sequencers.isValid(sequencer)) {
            return false;
        }
        for (int i = 0; i < stats.size(); i++) {
            String recorded =
                    own.get(i) ? stats.get(i).get().userMetadata().get(ThumbnailMetadata.SOURCE_SEQUENCER) : null;
            if (Sequencers.isValid(recorded) && Sequencers.compare(recorded, sequencer) > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The thumbnail keys of this source that hold something other than its own thumbnail: such an
     * object is never overwritten nor deleted.
     */
    List<Blocked> blocked() {
        List<Blocked> out = new ArrayList<>();
        for (int i = 0; i < stats.size(); i++) {
            if (stats.get(i).isPresent() && !own.get(i)) {
                out.add(new Blocked(keys.get(i), describe(stats.get(i).get())));
            }
        }
        return out;
    }

    private static String describe(StoredObject other) {
        Map<String, String> m = other.userMetadata();
        if (!ThumbnailMetadata.isGenerated(m)) {
            return "an object thumbstream did not write";
        }
        String bucket = m.get(ThumbnailMetadata.SOURCE_BUCKET);
        String key = m.get(ThumbnailMetadata.SOURCE_KEY);
        if (bucket == null || key == null) {
            return "a thumbnail that records no source (written before thumbnails recorded theirs)";
        }
        return "the thumbnail of another source, " + LogText.quoted(bucket + "/" + key);
    }

    /** The thumbnail keys that hold this source's own thumbnails: the only ones it may delete. */
    List<String> ownKeys() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < stats.size(); i++) {
            if (own.get(i)) {
                out.add(keys.get(i));
            }
        }
        return out;
    }

    /** This source's own thumbnails, as a result reports them. */
    List<RenditionResult> renditions() {
        List<RenditionResult> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            if (own.get(i)) {
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
