package thumbstream.backfill;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thumbstream.event.UploadEvent;
import thumbstream.security.LogText;
import thumbstream.storage.StorageException;

/**
 * Runs the {@code --missing-only} checks (a few stats each) on a few threads, so a reconciliation
 * pass is not limited by one request at a time, and hands stale objects to the sink. At most
 * {@code 4 × threads} checks wait or run at once: {@link #submit} blocks beyond that, which keeps
 * memory flat however long the listing is.
 */
final class CheckPool implements AutoCloseable {

    /** Where stale objects go; called from the pool's threads. */
    interface Sink {
        void accept(UploadEvent upload) throws InterruptedException, BackfillException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(CheckPool.class);

    private final ThumbnailCheck check;
    private final Sink stale;
    private final ExecutorService executor;
    private final Semaphore slots;
    private final int capacity;
    private final AtomicLong current = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    CheckPool(int threads, ThumbnailCheck check, Sink stale) {
        this.check = check;
        this.stale = stale;
        this.capacity = 4 * threads;
        this.slots = new Semaphore(capacity);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "thumbstream-backfill-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void submit(UploadEvent upload) throws InterruptedException, BackfillException {
        throwIfFailed();
        slots.acquire();
        executor.execute(() -> {
            try {
                run(upload);
            } finally {
                slots.release();
            }
        });
    }

    /** Waits until every submitted check has finished and its object, if stale, was handed on. */
    void awaitAll() throws InterruptedException, BackfillException {
        slots.acquire(capacity);
        slots.release(capacity);
        throwIfFailed();
    }

    long current() {
        return current.get();
    }

    long errors() {
        return errors.get();
    }

    /** Stops the threads; checks still running are abandoned (their objects were not published). */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(UploadEvent upload) {
        if (failure.get() != null) {
            return;
        }
        try {
            boolean isCurrent;
            try {
                isCurrent = check.isCurrent(upload.bucket(), upload.key(), upload.etag());
            } catch (StorageException e) {
                // Unsure: publish. The service makes the same check and skips it if current.
                LOG.debug(
                        "check of {} failed, publishing it: {}",
                        LogText.quoted(upload.objectRef()),
                        LogText.message(e.getMessage()));
                errors.incrementAndGet();
                isCurrent = false;
            }
            if (isCurrent) {
                current.incrementAndGet();
            } else {
                stale.accept(upload);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, e);
        } catch (BackfillException | RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private void throwIfFailed() throws BackfillException {
        Exception e = failure.get();
        if (e instanceof BackfillException be) {
            throw be;
        }
        if (e != null) {
            throw new BackfillException("checking thumbnails failed: " + e, e);
        }
    }
}
