package thumbstream.storage;

import java.util.Map;

/**
 * What a stat of an object tells.
 *
 * @param etag         the ETag without surrounding quotes
 * @param userMetadata user metadata with lower-case names and no {@code x-amz-meta-} prefix
 */
public record StoredObject(String key, String etag, long size, String contentType, Map<String, String> userMetadata) {

    public StoredObject {
        etag = Etags.normalise(etag);
        userMetadata = Map.copyOf(userMetadata);
    }
}
