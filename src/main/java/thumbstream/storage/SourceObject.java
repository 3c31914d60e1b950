package thumbstream.storage;

/** A downloaded object: its bytes and the ETag of the version that was read. */
public record SourceObject(byte[] bytes, String etag, String contentType) {

    public SourceObject {
        etag = Etags.normalise(etag);
    }
}
