package thumbstream.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
 * <p>Limits, all enforced before or while parsing, so a hostile value costs little work
 * (issue 19): at most {@value #MAX_VALUE_BYTES} bytes, checked before parsing; and what the parser
 * may meet in those bytes ({@link #limits}):
 * <ul>
 *   <li>tokens: {@value #TOKENS_PER_RECORD} per record the pipeline accepts in one value
 *       ({@code THUMBSTREAM_MAX_RECORDS_PER_EVENT}), plus {@value #TOKENS_PER_RECORD} for the
 *       wrapper. A real MinIO record has about 83 tokens, an AWS one about 60; the rest is room for
 *       user metadata. Without it, 1 MiB of {@code {},{},…} is 700,000 tokens and as many tree
 *       nodes, all built before the first record is found invalid;</li>
 *   <li>nesting: {@value #MAX_DEPTH} levels; the deepest real path,
 *       {@code Records[i].s3.object.userMetadata}, has 6;</li>
 *   <li>numbers: {@value #MAX_NUMBER_CHARS} characters: a size is a long (at most 20), a focus
 *       fraction a double (at most 24); big integers cost more than linear time to parse;</li>
 *   <li>field names: {@value #MAX_NAME_CHARS} characters; real ones are short words or metadata
 *       header names;</li>
 *   <li>strings: {@value #MAX_VALUE_BYTES} characters, the byte limit. Not less: a key too long
 *       for S3 must still decode, so that its failure (invalid-event) is reported for its key.</li>
 * </ul>
 * A value over a limit is {@link Decoded.Invalid} ("event too complex: …").
 *
 * <p>Contract: {@link #decode} never throws, whatever the bytes — a poison record must end as a
 * dead letter, never as an exception in the poll loop. Instances hold no mutable state and are safe to
 * share between threads; build one per configuration, not per record.
 */
public final class EventDecoder {

    /** Real notifications are a few KiB; a cap keeps one bad producer from costing a worker's heap. */
    public static final int MAX_VALUE_BYTES = 1024 * 1024;

    /** {@code THUMBSTREAM_MAX_RECORDS_PER_EVENT}'s default (kept equal to the config's by a test). */
    static final int DEFAULT_MAX_RECORDS_PER_EVENT = 100;

    static final int TOKENS_PER_RECORD = 256;
    static final int MAX_DEPTH = 16;
    static final int MAX_NUMBER_CHARS = 32;
    static final int MAX_NAME_CHARS = 1024;

    private static final String EXPECTED = "expected a native upload event {\"bucket\":…,\"key\":…} "
            + "or an S3/MinIO bucket notification {\"Records\":[…]}";

    // Immutable and thread-safe. Duplicate fields and trailing data are rejected: a value such as
    // {"key":"a","key":"b"} or {"key":"a"}{"key":"b"} is ambiguous, and guessing could render the wrong object.
    private final ObjectReader reader;
    private final int maxRecordsPerEvent;
    private final NativeEventDecoder nativeEvents = new NativeEventDecoder();
    private final S3NotificationDecoder notifications = new S3NotificationDecoder();

    /** A decoder for {@value #DEFAULT_MAX_RECORDS_PER_EVENT} records per value, the default of the setting. */
    public EventDecoder() {
        this(DEFAULT_MAX_RECORDS_PER_EVENT);
    }

    /** @param maxRecordsPerEvent records one value may hold ({@code THUMBSTREAM_MAX_RECORDS_PER_EVENT}) */
    public EventDecoder(int maxRecordsPerEvent) {
        this.maxRecordsPerEvent = maxRecordsPerEvent;
        this.reader = EventJson.mapper(limits(maxRecordsPerEvent))
                .reader()
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The parser limits for values of up to {@code maxRecordsPerEvent} records; see the class comment. */
    static StreamReadConstraints limits(int maxRecordsPerEvent) {
        long tokens = ((long) Math.max(1, maxRecordsPerEvent) + 1) * TOKENS_PER_RECORD;
        return StreamReadConstraints.builder()
                .maxDocumentLength(MAX_VALUE_BYTES)
                .maxTokenCount(tokens)
                .maxNestingDepth(MAX_DEPTH)
                .maxNumberLength(MAX_NUMBER_CHARS)
                .maxNameLength(MAX_NAME_CHARS)
                .maxStringLength(MAX_VALUE_BYTES)
                .build();
    }

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
            root = reader.readTree(value);
        } catch (StreamConstraintsException e) {
            return new Decoded.Invalid("event too complex: " + describeLimit(e));
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

    /**
     * Jackson's message for the limit without its pointer into Jackson's API, e.g. "token count
     * (25857) exceeds the maximum allowed (25856)", plus what sets the token limit.
     */
    private String describeLimit(StreamConstraintsException e) {
        String message = describe(e).replaceAll(", from `[^`]*`", "");
        message = message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
        if (message.startsWith("token count")) {
            message += ": " + TOKENS_PER_RECORD + " for each of THUMBSTREAM_MAX_RECORDS_PER_EVENT ("
                    + maxRecordsPerEvent + ") records, plus " + TOKENS_PER_RECORD;
        }
        return message;
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
