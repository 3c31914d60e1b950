package thumbstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import thumbstream.event.EventJson;
import thumbstream.event.UploadEvent;

/**
 * How the bench announces an upload on {@code uploads}: the two shapes users send, which cost the
 * service different S3 requests (docs/configuration.md, "S3 requests per upload").
 */
public enum EventShape {
    /** Our own JSON with bucket and key only: the service stats the object itself. */
    BARE,
    /** The S3/MinIO bucket-notification shape, {@code {"EventName":…,"Key":…,"Records":[…]}}, with ETag and size. */
    NOTIFICATION;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The event's bytes for {@code upload} (whose ETag and size are known: the bench uploaded it). */
    public byte[] encode(UploadEvent upload) {
        if (this == BARE) {
            return EventJson.toBytes(new UploadEvent(
                    UploadEvent.Action.CREATED, upload.bucket(), upload.key(), null, null, null, null, null, null));
        }
        ObjectNode root = MAPPER.createObjectNode();
        root.put("EventName", "s3:ObjectCreated:Put");
        root.put("Key", upload.bucket() + "/" + upload.key());
        ObjectNode record = root.putArray("Records").addObject();
        record.put("eventVersion", "2.0");
        record.put("eventSource", "minio:s3");
        record.put("awsRegion", "");
        record.put("eventName", "s3:ObjectCreated:Put");
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "Config");
        s3.putObject("bucket").put("name", upload.bucket()).put("arn", "arn:aws:s3:::" + upload.bucket());
        ObjectNode object = s3.putObject("object");
        object.put("key", URLEncoder.encode(upload.key(), StandardCharsets.UTF_8)); // S3's form encoding
        if (upload.size() != null) {
            object.put("size", upload.size());
        }
        if (upload.etag() != null) {
            object.put("eTag", upload.etag());
        }
        if (upload.contentType() != null) {
            object.put("contentType", upload.contentType());
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the report calls it: {@code bare}, {@code notification}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code "bare,notification"} (any order, any case) to shapes; refuses unknown names. */
    public static List<EventShape> parse(String list) {
        List<EventShape> shapes = new ArrayList<>();
        for (String name : list.split(",")) {
            if (!name.isBlank()) {
                try {
                    shapes.add(valueOf(name.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "--event-shapes: '" + name.trim() + "' is not one of bare, notification");
                }
            }
        }
        if (shapes.isEmpty()) {
            throw new IllegalArgumentException("--event-shapes: name at least one of bare, notification");
        }
        return List.copyOf(shapes);
    }
}
