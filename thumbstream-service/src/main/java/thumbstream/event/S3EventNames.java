package thumbstream.event;

import java.util.Optional;
import java.util.Set;

/**
 * Which S3 / MinIO notification event names mean work for Thumbstream.
 *
 * <p>A bucket's notification rule is configured outside our control and is often broader than we need
 * ({@code s3:*}), so anything we do not recognise is dropped, not rejected: reads, ACL and tiering
 * changes, replication status and restores never change an object's pixels.
 */
final class S3EventNames {

    /**
     * MinIO reports metadata-only changes under {@code ObjectCreated:} (they are its aliases of AWS's
     * {@code ObjectTagging:*}, {@code ObjectRetention:*} and {@code ObjectLegalHold:*}). The content is
     * unchanged, so rendering again would only cost a download; they are dropped like their AWS twins.
     */
    private static final Set<String> METADATA_ONLY = Set.of(
            "ObjectCreated:PutTagging",
            "ObjectCreated:DeleteTagging",
            "ObjectCreated:PutRetention",
            "ObjectCreated:PutLegalHold");

    private S3EventNames() {}

    /**
     * The action an event name asks for, or empty when the event should be dropped.
     *
     * @param eventName as in the record, with or without the {@code s3:} prefix (AWS omits it, MinIO
     *     and the AWS documentation include it)
     */
    static Optional<UploadEvent.Action> actionFor(String eventName) {
        String name = eventName.startsWith("s3:") ? eventName.substring("s3:".length()) : eventName;
        if (METADATA_ONLY.contains(name)) {
            return Optional.empty();
        }
        if (name.startsWith("ObjectCreated:")) {
            return Optional.of(UploadEvent.Action.CREATED);
        }
        // A lifecycle expiration deletes the object (or hides it behind a delete marker) exactly like a
        // user's DELETE does, so its thumbnails must go too.
        if (name.startsWith("ObjectRemoved:") || name.startsWith("LifecycleExpiration:")) {
            return Optional.of(UploadEvent.Action.REMOVED);
        }
        return Optional.empty();
    }
}
