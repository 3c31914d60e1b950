package thumbstream.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The JSON form of Thumbstream's events, through one shared, configured {@link ObjectMapper}.
 *
 * <p>{@link Instant}s are written as ISO-8601 strings ({@code "2026-11-23T07:00:00.123Z"}) by a small
 * codec of our own rather than jackson-datatype-jsr310: that module only reaches our classpath
 * transitively (through s3proxy, a dev-mode dependency), and the wire format must not change when a
 * dependency upgrade drops it. Unknown fields are ignored on read so older consumers keep working when
 * events gain fields.
 *
 * <p>Every document it reads comes from Kafka (results, job announcements, the progress topology's
 * own topics) or from a Thumbstream HTTP answer, so none is trusted: the parser stops at
 * {@link #LIMITS}, set far above what this service writes but far below Jackson's defaults. The
 * uploads topic gets tighter ones of its own ({@link EventDecoder}).
 *
 * <p>Thread-safe: the mapper is configured once here and only used afterwards.
 */
public final class EventJson {

    /**
     * What one document read through {@link #mapper()} may hold. The largest we write is a job's
     * progress: at most {@code JobProgress.MAX_LISTED_FAILURES} (1,000) failures of 8 tokens each,
     * about 8,100 tokens, 3 levels deep; our numbers are longs and doubles (at most 24 characters);
     * our field names are ours or failure reason codes. The longest string is an object key or a
     * message, which {@code RecordFit} may have to re-read before cutting it: at most the 1 MiB an
     * upload event has, so strings may be 4 Mi characters. No document length: Kafka's record size
     * bounds what arrives, and the token and string limits bound what it costs.
     */
    static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxTokenCount(100_000)
            .maxNestingDepth(32)
            .maxNumberLength(64)
            .maxStringLength(4 * 1024 * 1024)
            .maxNameLength(1024)
            .build();

    private static final ObjectMapper MAPPER = mapper(LIMITS);

    private EventJson() {}

    /**
     * A mapper configured like {@link #mapper()} whose parsers stop at {@code limits}: for input
     * that deserves limits of its own (the uploads topic). Build it once; it is thread-safe.
     */
    static ObjectMapper mapper(StreamReadConstraints limits) {
        return JsonMapper.builder(
                        JsonFactory.builder().streamReadConstraints(limits).build())
                .addModule(new SimpleModule("thumbstream-instant")
                        .addSerializer(Instant.class, new InstantSerializer())
                        .addDeserializer(Instant.class, new InstantDeserializer()))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /**
     * The shared mapper, for code that reads or writes these events in other ways (e.g. as a tree).
     * Do not reconfigure it — every user shares it; call {@code mapper().copy()} to get one you may change.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The event as UTF-8 JSON, fields in the documented order, nulls left out. */
    public static byte[] toBytes(ThumbnailEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            // Our own records always serialise; failing here is a bug, not an input problem.
            throw new UncheckedIOException("cannot serialise " + event, e);
        }
    }

    /**
     * Reads a result event written by {@link #toBytes(ThumbnailEvent)}.
     *
     * @throws IllegalArgumentException if the bytes are not a thumbnail event
     */
    public static ThumbnailEvent thumbnailEvent(byte[] json) {
        try {
            return MAPPER.readValue(json, ThumbnailEvent.class);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("not a thumbnail event: " + detail, e);
        }
    }

    /**
     * The upload in the native input shape that {@link EventDecoder} reads back:
     * {@code {"bucket":…,"key":…,"etag":…,"size":…,"contentType":…,"jobId":…}}, nulls left out.
     * {@code "action":"removed"} is written only for removals, since created is the default; version id
     * sequencer and focus point are written when known so nothing is lost on a round trip.
     */
    public static byte[] toBytes(UploadEvent upload) {
        ObjectNode json = MAPPER.createObjectNode();
        if (upload.action() == UploadEvent.Action.REMOVED) {
            json.put("action", "removed");
        }
        json.put("bucket", upload.bucket());
        json.put("key", upload.key());
        putIfPresent(json, "etag", upload.etag());
        if (upload.size() != null) {
            json.put("size", upload.size());
        }
        putIfPresent(json, "contentType", upload.contentType());
        putIfPresent(json, "jobId", upload.jobId());
        putIfPresent(json, "versionId", upload.versionId());
        putIfPresent(json, "sequencer", upload.sequencer());
        if (upload.focus() != null) {
            json.putObject("focus")
                    .put("x", upload.focus().x())
                    .put("y", upload.focus().y());
        }
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise " + upload, e);
        }
    }

    private static void putIfPresent(ObjectNode json, String field, String value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    /** Writes {@link Instant#toString()}: ISO-8601 in UTC, e.g. {@code 2026-11-23T07:00:00.123Z}. */
    private static final class InstantSerializer extends StdScalarSerializer<Instant> {
        InstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toString());
        }
    }

    /** Reads what {@link InstantSerializer} writes; a number or other text is rejected, not guessed at. */
    private static final class InstantDeserializer extends StdScalarDeserializer<Instant> {
        InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            String text = p.getText().strip();
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(
                        Instant.class, text, "expected an ISO-8601 instant such as 2026-11-23T07:00:00.123Z");
            }
        }
    }
}
