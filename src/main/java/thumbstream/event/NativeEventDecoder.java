package thumbstream.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * Decodes Thumbstream's own upload event, as written by {@link EventJson#toBytes(UploadEvent)} and by
 * {@code thumbstream backfill}:
 * <pre>{@code {"bucket":"media","key":"originals/shoe 1.jpg","etag":"…","size":123,
 *  "contentType":"image/jpeg","jobId":"rebrand-2026"}}</pre>
 *
 * <p>{@code bucket} and {@code key} are required; {@code action} is {@code "created"} (the default) or
 * {@code "removed"}; unknown fields are ignored so producers can add fields without breaking older
 * consumers. Keys are taken verbatim: unlike S3 notifications, this format does not URL-encode them,
 * and decoding anyway would corrupt keys that contain {@code +} or {@code %}.
 *
 * <p>Stateless and thread-safe.
 */
final class NativeEventDecoder {

    Decoded decode(JsonNode root) {
        UploadEvent.Action action = action(root);
        String bucket = JsonFields.requiredText(root, "bucket", "");
        String key = JsonFields.requiredText(root, "key", "");
        return new Decoded.Uploads(List.of(new UploadEvent(
                action,
                bucket,
                key,
                JsonFields.optionalText(root, "etag", ""),
                JsonFields.optionalSize(root, "size", ""),
                JsonFields.optionalText(root, "contentType", ""),
                JsonFields.optionalText(root, "jobId", ""),
                JsonFields.optionalText(root, "versionId", ""),
                Sequencers.checked(JsonFields.optionalText(root, "sequencer", ""), "sequencer"))));
    }

    private static UploadEvent.Action action(JsonNode root) {
        String action = JsonFields.optionalText(root, "action", "");
        if (action == null) {
            return UploadEvent.Action.CREATED;
        }
        return switch (action.strip().toLowerCase(Locale.ROOT)) {
            case "created" -> UploadEvent.Action.CREATED;
            case "removed" -> UploadEvent.Action.REMOVED;
            default ->
                throw new InvalidEventException("field 'action' must be \"created\" or \"removed\", got \""
                        + JsonFields.abbreviate(action) + "\"");
        };
    }
}
