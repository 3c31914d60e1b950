package thumbstream.upload;

import java.util.List;
import java.util.Optional;
import thumbstream.event.FailureReason;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.imaging.RenditionSpec;
import thumbstream.security.BucketAllowList;
import thumbstream.security.KeyCheck;
import thumbstream.security.LogText;

/**
 * Refuses, before any storage call, an event for a bucket or prefix outside the allow-list
 * ({@code forbidden}) or with a key that must not be used ({@code invalid-event}, see
 * {@link KeyCheck}), or that its thumbnails could not record ({@link
 * ThumbnailMetadata#MAX_ENCODED_SOURCE_KEY}). Stateless apart from its settings; thread-safe.
 */
final class EventChecks {

    private final BucketAllowList buckets;
    private final List<RenditionSpec> specs;
    private final ThumbnailKeys keys;
    private final ResultFactory results;

    EventChecks(BucketAllowList buckets, List<RenditionSpec> specs, ThumbnailKeys keys, ResultFactory results) {
        this.buckets = buckets;
        this.specs = List.copyOf(specs);
        this.keys = keys;
        this.results = results;
    }

    /** The failed result for an event that must not be acted on, or empty when it may. */
    Optional<ThumbnailEvent> refuse(UploadEvent upload, int attempt, long started) {
        if (!buckets.allows(upload.bucket(), upload.key())) {
            return Optional.of(results.failed(
                    upload,
                    FailureReason.FORBIDDEN,
                    "bucket " + LogText.quoted(upload.bucket()) + " (key " + LogText.quoted(upload.key())
                            + ") is outside THUMBSTREAM_BUCKETS; nothing was read or written",
                    attempt,
                    started));
        }
        long longest = 0;
        for (RenditionSpec spec : specs) {
            // Every format is its own object: "a.jpg.webp" is longer than the primary "a.jpg".
            for (RenditionSpec.Format format : spec.formats()) {
                longest = Math.max(longest, KeyCheck.utf8Bytes(keys.keyFor(upload.key(), spec, format)));
            }
        }
        Optional<String> problem = KeyCheck.problem(upload.key(), longest);
        if (problem.isEmpty()) {
            int recorded = ThumbnailMetadata.encoded(upload.key()).length();
            if (recorded > ThumbnailMetadata.MAX_ENCODED_SOURCE_KEY) {
                problem = Optional.of("percent-encoded for its thumbnails' metadata it is " + recorded
                        + " characters, above the " + ThumbnailMetadata.MAX_ENCODED_SOURCE_KEY
                        + " that fit S3's 2 KB of user metadata");
            }
        }
        return problem.map(p -> results.failed(
                upload,
                FailureReason.INVALID_EVENT,
                "unusable object key " + LogText.quoted(upload.key()) + ": " + p,
                attempt,
                started));
    }
}
