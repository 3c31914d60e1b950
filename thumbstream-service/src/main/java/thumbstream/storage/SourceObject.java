package thumbstream.storage;

import java.util.Map;

/**
 * A downloaded object: its bytes, the ETag of the version that was read, and its user metadata
 * (lower-case names, no {@code x-amz-meta-} prefix).
 */
public record SourceObject(byte[] bytes, String etag, String contentType, Map<String, String> userMetadata) {

    public SourceObject {
        etag = Etags.normalise(etag);
        userMetadata = Map.copyOf(userMetadata);
    }

    public SourceObject(byte[] bytes, String etag, String contentType) {
        this(bytes, etag, contentType, Map.of());
    }
}
