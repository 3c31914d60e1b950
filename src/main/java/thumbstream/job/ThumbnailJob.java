package thumbstream.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thumbstream.event.FailureReason;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.Crop;
import thumbstream.event.ThumbnailEvent.Placeholder;
import thumbstream.event.ThumbnailEvent.RenditionResult;
import thumbstream.event.UploadEvent;
import thumbstream.imaging.ImagingException;
import thumbstream.imaging.RenderedImage;
import thumbstream.imaging.Rendering;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.ThumbnailRenderer;
import thumbstream.imaging.crop.FocusPoint;
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

    public ThumbnailJob(
            ObjectStore store,
            ThumbnailRenderer renderer,
            List<RenditionSpec> specs,
            ThumbnailKeys keys,
            long maxSourceBytes,
            ResultFactory results) {
        this(store, renderer, specs, keys, maxSourceBytes, results, RenderGate.unlimited(), JobObserver.NONE);
    }

    /**
     * @param renderGate caps renders running at once across all callers (CPU), live uploads first,
     *                   while fetches and stores of other uploads go on
     * @param observer      told bytes and render times, for metrics
     */
    public ThumbnailJob(
            ObjectStore store,
            ThumbnailRenderer renderer,
            List<RenditionSpec> specs,
            ThumbnailKeys keys,
            long maxSourceBytes,
            ResultFactory results,
            RenderGate renderGate,
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
            ExistingThumbnails existing = upload.etag() == null && upload.sequencer() == null
                    ? null
                    : ExistingThumbnails.read(store, upload.bucket(), upload.key(), specs, keys);
            if (existing != null && upload.sequencer() != null && existing.madeAfter(upload.sequencer())) {
                // A later event of this object was handled already: this one must not undo it.
                LOG.info(
                        "stale event for {}/{} (sequencer {}), thumbnails are newer",
                        upload.bucket(),
                        upload.key(),
                        upload.sequencer());
                return Optional.of(results.skipped(upload, existing.renditions(), attempt, started));
            }
            if (upload.action() == UploadEvent.Action.REMOVED) {
                for (RenditionSpec spec : specs) {
                    store.delete(upload.bucket(), keys.keyFor(upload.key(), spec));
                }
                return Optional.of(results.deleted(upload, attempt, started));
            }
            Optional<List<RenditionResult>> current = existing == null || upload.etag() == null
                    ? Optional.empty()
                    : existing.currentFor(upload.etag(), upload.focus());
            if (current.isPresent()) {
                return Optional.of(results.skipped(upload, current.get(), attempt, started));
            }
            if (existing != null && upload.etag() != null && isStaleVersion(upload, existing)) {
                return Optional.of(results.skipped(upload, existing.renditions(), attempt, started));
            }
            return render(upload, attempt, started, urgent);
        } catch (StorageException e) {
            return switch (e.kind()) {
                case TRANSIENT -> throw new TransientJobException(e.getMessage(), e);
                case NOT_FOUND ->
                    Optional.of(results.failed(
                            upload,
                            FailureReason.NOT_FOUND,
                            "object not found: " + upload.bucket() + "/" + upload.key(),
                            attempt,
                            started));
                case TOO_LARGE ->
                    Optional.of(results.failed(upload, FailureReason.TOO_LARGE, e.getMessage(), attempt, started));
                case PERMANENT ->
                    Optional.of(results.failed(upload, FailureReason.STORAGE, e.getMessage(), attempt, started));
            };
        }
    }

    /**
     * The event names an older version than the object has now, and the thumbnails were made from
     * the current one: rendering again would only repeat them.
     */
    private boolean isStaleVersion(UploadEvent upload, ExistingThumbnails existing) throws StorageException {
        Optional<String> recorded = existing.recordedEtag();
        if (recorded.isEmpty() || recorded.get().equals(upload.etag())) {
            return false;
        }
        Optional<StoredObject> source = store.stat(upload.bucket(), upload.key());
        boolean stale = source.isPresent() && recorded.get().equals(source.get().etag());
        if (stale) {
            LOG.info(
                    "stale event for {}/{} (etag {}), thumbnails match the current version {}",
                    upload.bucket(),
                    upload.key(),
                    upload.etag(),
                    recorded.get());
        }
        return stale;
    }

    private Optional<ThumbnailEvent> render(UploadEvent upload, int attempt, long started, boolean urgent)
            throws StorageException {
        SourceObject source = store.get(upload.bucket(), upload.key(), maxSourceBytes);
        observer.downloaded(source.bytes().length);
        if (ThumbnailMetadata.isGenerated(source.userMetadata())) {
            // One of our own thumbnails outside the output prefix (e.g. the prefix was changed):
            // never make thumbnails of thumbnails.
            return Optional.empty();
        }
        if (source.bytes().length == 0) {
            return Optional.of(
                    results.failed(upload, FailureReason.CORRUPT_IMAGE, "object is empty (0 bytes)", attempt, started));
        }
        Rendering rendering;
        FocusPoint focus = Focus.of(upload, source);
        renderGate.acquire(urgent);
        long renderStarted = System.nanoTime();
        try {
            rendering = renderer.render(source.bytes(), specs, focus);
            observer.rendered(System.nanoTime() - renderStarted);
        } catch (ImagingException e) {
            return Optional.of(results.failed(upload, reasonOf(e), e.getMessage(), attempt, started));
        } finally {
            renderGate.release();
        }
        List<RenditionResult> stored = new ArrayList<>(rendering.images().size());
        for (RenderedImage image : rendering.images()) {
            String key = keys.keyFor(upload.key(), image.spec());
            String contentType = image.spec().format().contentType();
            store.put(
                    upload.bucket(),
                    key,
                    image.bytes(),
                    contentType,
                    ThumbnailMetadata.of(source.etag(), upload.sequencer(), image, focus));
            observer.stored(image.bytes().length);
            stored.add(new RenditionResult(
                    image.spec().name(),
                    key,
                    image.width(),
                    image.height(),
                    image.bytes().length,
                    contentType,
                    image.crop() == null
                            ? null
                            : new Crop(
                                    image.crop().x(),
                                    image.crop().y(),
                                    image.crop().width(),
                                    image.crop().height())));
        }
        Placeholder placeholder = rendering.placeholder() == null
                ? null
                : new Placeholder(
                        rendering.placeholder().blurhash(),
                        rendering.placeholder().thumbhash(),
                        rendering.placeholder().dominantColor(),
                        rendering.placeholder().averageColor());
        return Optional.of(results.completed(upload, source.etag(), stored, placeholder, attempt, started));
    }

    private static FailureReason reasonOf(ImagingException e) {
        return switch (e.kind()) {
            case CORRUPT -> FailureReason.CORRUPT_IMAGE;
            case TOO_LARGE -> FailureReason.TOO_LARGE;
            case UNSUPPORTED -> FailureReason.UNSUPPORTED_FORMAT;
        };
    }
}
