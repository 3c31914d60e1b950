package thumbstream.storage;

import java.util.Map;
import java.util.Optional;

/**
 * The object storage the pipeline reads originals from and writes thumbnails to.
 *
 * <p>Implementations are thread-safe: every worker thread shares one instance. Every failure is a
 * {@link StorageException} with its {@link StorageException.Kind} already decided.
 */
public interface ObjectStore {

    /** Downloads a whole object; fails with {@code TOO_LARGE}, before reading it, when it exceeds {@code maxBytes}. */
    SourceObject get(String bucket, String key, long maxBytes) throws StorageException;

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
