package thumbstream.http;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a slow check (an S3 round trip) on a thread of its own every {@code interval} and answers
 * {@link #passing()} from its last result, so a probe never waits for it.
 *
 * <p>Why: {@code /readyz} used to call S3 on the HTTP thread; a slow or silent S3 then held the
 * thread that {@code /healthz} needs too, and the liveness probe restarted healthy pods. A check
 * that hangs counts as failing once its last success is older than {@code 3 x interval}: the
 * answer goes stale rather than staying "ready" forever. Thread-safe.
 */
public final class BackgroundCheck implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundCheck.class);

    private final ScheduledExecutorService thread;
    private final long freshNanos;
    private volatile long lastPassedAt;
    private volatile boolean everPassed;

    /**
     * @param name     thread name, e.g. {@code thumbstream-storage-check}
     * @param check    returns true when the dependency answers; may block; exceptions count as false
     * @param interval time between the end of one check and the start of the next
     */
    public BackgroundCheck(String name, BooleanSupplier check, Duration interval) {
        this.freshNanos = interval.toNanos() * 3;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(
                () -> {
                    boolean ok;
                    try {
                        ok = check.getAsBoolean();
                    } catch (RuntimeException e) {
                        LOG.debug("{} failed", name, e);
                        ok = false;
                    }
                    if (ok) {
                        lastPassedAt = System.nanoTime();
                        everPassed = true;
                    }
                },
                0,
                interval.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /** True when the check passed within the last {@code 3 x interval}. Never blocks. */
    public boolean passing() {
        return everPassed && System.nanoTime() - lastPassedAt <= freshNanos;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
