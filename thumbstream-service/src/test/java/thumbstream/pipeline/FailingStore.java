package thumbstream.pipeline;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import thumbstream.storage.ObjectStore;
import thumbstream.storage.SourceObject;
import thumbstream.storage.StoredObject;

/** A store whose every call throws what the test supplies, whatever its type. */
record FailingStore(Supplier<Throwable> failure) implements ObjectStore {

    @Override
    public SourceObject get(String bucket, String key, long maxBytes) {
        throw fail();
    }

    @Override
    public Optional<StoredObject> stat(String bucket, String key) {
        throw fail();
    }

    @Override
    public void put(String bucket, String key, byte[] bytes, String contentType, Map<String, String> meta) {
        throw fail();
    }

    @Override
    public void delete(String bucket, String key) {
        throw fail();
    }

    @Override
    public void ensureBucket(String bucket) {
        throw fail();
    }

    @Override
    public boolean isReachable() {
        return true;
    }

    private RuntimeException fail() {
        Throwable t = failure.get();
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        throw FailingStore.<RuntimeException>sneaky(t); // a StorageException: the store's own checked error
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
