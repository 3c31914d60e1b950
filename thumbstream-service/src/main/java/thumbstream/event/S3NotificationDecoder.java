package thumbstream.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes the S3 bucket-notification shape, {@code {"Records":[…]}}, as sent by AWS S3 and by MinIO
 * (which wraps the same records in {@code {"EventName":…,"Key":…,"Records":[…]}}; the wrapper repeats
 * the first record, so only {@code Records} is read).
 *
 * <p>Per record: {@code eventName} picks the action (see {@link S3EventNames}); {@code s3.bucket.name}
 * and {@code s3.object.key} are required for records that are kept. Object keys are URL-encoded in this
 * format ({@code +} is a space) and are decoded here, once.
 *
 * <p>A message is decoded as a whole: one malformed kept record makes the whole value invalid, so the
 * dead-letter topic receives the original message and a replay cannot process part of it twice.
 *
 * <p>Stateless and thread-safe.
 */
final class S3NotificationDecoder {

    Decoded decode(JsonNode root) {
        JsonNode records = root.get("Records");
        if (records.isNull() || (records.isArray() && records.isEmpty())) {
            // MinIO sends {"Records":null} as a keep-alive on some transports: nothing to do, not an error.
            return new Decoded.Ignored("bucket notification without records");
        }
        if (!records.isArray()) {
            throw new InvalidEventException("field 'Records' must be an array, got " + JsonFields.kind(records));
        }
        List<UploadEvent> uploads = new ArrayList<>();
        Set<String> dropped = new LinkedHashSet<>();
        for (int i = 0; i < records.size(); i++) {
            String path = "Records[" + i + "]";
            JsonNode record = records.get(i);
            if (!record.isObject()) {
                throw new InvalidEventException("'" + path + "' must be an object, got " + JsonFields.kind(record));
            }
            String eventName = JsonFields.requiredText(record, "eventName", path);
            Optional<UploadEvent.Action> action = S3EventNames.actionFor(eventName);
            if (action.isPresent()) {
                uploads.add(upload(action.get(), record, path));
            } else {
                dropped.add(eventName);
            }
        }
        if (uploads.isEmpty()) {
            return new Decoded.Ignored(
                    "no object created or removed; event names: " + JsonFields.abbreviate(String.join(", ", dropped)));
        }
        return new Decoded.Uploads(uploads);
    }

    private static UploadEvent upload(UploadEvent.Action action, JsonNode record, String path) {
        JsonNode s3 = record.path("s3");
        JsonNode object = s3.path("object");
        String objectPath = path + ".s3.object";
        String bucket = JsonFields.requiredText(s3.path("bucket"), "name", path + ".s3.bucket");
        String key = urlDecode(JsonFields.requiredText(object, "key", objectPath), objectPath + ".key");
        return new UploadEvent(
                action,
                bucket,
                key,
                JsonFields.optionalText(object, "eTag", objectPath),
                JsonFields.optionalSize(object, "size", objectPath),
                contentType(object, objectPath),
                null, // notifications come from live uploads, never from a backfill job
                JsonFields.optionalText(object, "versionId", objectPath),
                Sequencers.checked(
                        JsonFields.optionalText(object, "sequencer", objectPath), objectPath + ".sequencer"));
    }

    /** {@code +} becomes a space and {@code %XX} sequences UTF-8 bytes: form encoding, which is what S3 uses. */
    private static String urlDecode(String encoded, String path) {
        String key;
        try {
            key = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("field '" + path + "' is not valid URL encoding: \""
                    + JsonFields.abbreviate(encoded) + "\" (" + e.getMessage() + ")");
        }
        if (key.isBlank()) {
            throw new InvalidEventException("field '" + path + "' must not be blank");
        }
        return key;
    }

    /** MinIO adds {@code object.contentType}; older MinIO only has it in {@code userMetadata}. AWS sends neither. */
    private static String contentType(JsonNode object, String objectPath) {
        String contentType = JsonFields.optionalText(object, "contentType", objectPath);
        if (contentType != null) {
            return contentType;
        }
        JsonNode metadata = object.path("userMetadata");
        for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
            if (entry.getKey().equalsIgnoreCase("content-type")
                    && entry.getValue().isTextual()) {
                return entry.getValue().textValue();
            }
        }
        return null;
    }
}
