package thumbstream.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import thumbstream.event.FailureReason;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.RenditionResult;
import thumbstream.event.UploadEvent;
import thumbstream.imaging.ImagingException;
import thumbstream.imaging.RenderedImage;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.ThumbnailRenderer;
import thumbstream.storage.ObjectStore;
import thumbstream.storage.SourceObject;
import thumbstream.storage.StorageException;
import thumbstream.storage.StoredObject;

/**
 * Fetch, render, store for one upload event; thread-safe and stateless between calls.
 *
 * <p>Contract: {@link #process} returns the final result of the upload (completed, skipped,
 * deleted, or failed for a permanent reason), returns empty for events that need no result (the
 * service's own thumbnails), and throws {@link TransientJobException} when the same call may
 * succeed later. It never throws for bad input.
 */
public final class ThumbnailJob {

    private static final Logger LOG = LoggerFactory.getLogger(ThumbnailJob.class);

    private final ObjectStore store;
    private final ThumbnailRenderer renderer;
    private final List<RenditionSpec> specs;
    private final ThumbnailKeys keys;
    private final long maxSourceBytes;
    private final ResultFactory results;
    private final RenderGate renderGate;
    private final JobObserver observer;

    public ThumbnailJob(ObjectStore store, ThumbnailRenderer renderer, List<RenditionSpec> specs,
            ThumbnailKeys keys, long maxSourceBytes, ResultFactory results) {
        this(store, renderer, specs, keys, maxSourceBytes, results, RenderGate.unlimited(), JobObserver.NONE);
    }

    /**
     * @param renderGate caps renders running at once across all callers (CPU), live uploads first,
     *                   while fetches and stores of other uploads go on
     * @param observer      told bytes and render times, for metrics
     */
    public ThumbnailJob(ObjectStore store, ThumbnailRenderer renderer, List<RenditionSpec> specs,
            ThumbnailKeys keys, long maxSourceBytes, ResultFactory results, RenderGate renderGate,
            JobObserver observer) {
        this.renderGate = renderGate;
        this.observer = observer;
        this.store = store;
        this.renderer = renderer;
        this.specs = List.copyOf(specs);
        this.keys = keys;
        this.maxSourceBytes = maxSourceBytes;
        this.results = results;
    }

    /** {@link #process(UploadEvent, int, boolean)} for a live (urgent) upload. */
    public Optional<ThumbnailEvent> process(UploadEvent upload, int attempt) throws TransientJobException {
        return process(upload, attempt, true);
    }

    /**
     * @param urgent true for live uploads, false for backfill: urgent renders get the CPU first
     */
    public Optional<ThumbnailEvent> process(UploadEvent upload, int attempt, boolean urgent)
            throws TransientJobException {
        if (keys.isThumbnail(upload.key())) {
            return Optional.empty(); // our own output: never render thumbnails of thumbnails
        }
        long started = System.nanoTime();
        try {
            if (upload.action() == UploadEvent.Action.REMOVED) {
                for (RenditionSpec spec : specs) {
                    store.delete(upload.bucket(), keys.keyFor(upload.key(), spec));
                }
                return Optional.of(results.deleted(upload, attempt, started));
            }
            Optional<List<RenditionResult>> current = currentThumbnails(upload);
            if (current.isPresent()) {
                return Optional.of(results.skipped(upload, current.get(), attempt, started));
            }
            return Optional.of(render(upload, attempt, started, urgent));
        } catch (StorageException e) {
            return switch (e.kind()) {
                case TRANSIENT -> throw new TransientJobException(e.getMessage(), e);
                case NOT_FOUND -> Optional.of(results.failed(upload, FailureReason.NOT_FOUND,
                        "object not found: " + upload.bucket() + "/" + upload.key(), attempt, started));
                case TOO_LARGE -> Optional.of(results.failed(upload, FailureReason.TOO_LARGE, e.getMessage(),
                        attempt, started));
                case PERMANENT -> Optional.of(results.failed(upload, FailureReason.STORAGE, e.getMessage(),
                        attempt, started));
            };
        }
    }

    private ThumbnailEvent render(UploadEvent upload, int attempt, long started, boolean urgent)
            throws StorageException {
        SourceObject source = store.get(upload.bucket(), upload.key(), maxSourceBytes);
        observer.downloaded(source.bytes().length);
        if (source.bytes().length == 0) {
            return results.failed(upload, FailureReason.CORRUPT_IMAGE, "object is empty (0 bytes)", attempt, started);
        }
        List<RenderedImage> images;
        renderGate.acquire(urgent);
        long renderStarted = System.nanoTime();
        try {
            images = renderer.render(source.bytes(), specs);
            observer.rendered(System.nanoTime() - renderStarted);
        } catch (ImagingException e) {
            return results.failed(upload, reasonOf(e), e.getMessage(), attempt, started);
        } finally {
            renderGate.release();
        }
        List<RenditionResult> stored = new ArrayList<>(images.size());
        for (RenderedImage image : images) {
            String key = keys.keyFor(upload.key(), image.spec());
            String contentType = image.spec().format().contentType();
            store.put(upload.bucket(), key, image.bytes(), contentType, ThumbnailMetadata.of(source.etag(), image));
            observer.stored(image.bytes().length);
            stored.add(new RenditionResult(image.spec().name(), key, image.width(), image.height(),
                    image.bytes().length, contentType));
        }
        return results.completed(upload, source.etag(), stored, attempt, started);
    }

    /**
     * The thumbnails as they stand when every one of them was made from this very source version
     * with today's spec: then there is nothing to do. Costs one stat per rendition, no download.
     */
    private Optional<List<RenditionResult>> currentThumbnails(UploadEvent upload) throws StorageException {
        if (upload.etag() == null) {
            return Optional.empty();
        }
        List<RenditionResult> found = new ArrayList<>(specs.size());
        for (RenditionSpec spec : specs) {
            String key = keys.keyFor(upload.key(), spec);
            Optional<StoredObject> thumb = store.stat(upload.bucket(), key);
            if (thumb.isEmpty() || !ThumbnailMetadata.isCurrent(thumb.get(), upload.etag(), spec.canonical())) {
                return Optional.empty();
            }
            StoredObject t = thumb.get();
            found.add(new RenditionResult(spec.name(), key, ThumbnailMetadata.intValue(t, ThumbnailMetadata.WIDTH),
                    ThumbnailMetadata.intValue(t, ThumbnailMetadata.HEIGHT), t.size(), t.contentType()));
        }
        LOG.debug("thumbnails of {}/{} are current, skipping", upload.bucket(), upload.key());
        return Optional.of(found);
    }

    private static FailureReason reasonOf(ImagingException e) {
        return switch (e.kind()) {
            case CORRUPT -> FailureReason.CORRUPT_IMAGE;
            case TOO_LARGE -> FailureReason.TOO_LARGE;
            case UNSUPPORTED -> FailureReason.UNSUPPORTED_FORMAT;
        };
    }
}
