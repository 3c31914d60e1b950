package thumbstream.storage;

import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The object storage the pipeline reads originals from and writes thumbnails to.
 *
 * <p>Implementations are thread-safe: every worker thread shares one instance. Every failure is a
 * {@link StorageException} with its {@link StorageException.Kind} already decided.
 */
public interface ObjectStore {

    /** Downloads a whole object; fails with {@code TOO_LARGE}, before reading it, when it exceeds {@code maxBytes}. */
    SourceObject get(String bucket, String key, long maxBytes) throws StorageException;

    /**
     * The first {@code bytes} bytes of an object (a ranged GET) and its total size, so the caller
     * can sniff the format and admit the download against a memory budget before it starts.
     *
     * <p>The default reads the whole object through {@link #get}: correct, but only meant for
     * in-memory stores in tests; remote stores override it with a ranged request.
     */
    default SourceHead head(String bucket, String key, int bytes) throws StorageException {
        SourceObject whole = get(bucket, key, Long.MAX_VALUE);
        byte[] first = java.util.Arrays.copyOf(whole.bytes(), Math.min(bytes, whole.bytes().length));
        return new SourceHead(first, whole.bytes().length, whole.etag(), whole.contentType(), whole.userMetadata());
    }

    /**
     * Like {@link #get(String, String, long)}, but only the version with ETag {@code etag} (If-Match):
     * fails {@code TRANSIENT} when the object was replaced since {@link #head} read it, so a retry
     * starts over with the new version. The default ignores {@code etag}.
     */
    default SourceObject get(String bucket, String key, long maxBytes, String etag) throws StorageException {
        return get(bucket, key, maxBytes);
    }

    /**
     * One GET of a whole object whose size (and ETag, when not null: If-Match) a {@link #stat} told:
     * its first {@code sniffBytes} are read and handed to {@code readOn}, and the rest only when it
     * accepts them. Otherwise the request is aborted there, so a large object that is refused costs
     * about {@code sniffBytes} read, and the answer holds only those first bytes ({@link
     * SourceHead#isWhole()} is false). Fails {@code TRANSIENT} when the object was replaced since the
     * stat (the ETag no longer matches, or without one, the size changed), so a retry starts over.
     *
     * <p>The default reads the whole object through {@link #get(String, String, long, String)}:
     * correct, but only meant for in-memory stores in tests.
     */
    default SourceHead read(String bucket, String key, long size, String etag, int sniffBytes, Predicate<byte[]> readOn)
            throws StorageException {
        SourceObject whole = get(bucket, key, Long.MAX_VALUE, etag);
        if (whole.bytes().length != size) {
            throw new StorageException(
                    StorageException.Kind.TRANSIENT,
                    "read " + bucket + "/" + key + ": " + whole.bytes().length + " bytes, the stat said " + size);
        }
        byte[] first = java.util.Arrays.copyOf(whole.bytes(), (int) Math.min(sniffBytes, size));
        byte[] bytes = readOn.test(first) ? whole.bytes() : first;
        return new SourceHead(bytes, size, whole.etag(), whole.contentType(), whole.userMetadata());
    }

    /** Metadata of an object, or empty when it does not exist. */
    Optional<StoredObject> stat(String bucket, String key) throws StorageException;

    /** Writes an object, replacing any previous version. */
    void put(String bucket, String key, byte[] bytes, String contentType, Map<String, String> userMetadata)
            throws StorageException;

    /** Deletes an object; deleting a missing object is not an error. */
    void delete(String bucket, String key) throws StorageException;

    /** Creates the bucket unless it exists. */
    void ensureBucket(String bucket) throws StorageException;

    /** True when the store answers requests (used by readiness checks). */
    boolean isReachable();
}
