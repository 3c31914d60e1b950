package thumbstream.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import thumbstream.event.ThumbnailEvent.RenditionResult;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.crop.FocusPoint;
import thumbstream.storage.ObjectStore;
import thumbstream.storage.StorageException;
import thumbstream.storage.StoredObject;

/**
 * What the stored thumbnails of one source say about the version they were made from, read with
 * one stat per rendition and no download. Used to skip work that is done already and to refuse
 * stale events (S3 may deliver notifications of one object out of order).
 */
final class ExistingThumbnails {

    private final List<RenditionSpec> specs;
    private final List<String> keys;
    private final List<Optional<StoredObject>> stats;

    private ExistingThumbnails(List<RenditionSpec> specs, List<String> keys, List<Optional<StoredObject>> stats) {
        this.specs = specs;
        this.keys = keys;
        this.stats = stats;
    }

    static ExistingThumbnails read(
            ObjectStore store, String bucket, String sourceKey, List<RenditionSpec> specs, ThumbnailKeys thumbnailKeys)
            throws StorageException {
        List<String> keys = new ArrayList<>(specs.size());
        List<Optional<StoredObject>> stats = new ArrayList<>(specs.size());
        for (RenditionSpec spec : specs) {
            String key = thumbnailKeys.keyFor(sourceKey, spec);
            keys.add(key);
            stats.add(store.stat(bucket, key));
        }
        return new ExistingThumbnails(specs, keys, stats);
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

    /** True when some rendition was made for an event later than {@code sequencer} (S3's per-key order). */
    boolean madeAfter(String sequencer) {
        for (Optional<StoredObject> s : stats) {
            String recorded = s.map(o -> o.userMetadata().get(ThumbnailMetadata.SOURCE_SEQUENCER))
                    .orElse(null);
            if (recorded != null && !recorded.isEmpty() && compareSequencers(recorded, sequencer) > 0) {
                return true;
            }
        }
        return false;
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
                        ThumbnailMetadata.crop(t)));
            }
        }
        return out;
    }

    /** Sequencers are hex strings of varying length: compare them as numbers (left-pad with zeros). */
    static int compareSequencers(String a, String b) {
        String x = a.toUpperCase(Locale.ROOT);
        String y = b.toUpperCase(Locale.ROOT);
        int width = Math.max(x.length(), y.length());
        return "0"
                .repeat(width - x.length())
                .concat(x)
                .compareTo("0".repeat(width - y.length()).concat(y));
    }
}
