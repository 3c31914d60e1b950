package thumbstream.imaging;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Idle ImageIO readers or writers, kept per thread and per key (provider or format) for reuse.
 *
 * <p>Why: creating a reader or writer is not free (the JPEG ones allocate native libjpeg state and
 * tables), and a worker renders thousands of images with the same few formats. Why per thread:
 * ImageIO readers and writers are not thread-safe, and a thread-confined cache needs no locking.
 *
 * <p>Contract: {@link #take} hands out an instance no one else holds; the caller returns it with
 * {@link #giveBack} after resetting it, or disposes it instead when it failed mid-use (a codec
 * that threw may hold broken state, and a fresh one is cheap compared to a wrong thumbnail).
 * Because a taken instance leaves the cache, nested use on one thread simply creates a second
 * instance. Instances are never disposed by the cache: they live as long as their thread, and a
 * dead thread's instances are garbage like any other object (the JPEG codecs free their native
 * state through the JDK's disposer then).
 */
final class ThreadCache<K, T> {

    private final ThreadLocal<Map<K, T>> idle = ThreadLocal.withInitial(HashMap::new);

    /** An idle instance for {@code key} from this thread's cache, or a new one from {@code create}. */
    T take(K key, Supplier<? extends T> create) {
        T cached = idle.get().remove(key);
        return cached != null ? cached : create.get();
    }

    /**
     * Makes {@code instance}, already reset by the caller, available to this thread's next
     * {@link #take}; returns false, and keeps nothing, if this thread already holds an idle one for
     * {@code key} (after nested use): the caller then disposes the spare.
     */
    boolean giveBack(K key, T instance) {
        return idle.get().putIfAbsent(key, instance) == null;
    }

    /** Whether this thread holds an idle instance for {@code key}; for tests. */
    boolean holdsIdle(K key) {
        return idle.get().containsKey(key);
    }
}
