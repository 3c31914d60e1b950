package thumbstream.upload;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import thumbstream.event.FailureReason;
import thumbstream.event.ResultIds;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.ErrorInfo;
import thumbstream.event.ThumbnailEvent.Placeholder;
import thumbstream.event.ThumbnailEvent.RenditionResult;
import thumbstream.event.ThumbnailEvent.Status;
import thumbstream.event.UploadEvent;

/**
 * Builds result events with a deterministic id per (bucket, key, source ETag, rendition set), so a
 * consumer can drop the duplicates that at-least-once delivery may produce.
 */
public final class ResultFactory {

    private final String renditionSet;
    private final Clock clock;

    public ResultFactory(String renditionSet, Clock clock) {
        this.renditionSet = renditionSet;
        this.clock = clock;
    }

    public ThumbnailEvent completed(
            UploadEvent u, String etag, List<RenditionResult> renditions, int attempt, long startedNanos) {
        return completed(u, etag, renditions, null, attempt, startedNanos);
    }

    /** @param placeholder what the renderer computed from the smallest rendition, or null */
    public ThumbnailEvent completed(
            UploadEvent u,
            String etag,
            List<RenditionResult> renditions,
            Placeholder placeholder,
            int attempt,
            long startedNanos) {
        ThumbnailEvent event =
                event(Status.COMPLETED, u.bucket(), u.key(), etag, u.jobId(), renditions, null, attempt, startedNanos);
        return placeholder == null && u.focus() == null ? event : forFocusAndPlaceholder(event, u, placeholder);
    }

    /**
     * {@code e} with {@code placeholder}, and when the upload names a focal point, an id that
     * includes it: thumbnails re-cropped around a new point are a new result, which consumers that
     * drop duplicate ids must not drop. Uploads without a focus keep the ids they always had.
     */
    private ThumbnailEvent forFocusAndPlaceholder(ThumbnailEvent e, UploadEvent u, Placeholder placeholder) {
        String id = u.focus() == null
                ? e.id()
                : ResultIds.idFor(e.bucket(), e.key(), e.sourceEtag(), renditionSet + " focus=" + u.focus());
        return new ThumbnailEvent(
                id,
                e.status(),
                e.bucket(),
                e.key(),
                e.sourceEtag(),
                e.jobId(),
                e.renditions(),
                placeholder,
                e.error(),
                e.note(),
                e.attempts(),
                e.durationMs(),
                e.processedAt());
    }

    public ThumbnailEvent skipped(UploadEvent u, List<RenditionResult> renditions, int attempt, long startedNanos) {
        ThumbnailEvent event = event(
                Status.SKIPPED, u.bucket(), u.key(), u.etag(), u.jobId(), renditions, null, attempt, startedNanos);
        return u.focus() == null ? event : forFocusAndPlaceholder(event, u, null);
    }

    /**
     * A skipped upload whose reason is not "thumbnails already current": nothing was rendered or
     * written, and {@code note} says why (for a human; constant text, never the event's own fields).
     */
    public ThumbnailEvent skipped(UploadEvent u, String note, int attempt, long startedNanos) {
        ThumbnailEvent e = skipped(u, List.of(), attempt, startedNanos);
        return new ThumbnailEvent(
                e.id(),
                e.status(),
                e.bucket(),
                e.key(),
                e.sourceEtag(),
                e.jobId(),
                e.renditions(),
                e.placeholder(),
                e.error(),
                note,
                e.attempts(),
                e.durationMs(),
                e.processedAt());
    }

    public ThumbnailEvent deleted(UploadEvent u, int attempt, long startedNanos) {
        return event(Status.DELETED, u.bucket(), u.key(), u.etag(), u.jobId(), null, null, attempt, startedNanos);
    }

    public ThumbnailEvent failed(UploadEvent u, FailureReason reason, String message, int attempt, long startedNanos) {
        return event(
                Status.FAILED,
                u.bucket(),
                u.key(),
                u.etag(),
                u.jobId(),
                null,
                new ErrorInfo(reason, message),
                attempt,
                startedNanos);
    }

    /** A record that is not an upload event at all: bucket and key are unknown. */
    public ThumbnailEvent invalid(String recordRef, String message) {
        return unprocessed(recordRef, FailureReason.INVALID_EVENT, message);
    }

    /** A record that failed before (or without) being read as an event: bucket and key are unknown. */
    public ThumbnailEvent unprocessed(String recordRef, FailureReason reason, String message) {
        return new ThumbnailEvent(
                ResultIds.idFor("", recordRef, null, renditionSet),
                Status.FAILED,
                null,
                null,
                null,
                null,
                null,
                new ErrorInfo(reason, message),
                1,
                0,
                clock.instant());
    }

    private ThumbnailEvent event(
            Status status,
            String bucket,
            String key,
            String etag,
            String jobId,
            List<RenditionResult> renditions,
            ErrorInfo error,
            int attempt,
            long startedNanos) {
        long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        return new ThumbnailEvent(
                ResultIds.idFor(bucket, key, etag, renditionSet),
                status,
                bucket,
                key,
                etag,
                jobId,
                renditions,
                error,
                attempt,
                durationMs,
                clock.instant());
    }
}
