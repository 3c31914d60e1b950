package thumbstream.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import thumbstream.imaging.crop.FocusPoint;

/**
 * Decodes Thumbstream's own upload event, as written by {@link EventJson#toBytes(UploadEvent)} and by
 * {@code thumbstream backfill}:
 * <pre>{@code {"bucket":"media","key":"originals/shoe 1.jpg","etag":"…","size":123,
 *  "contentType":"image/jpeg","jobId":"rebrand-2026"}}</pre>
 *
 * <p>{@code bucket} and {@code key} are required; {@code action} is {@code "created"} (the default) or
 * {@code "removed"}; {@code focus}, when present, is {@code {"x":0.31,"y":0.62}} (fractions of the
 * picture as viewed, each a finite number from 0 to 1; anything else makes the event invalid);
 * unknown fields are ignored so producers can add fields without breaking older
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
                Sequencers.checked(JsonFields.optionalText(root, "sequencer", ""), "sequencer"),
                focus(root))));
    }

    private static FocusPoint focus(JsonNode root) {
        JsonNode focus = root.get("focus");
        if (focus == null || focus.isNull()) {
            return null;
        }
        if (!focus.isObject()) {
            throw new InvalidEventException(
                    "field 'focus' must be an object {\"x\":0..1,\"y\":0..1}, got " + JsonFields.kind(focus));
        }
        return new FocusPoint(fraction(focus, "x"), fraction(focus, "y"));
    }

    private static double fraction(JsonNode focus, String field) {
        JsonNode node = focus.get(field);
        // A number too large for a double arrives as infinity: the finiteness check covers it.
        if (node == null
                || !node.isNumber()
                || !Double.isFinite(node.doubleValue())
                || node.doubleValue() < 0
                || node.doubleValue() > 1) {
            throw new InvalidEventException("field 'focus." + field + "' must be a number from 0 to 1, got "
                    + (node == null
                            ? "nothing"
                            : JsonFields.kind(node) + " " + JsonFields.abbreviate(node.toString())));
        }
        return node.doubleValue();
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
