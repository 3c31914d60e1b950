package thumbstream.storage;

import java.util.Map;

/**
 * The first bytes of an object and what its response said about the whole of it: enough to tell
 * its format and size before committing memory to a download.
 *
 * @param bytes        at most the number of bytes asked for, from offset 0
 * @param size         the size of the whole object in bytes
 * @param etag         the ETag of the version that was read, without quotes
 * @param userMetadata user metadata with lower-case names and no {@code x-amz-meta-} prefix
 */
public record SourceHead(byte[] bytes, long size, String etag, String contentType, Map<String, String> userMetadata) {

    public SourceHead {
        etag = Etags.normalise(etag);
        userMetadata = Map.copyOf(userMetadata);
    }

    /** True when {@link #bytes} is the whole object, so no second request is needed. */
    public boolean isWhole() {
        return bytes.length == size;
    }

    /** The whole object, when {@link #isWhole()}. */
    public SourceObject toSourceObject() {
        if (!isWhole()) {
            throw new IllegalStateException("only " + bytes.length + " of " + size + " bytes were read");
        }
        return new SourceObject(bytes, etag, contentType, userMetadata);
    }
}
