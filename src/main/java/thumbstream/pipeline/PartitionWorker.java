package thumbstream.pipeline;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker of one assigned partition: a single named thread that handles the partition's records
 * in offset order, publishes each outcome, and marks the offset finished only once the broker has
 * acknowledged it.
 *
 * <p>Thread ownership: {@link #submit}, {@link #backlog} and the stop methods are called by the poll
 * thread; records are handled on this worker's own thread; {@link #tracker} is shared (see
 * {@link OffsetTracker}).
 */
final class PartitionWorker {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionWorker.class);

    private final TopicPartition partition;
    private final RecordHandler handler;
    private final ResultPublisher publisher;
    private final RetryPolicy publishRetry;
    private final PipelineMetrics metrics;
    private final OffsetTracker tracker = new OffsetTracker();
    private final AtomicInteger backlog = new AtomicInteger();
    private final ExecutorService thread;
    private volatile boolean stopping;

    PartitionWorker(TopicPartition partition, RecordHandler handler, ResultPublisher publisher,
            RetryPolicy publishRetry, PipelineMetrics metrics) {
        this.partition = partition;
        this.metrics = metrics;
        this.handler = handler;
        this.publisher = publisher;
        this.publishRetry = publishRetry;
        String name = "thumbstream-worker-" + partition.topic() + "-" + partition.partition();
        this.thread = Executors.newSingleThreadExecutor(r -> new Thread(r, name));
    }

    /** Poll thread: queue a record. Its offset counts as pending from now on. */
    void submit(ConsumerRecord<byte[], byte[]> record) {
        tracker.begin(record.offset());
        backlog.incrementAndGet();
        thread.execute(() -> {
            try {
                if (!stopping) {
                    handle(record);
                }
            } finally {
                backlog.decrementAndGet();
            }
        });
    }

    /** Records queued or in progress; the poll thread pauses the partition when this is too high. */
    int backlog() {
        return backlog.get();
    }

    OffsetTracker tracker() {
        return tracker;
    }

    TopicPartition partition() {
        return partition;
    }

    /**
     * Poll thread: stop taking queued records; the one in progress may finish. Queued and abandoned
     * records stay pending, so they are not committed and whoever owns the partition next processes
     * them again.
     */
    void requestStop() {
        stopping = true;
        thread.shutdown();
    }

    /**
     * Poll thread, after {@link #requestStop}: wait until {@code deadlineNanos} (a {@code
     * System.nanoTime()} value) for the in-progress record, then interrupt it.
     *
     * @return true when the worker thread ended in time
     */
    boolean awaitStop(long deadlineNanos) {
        try {
            long left = Math.max(0, deadlineNanos - System.nanoTime());
            if (thread.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                return true;
            }
            LOG.warn("{}: in-flight work did not finish in time, abandoning it", partition);
            thread.shutdownNow();
            return thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt(); // keep the interrupt for the caller
            return false;
        }
    }

    /** Stops several workers in parallel, all within one bound. */
    static void stopAll(Collection<PartitionWorker> workers, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        workers.forEach(PartitionWorker::requestStop);
        workers.forEach(w -> w.awaitStop(deadline));
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        String ref = record.topic() + "-" + record.partition() + "@" + record.offset();
        try {
            Outcome outcome = handler.handle(record.value(), ref, () -> stopping);
            publishUntilAcknowledged(record, outcome, ref);
            tracker.complete(record.offset());
            metrics.published(outcome);
        } catch (InterruptedException e) {
            // Stopping: the record stays pending and will be redelivered.
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A bug, not bad input (bad input becomes a failed result). Leave the offset pending so the
            // record is not lost; it is retried when the partition is next assigned.
            LOG.error("{}: unexpected error; offset left uncommitted", ref, e);
        }
    }

    private void publishUntilAcknowledged(ConsumerRecord<byte[], byte[]> record, Outcome outcome, String ref)
            throws InterruptedException {
        for (int attempt = 1;; attempt++) {
            try {
                publisher.publish(record, outcome);
                return;
            } catch (ExecutionException e) {
                if (stopping) {
                    throw new InterruptedException("stopping while publishing " + ref);
                }
                long wait = publishRetry.delayAfter(Math.min(attempt, 6)).toMillis();
                LOG.warn("{}: publishing the result failed ({}); retrying in {} ms", ref, e.getCause(), wait);
                Thread.sleep(wait);
            }
        }
    }
}
