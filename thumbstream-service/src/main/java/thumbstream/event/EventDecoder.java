package thumbstream.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a record value from {@code uploads} into {@link Decoded}: the single entry point for input events.
 *
 * <p>Accepted shapes:
 * <ul>
 *   <li>native: {@code {"bucket":…,"key":…,…}} — see {@link NativeEventDecoder};</li>
 *   <li>S3 / MinIO bucket notification: {@code {"Records":[…]}} — see {@link S3NotificationDecoder};</li>
 *   <li>S3's {@code s3:TestEvent}, sent when a notification rule is saved — {@link Decoded.Ignored}.</li>
 * </ul>
 * Anything else is {@link Decoded.Invalid} with a message naming what was expected.
 *
 * <p>Contract: {@link #decode} never throws, whatever the bytes — a poison record must end as a
 * dead letter, never as an exception in the poll loop. Instances hold no mutable state and are safe to
 * share between threads.
 */
public final class EventDecoder {

    /** Real notifications are a few KiB; a cap keeps one bad producer from costing a worker's heap. */
    static final int MAX_VALUE_BYTES = 1024 * 1024;

    // Immutable and thread-safe. Duplicate fields and trailing data are rejected: a value such as
    // {"key":"a","key":"b"} or {"key":"a"}{"key":"b"} is ambiguous, and guessing could render the wrong object.
    private static final ObjectReader READER = EventJson.mapper()
            .reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final String EXPECTED = "expected a native upload event {\"bucket\":…,\"key\":…} "
            + "or an S3/MinIO bucket notification {\"Records\":[…]}";

    private final NativeEventDecoder nativeEvents = new NativeEventDecoder();
    private final S3NotificationDecoder notifications = new S3NotificationDecoder();

    /**
     * Decodes one record value.
     *
     * @param value the record value as consumed; may be null (a tombstone)
     * @return uploads to process, a reason to ignore the value, or why it is invalid; never null
     */
    public Decoded decode(byte[] value) {
        if (value == null || value.length == 0) {
            return new Decoded.Invalid("empty event: the record has no value");
        }
        if (value.length > MAX_VALUE_BYTES) {
            return new Decoded.Invalid(
                    "event too large: " + value.length + " bytes, the limit is " + MAX_VALUE_BYTES + " bytes (1 MiB)");
        }
        JsonNode root;
        try {
            root = READER.readTree(value);
        } catch (JsonProcessingException e) {
            return new Decoded.Invalid("malformed JSON: " + describe(e));
        } catch (IOException | RuntimeException e) {
            return new Decoded.Invalid("malformed JSON: " + e.getMessage());
        }
        try {
            return decodeTree(root);
        } catch (InvalidEventException e) {
            return new Decoded.Invalid(e.getMessage());
        } catch (RuntimeException e) {
            // Backstop for the never-throws contract (e.g. a bug here): the record still reaches the
            // dead-letter topic with a reason instead of stalling its partition.
            return new Decoded.Invalid("could not decode event: " + e);
        }
    }

    private Decoded decodeTree(JsonNode root) {
        if (root == null || root.isMissingNode()) {
            return new Decoded.Invalid("empty event: the value holds only whitespace");
        }
        if (!root.isObject()) {
            return new Decoded.Invalid("unknown event shape: " + EXPECTED + ", got " + JsonFields.kind(root));
        }
        if (root.has("Records")) {
            return notifications.decode(root);
        }
        if ("s3:TestEvent".equals(root.path("Event").asText())) {
            return new Decoded.Ignored(
                    "S3 test event for bucket " + root.path("Bucket").asText("(unnamed)"));
        }
        if (root.has("bucket") || root.has("key")) {
            return nativeEvents.decode(root);
        }
        return new Decoded.Invalid("unknown event shape: " + EXPECTED + ", got an object with " + describeFields(root));
    }

    private static String describeFields(JsonNode root) {
        List<String> names = new ArrayList<>();
        root.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) {
            return "no fields";
        }
        return "fields " + JsonFields.abbreviate(String.join(", ", names));
    }

    /** Jackson's own message without the echoed source, plus where in the value it went wrong. */
    private static String describe(JsonProcessingException e) {
        // Jackson names the (redacted) source inside some messages; it says nothing to the user.
        String original = String.valueOf(e.getOriginalMessage()).replaceAll("\\[Source: [^\\]]*?; (?=line:)", "[");
        String message = JsonFields.abbreviate(original.lines().findFirst().orElse(""), 200);
        if (e.getLocation() == null || e.getLocation().getLineNr() < 0) {
            return message;
        }
        return message + " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }
}
