package thumbstream.upload;

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
import thumbstream.security.LogText;
import thumbstream.storage.ObjectStore;
import thumbstream.storage.SourceObject;
import thumbstream.storage.StorageException;
import thumbstream.storage.StoredObject;

/**
 * Fetch, render, store for one upload event; thread-safe and stateless between calls.
 *
 * <p>Contract: {@link #process} returns the final result of the upload (completed, skipped,
 * deleted, or failed for a permanent reason), returns empty for events that need no result (keys
 * under the output prefix: the service's own writes echoing back through bucket notifications), and throws {@link TransientJobException} when the same call may
 * succeed later. It never throws for bad input.
 */
public final class ThumbnailJob {

    private static final Logger LOG = LoggerFactory.getLogger(ThumbnailJob.class);

    /** The note of a skipped result for an original that carries our own marker. */
    static final String OWN_MARKER_NOTE = "the object was written by thumbstream (" + ThumbnailMetadata.GENERATED_BY
            + "); thumbnails are not made of thumbnails";

    private final ObjectStore store;
    private final List<RenditionSpec> specs;
    private final ThumbnailKeys keys;
    private final ResultFactory results;
    private final JobObserver observer;
    private final EventChecks checks;
    private final SourceFetcher fetcher;
    private final RenderRunner renders;

    public ThumbnailJob(
            ObjectStore store,
            ThumbnailRenderer renderer,
            List<RenditionSpec> specs,
            ThumbnailKeys keys,
            long maxSourceBytes,
            ResultFactory results) {
        this(
                store,
                renderer,
                specs,
                keys,
                maxSourceBytes,
                results,
                RenderGate.unlimited(),
                JobObserver.NONE,
                JobSafeguards.defaults());
    }

    /**
     * @param renderGate caps renders running at once across all callers (CPU), live uploads first,
     *                   while fetches and stores of other uploads go on
     * @param observer   told bytes, render times and renders past their deadline, for metrics
     * @param safeguards bucket allow-list, shared download budget, render deadline
     */
    public ThumbnailJob(
            ObjectStore store,
            ThumbnailRenderer renderer,
            List<RenditionSpec> specs,
            ThumbnailKeys keys,
            long maxSourceBytes,
            ResultFactory results,
            RenderGate renderGate,
            JobObserver observer,
            JobSafeguards safeguards) {
        this.observer = observer;
        this.store = store;
        this.specs = List.copyOf(specs);
        this.keys = keys;
        this.results = results;
        this.checks = new EventChecks(safeguards.buckets(), specs, keys, results);
        this.fetcher = new SourceFetcher(store, maxSourceBytes, safeguards.sourceBudget());
        this.renders = new RenderRunner(renderer::render, renderGate, safeguards.renderTimeout(), observer);
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
        Optional<ThumbnailEvent> refused = checks.refuse(upload, attempt, started);
        if (refused.isPresent()) {
            return refused;
        }
        try {
            if (upload.action() == UploadEvent.Action.REMOVED) {
                // No sequencer is consulted: the stat in remove() tells whether the object is gone.
                return Optional.of(remove(upload, read(upload), attempt, started));
            }
            String namedEtag = upload.etag(); // the version the event names, before any stat
            String sequencer = upload.sequencer();
            Optional<StoredObject> source = null; // the source's stat, once made
            StoredObject stated = null; // the stat of the version to render, when one was made
            if (upload.etag() == null) {
                // A replayed native event or a manual re-announce: one stat of the source tells
                // which version is there now, so current thumbnails are skipped as with an ETag.
                source = store.stat(upload.bucket(), upload.key());
                if (source.isEmpty()) {
                    return render(upload, null, null, null, attempt, started, urgent); // the GET reports not-found
                }
                if (source.get().etag() != null) {
                    upload = withEtag(upload, source.get().etag());
                }
                stated = source.get();
            }
            // Read even without an ETag: a write needs to know whether the thumbnail keys hold
            // objects that are not this source's thumbnails (those are never overwritten).
            ExistingThumbnails existing = read(upload);
            if (sequencer != null && existing.madeAfter(sequencer)) {
                // The thumbnails record a later event, but any producer can claim any sequencer:
                // only the object's current ETag may decide to skip.
                Optional<StoredObject> now = source != null ? source : store.stat(upload.bucket(), upload.key());
                if (now.isEmpty() || now.get().etag() == null) {
                    // Gone (or no ETag to compare): the fetch tells; nothing is written for a gone object.
                    return render(upload, null, null, null, attempt, started, urgent);
                }
                Optional<List<RenditionResult>> current =
                        existing.currentFor(now.get().etag(), upload.focus());
                if (current.isPresent()) {
                    LOG.info(
                            "stale event for {}/{} (sequencer {}), thumbnails are newer and match the current version",
                            LogText.quoted(upload.bucket()),
                            LogText.quoted(upload.key()),
                            LogText.quoted(sequencer));
                    return Optional.of(results.skipped(upload, current.get(), attempt, started));
                }
                // The object changed since (or the thumbnails are incomplete): act on the object
                // as it is now. The event's sequencer is older than the thumbnails': not recorded.
                upload = withEtag(upload, now.get().etag());
                stated = now.get();
                namedEtag = null;
                sequencer = null;
            }
            Optional<List<RenditionResult>> current =
                    upload.etag() == null ? Optional.empty() : existing.currentFor(upload.etag(), upload.focus());
            if (current.isPresent()) {
                return Optional.of(results.skipped(upload, current.get(), attempt, started));
            }
            if (namedEtag != null && isStaleVersion(upload, existing)) {
                return Optional.of(results.skipped(upload, existing.renditions(), attempt, started));
            }
            List<ExistingThumbnails.Blocked> blocked = existing.blocked();
            if (!blocked.isEmpty()) {
                ExistingThumbnails.Blocked first = blocked.get(0);
                return Optional.of(results.failed(
                        upload,
                        FailureReason.FORBIDDEN,
                        "thumbnail key " + LogText.quoted(first.key()) + " holds " + first.holds()
                                + "; it is never overwritten",
                        attempt,
                        started));
            }
            return render(upload, sequencer, namedEtag, stated, attempt, started, urgent);
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
                    LogText.quoted(upload.bucket()),
                    LogText.quoted(upload.key()),
                    LogText.quoted(upload.etag()),
                    LogText.quoted(recorded.get()));
        }
        return stale;
    }

    /**
     * Deletes the thumbnails of a removed object, but only when the object is really gone (any
     * producer can claim a removal) and only the thumbnails this service wrote.
     */
    private ThumbnailEvent remove(UploadEvent upload, ExistingThumbnails existing, int attempt, long started)
            throws StorageException {
        if (store.stat(upload.bucket(), upload.key()).isPresent()) {
            LOG.info(
                    "removed event for {}/{} ignored: the object still exists, its thumbnails stay",
                    LogText.quoted(upload.bucket()),
                    LogText.quoted(upload.key()));
            return results.skipped(upload, existing.renditions(), attempt, started);
        }
        for (String key : existing.ownKeys()) {
            store.delete(upload.bucket(), key);
        }
        for (ExistingThumbnails.Blocked other : existing.blocked()) {
            LOG.warn(
                    "removed event for {}/{}: {} holds {} and is left alone",
                    LogText.quoted(upload.bucket()),
                    LogText.quoted(upload.key()),
                    LogText.quoted(other.key()),
                    other.holds());
        }
        return results.deleted(upload, attempt, started);
    }

    /**
     * @param sequencer the event's sequencer, to record on the thumbnails, or null
     * @param namedEtag the ETag the event named, or null: the sequencer is only recorded when the
     *                  version rendered is that one (or the event named none)
     * @param stated    this service's own stat of the source, or null: its size and ETag then drive
     *                  the fetch (one GET), not the event's
     */
    private Optional<ThumbnailEvent> render(
            UploadEvent upload,
            String sequencer,
            String namedEtag,
            StoredObject stated,
            int attempt,
            long started,
            boolean urgent)
            throws StorageException, TransientJobException {
        SourceFetcher.Fetch fetch = stated != null
                ? fetcher.fetchStated(upload.bucket(), upload.key(), stated)
                : fetcher.fetch(upload.bucket(), upload.key(), upload.size());
        if (fetch instanceof SourceFetcher.Fetch.OwnThumbnail) {
            // Outside the prefix, so not our echo: someone announced it, and every upload ends in
            // a result (a job waiting for it would never finish otherwise).
            LOG.info(
                    "skipped {}/{}: it carries {}",
                    LogText.quoted(upload.bucket()),
                    LogText.quoted(upload.key()),
                    ThumbnailMetadata.GENERATED_BY);
            return Optional.of(results.skipped(upload, OWN_MARKER_NOTE, attempt, started));
        }
        if (fetch instanceof SourceFetcher.Fetch.Refused refused) {
            return Optional.of(results.failed(upload, refused.reason(), refused.message(), attempt, started));
        }
        SourceFetcher.Fetch.Ready ready = (SourceFetcher.Fetch.Ready) fetch;
        SourceObject source = ready.source();
        observer.downloaded(source.bytes().length);
        FocusPoint focus = Focus.of(upload, source);
        Rendering rendering;
        long renderStarted = System.nanoTime();
        try {
            // The render gives the download budget back when it ends, in time or not.
            rendering = renders.render(source.bytes(), specs, focus, urgent, ready.lease());
            observer.rendered(System.nanoTime() - renderStarted);
        } catch (ImagingException e) {
            return Optional.of(results.failed(upload, reasonOf(e), e.getMessage(), attempt, started));
        }
        String recordedSequencer = namedEtag == null || namedEtag.equals(source.etag()) ? sequencer : null;
        List<RenditionResult> stored = new ArrayList<>(rendering.images().size());
        for (RenderedImage image : rendering.images()) {
            String key = keys.keyFor(upload.key(), image.spec(), image.format());
            String contentType = image.format().contentType();
            store.put(
                    upload.bucket(),
                    key,
                    image.bytes(),
                    contentType,
                    ThumbnailMetadata.of(
                            upload.bucket(), upload.key(), source.etag(), recordedSequencer, image, focus));
            observer.stored(image.bytes().length);
            stored.add(new RenditionResult(
                    image.spec().name(),
                    key,
                    image.width(),
                    image.height(),
                    image.bytes().length,
                    contentType,
                    image.format().extension(),
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

    private ExistingThumbnails read(UploadEvent upload) throws StorageException {
        return ExistingThumbnails.read(store, upload.bucket(), upload.key(), specs, keys);
    }

    private static UploadEvent withEtag(UploadEvent u, String etag) {
        return new UploadEvent(
                u.action(),
                u.bucket(),
                u.key(),
                etag,
                u.size(),
                u.contentType(),
                u.jobId(),
                u.versionId(),
                u.sequencer(),
                u.focus());
    }

    private static FailureReason reasonOf(ImagingException e) {
        return switch (e.kind()) {
            case CORRUPT -> FailureReason.CORRUPT_IMAGE;
            case TOO_LARGE -> FailureReason.TOO_LARGE;
            case UNSUPPORTED -> FailureReason.UNSUPPORTED_FORMAT;
        };
    }
}
