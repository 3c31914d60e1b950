package thumbstream.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link ObjectStore} held in memory, for tests. Behaves like S3 where the job can tell: the
 * ETag is the hex MD5 of the bytes, user metadata names come back lower-case, deleting a missing
 * object is fine. Counts calls per operation and can be told to fail an operation with a given
 * {@link StorageException.Kind}. Thread-safe.
 */
public final class InMemoryObjectStore implements ObjectStore {

    /** The operations whose calls are counted and can be made to fail. */
    public enum Op {
        GET,
        STAT,
        PUT,
        DELETE
    }

    /** One stored object, as a test wants to inspect it. */
    public record Entry(byte[] bytes, String etag, String contentType, Map<String, String> userMetadata) {}

    private final Map<String, Entry> objects = new ConcurrentHashMap<>();
    private final Map<Op, AtomicInteger> calls = new EnumMap<>(Op.class);
    private final Map<Op, StorageException.Kind> failures = new ConcurrentHashMap<>();

    public InMemoryObjectStore() {
        for (Op op : Op.values()) {
            calls.put(op, new AtomicInteger());
        }
    }

    /** Stores an object directly, as an uploader would; not counted as a call. */
    public void upload(String bucket, String key, byte[] bytes, String contentType) {
        objects.put(ref(bucket, key), new Entry(bytes.clone(), md5Hex(bytes), contentType, Map.of()));
    }

    /** From now on every {@code op} call throws a StorageException of {@code kind}. */
    public void failOn(Op op, StorageException.Kind kind) {
        failures.put(op, kind);
    }

    public void stopFailing() {
        failures.clear();
    }

    public int calls(Op op) {
        return calls.get(op).get();
    }

    public void resetCalls() {
        calls.values().forEach(c -> c.set(0));
    }

    public Optional<Entry> object(String bucket, String key) {
        return Optional.ofNullable(objects.get(ref(bucket, key)));
    }

    /** Every stored {@code bucket/key}. */
    public Set<String> refs() {
        return Set.copyOf(objects.keySet());
    }

    public static String md5Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public SourceObject get(String bucket, String key, long maxBytes) throws StorageException {
        enter(Op.GET, bucket, key);
        Entry e = objects.get(ref(bucket, key));
        if (e == null) {
            throw new StorageException(StorageException.Kind.NOT_FOUND, "get " + ref(bucket, key) + ": NoSuchKey");
        }
        if (e.bytes().length > maxBytes) {
            throw new StorageException(
                    StorageException.Kind.TOO_LARGE,
                    "object is " + e.bytes().length + " bytes, above the limit of " + maxBytes);
        }
        // quoted, as S3 sends it in the ETag header
        return new SourceObject(e.bytes().clone(), "\"" + e.etag() + "\"", e.contentType(), e.userMetadata());
    }

    @Override
    public Optional<StoredObject> stat(String bucket, String key) throws StorageException {
        enter(Op.STAT, bucket, key);
        Entry e = objects.get(ref(bucket, key));
        return e == null
                ? Optional.empty()
                : Optional.of(new StoredObject(key, e.etag(), e.bytes().length, e.contentType(), e.userMetadata()));
    }

    @Override
    public void put(String bucket, String key, byte[] bytes, String contentType, Map<String, String> userMetadata)
            throws StorageException {
        enter(Op.PUT, bucket, key);
        Map<String, String> lower = new TreeMap<>();
        userMetadata.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        objects.put(ref(bucket, key), new Entry(bytes.clone(), md5Hex(bytes), contentType, Map.copyOf(lower)));
    }

    @Override
    public void delete(String bucket, String key) throws StorageException {
        enter(Op.DELETE, bucket, key);
        objects.remove(ref(bucket, key));
    }

    @Override
    public void ensureBucket(String bucket) {}

    @Override
    public boolean isReachable() {
        return !failures.containsValue(StorageException.Kind.TRANSIENT);
    }

    private void enter(Op op, String bucket, String key) throws StorageException {
        calls.get(op).incrementAndGet();
        StorageException.Kind kind = failures.get(op);
        if (kind != null) {
            throw new StorageException(
                    kind, op.name().toLowerCase(Locale.ROOT) + " " + ref(bucket, key) + ": injected " + kind);
        }
    }

    private static String ref(String bucket, String key) {
        return bucket + "/" + key;
    }
}
