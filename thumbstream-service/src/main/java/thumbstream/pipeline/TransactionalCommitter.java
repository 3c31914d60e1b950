package thumbstream.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once delivery: workers hand finished outcomes to a queue ({@link #deliver}); the poll
 * thread periodically opens a transaction, sends the queued results and dead letters, adds the
 * finished offsets with {@code sendOffsetsToTransaction}, and commits. A {@code read_committed}
 * consumer of the results topic therefore sees a result exactly when its offset is committed.
 *
 * <p>Failure handling: an aborted transaction discards every send in it and leaves the committed
 * offsets where they were, but the outcomes it carried are still here: they are kept and sent
 * again, with their offsets, by the next transaction (after a backoff), so an abort costs no
 * partition a rewind and no record a second render. A send that can never succeed
 * ({@link SendErrors#isPermanent}: a result or dead letter larger than the topic accepts, say) is
 * sent again cut to a minimum, as in at-least-once; refused even so, it is counted
 * ({@code thumbstream_undeliverable_total}) and its offset committed without it. A fenced or
 * otherwise fatal producer ends the pipeline (the process restarts) ({@link FatalCommitException}).
 * Offsets of a queued outcome count as finished only inside the transaction that carries its
 * results.
 *
 * <p>Memory: outcomes wait here until a transaction carries them; {@link #pendingBytes} (their
 * serialized size) feeds the poll loop's backpressure, which pauses consumption while it is over
 * {@link PollLoop#MAX_PENDING_OUTCOME_BYTES}.
 *
 * <p>Concurrency: {@link #deliver} is called by worker threads; everything else by the poll thread,
 * which is the only user of the transactional producer.
 */
final class TransactionalCommitter implements Committer, ResultSink {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalCommitter.class);
    /** The longest wait before a transaction after aborted ones. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /**
     * Thrown to the poll loop when the producer cannot go on (fenced, authorization, an abort that
     * failed, the producer in its error state): nothing more may be committed, the pipeline halts
     * and the process exits non-zero, to start again from the committed offsets with a new producer.
     */
    static final class FatalCommitException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FatalCommitException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** How an outcome is sent: as it is, cut to a minimum after a permanent error, or not at all. */
    private enum Form {
        FULL,
        MINIMAL,
        NONE
    }

    /**
     * A finished outcome waiting for a transaction. {@code form} changes on the poll thread only.
     *
     * @param from the worker that delivered it; null when unknown (never fenced)
     */
    private static final class Delivered {
        final PartitionWorker from;
        final ConsumerRecord<byte[], byte[]> record;
        final Outcome outcome;
        final Runnable onDelivered;
        final ResultPublisher.Prepared prepared;
        final long bytes;
        Form form = Form.FULL;

        Delivered(
                PartitionWorker from,
                ConsumerRecord<byte[], byte[]> record,
                Outcome outcome,
                Runnable onDelivered,
                ResultPublisher publisher) {
            this.from = from;
            this.record = record;
            this.outcome = outcome;
            this.onDelivered = onDelivered;
            // Serialized here, on the worker thread, once: the transaction sends these very records.
            this.prepared = publisher.prepare(record, outcome);
            this.bytes = prepared.bytes();
        }
    }

    /** Transactions aborted in a row, reset by one that commits; read by the liveness probe. */
    private volatile int abortsInARow;

    private final Producer<String, byte[]> producer;
    private final ResultPublisher publisher;
    private final PipelineMetrics metrics;
    private final long intervalNanos;
    private final ConcurrentLinkedQueue<Delivered> queue = new ConcurrentLinkedQueue<>();
    /** Poll thread only: finished outcomes above their partition's commit position, or of an aborted transaction. */
    private final List<Delivered> held = new ArrayList<>();
    /** Serialized bytes of the outcomes in {@link #queue} and {@link #held}. */
    private final AtomicLong pendingBytes = new AtomicLong();

    private final CommitPositions positions = new CommitPositions();
    private long lastCommitNanos = System.nanoTime();

    TransactionalCommitter(
            Producer<String, byte[]> producer, ResultPublisher publisher, PipelineMetrics metrics, Duration interval) {
        this.producer = producer;
        this.publisher = publisher;
        this.metrics = metrics;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void deliver(
            ConsumerRecord<byte[], byte[]> record, Outcome outcome, BooleanSupplier stopping, Runnable onDelivered) {
        enqueue(new Delivered(null, record, outcome, onDelivered, publisher));
    }

    @Override
    public void deliver(
            PartitionWorker from,
            ConsumerRecord<byte[], byte[]> record,
            Outcome outcome,
            BooleanSupplier stopping,
            Runnable onDelivered) {
        enqueue(new Delivered(from, record, outcome, onDelivered, publisher));
    }

    private void enqueue(Delivered d) {
        pendingBytes.addAndGet(d.bytes);
        queue.add(d);
    }

    /** Any thread: serialized bytes of the finished outcomes no transaction has carried yet. */
    @Override
    public long pendingBytes() {
        return pendingBytes.get();
    }

    @Override
    public void maybeCommit(Consumer<byte[], byte[]> consumer, Map<TopicPartition, PartitionWorker> workers) {
        if (System.nanoTime() - lastCommitNanos >= waitNanos()) {
            commitNow(consumer, workers, workers.keySet());
        }
    }

    /** The interval between transactions, doubled for each one aborted in a row, up to {@link #MAX_BACKOFF}. */
    private long waitNanos() {
        int doublings = Math.min(abortsInARow, 10);
        return Math.min(intervalNanos << doublings, Math.max(intervalNanos, MAX_BACKOFF.toNanos()));
    }

    /**
     * Commits the finished outcomes and offsets of {@code partitions} only; outcomes of other
     * partitions stay queued for a later transaction. When the transaction is aborted, its outcomes
     * stay held for the next one (nothing is thrown; {@link #abortsInARow} counts it).
     *
     * @throws FatalCommitException when the producer cannot go on
     */
    @Override
    public void commitNow(
            Consumer<byte[], byte[]> consumer,
            Map<TopicPartition, PartitionWorker> workers,
            Collection<TopicPartition> partitions) {
        commit(consumer, workers, partitions, false);
    }

    /** As {@link #commitNow}, with the offsets marked as a clean stop (revoke, shutdown). */
    @Override
    public void commitStopped(
            Consumer<byte[], byte[]> consumer,
            Map<TopicPartition, PartitionWorker> workers,
            Collection<TopicPartition> partitions) {
        commit(consumer, workers, partitions, true);
    }

    @Override
    public CommitPositions positions() {
        return positions;
    }

    @Override
    public int abortsInARow() {
        return abortsInARow;
    }

    private void commit(
            Consumer<byte[], byte[]> consumer,
            Map<TopicPartition, PartitionWorker> workers,
            Collection<TopicPartition> partitions,
            boolean stopped) {
        lastCommitNanos = System.nanoTime();
        List<Delivered> batch = new ArrayList<>(held);
        held.clear();
        for (Delivered d; (d = queue.poll()) != null; ) {
            if (d.from != null && workers.get(partitionOf(d)) != d.from) {
                // Its worker was given up (revoked past the deadline, lost, replaced): the record is
                // the next owner's to do. Publishing it now could repeat it under that owner's commit.
                pendingBytes.addAndGet(-d.bytes);
                continue;
            }
            d.onDelivered.run(); // finished as far as offsets go; its result is sent below or held
            batch.add(d);
        }
        Map<TopicPartition, OffsetAndMetadata> offsets =
                stopped ? positions.stopped(workers, partitions) : positions.advanced(workers, partitions);
        if (offsets.isEmpty()) {
            // No commit position moved, so no held or new outcome is below one that is not yet
            // committed: nothing to send.
            held.addAll(batch);
            return;
        }
        Map<Delivered, List<Future<RecordMetadata>>> sent = new LinkedHashMap<>();
        List<Delivered> kept = new ArrayList<>();
        try {
            producer.beginTransaction();
            for (Delivered d : batch) {
                if (!partitions.contains(partitionOf(d))) {
                    kept.add(d); // another partition's: its own transaction carries it with its offset
                } else if (isBelowCommitPosition(d, workers)) {
                    sent.put(d, send(d));
                } else {
                    // Finished out of order (a later key overtook an earlier one): sending its result
                    // now, while an earlier offset of its partition is unfinished, would repeat the
                    // result if the partition moved before that offset finished. Hold it until the
                    // commit position passes it.
                    kept.add(d);
                }
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
        } catch (ProducerFencedException
                | FencedInstanceIdException
                | OutOfOrderSequenceException
                | AuthorizationException
                | UnsupportedVersionException
                | IllegalStateException e) {
            // fatal for this producer (IllegalStateException: it is in its error state)
            throw new FatalCommitException("the transactional producer cannot go on: " + e, e);
        } catch (KafkaException e) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException abortFailed) {
                abortFailed.addSuppressed(e);
                throw new FatalCommitException("the transaction could not be aborted: " + abortFailed, abortFailed);
            }
            abortsInARow++;
            sent.forEach(this::cutIfRefusedForGood);
            held.addAll(batch); // all of it, in order: the next transaction carries it again
            LOG.warn(
                    "transaction aborted ({} in a row), {} outcome(s) kept for the next one: {}",
                    abortsInARow,
                    batch.size(),
                    e.toString());
            return;
        }
        positions.committed(offsets);
        abortsInARow = 0;
        held.addAll(kept);
        for (Delivered d : sent.keySet()) {
            pendingBytes.addAndGet(-d.bytes);
        }
    }

    private List<Future<RecordMetadata>> send(Delivered d) {
        return switch (d.form) {
            case FULL -> publisher.send(d.prepared);
            case MINIMAL -> publisher.sendMinimal(d.record, d.outcome);
            case NONE -> List.of(); // undeliverable: its offset is committed without it
        };
    }

    /**
     * After an abort: an outcome one of whose records the broker refused for good is sent cut to a
     * minimum next time, and when even that was refused, not at all (counted as undeliverable).
     */
    private void cutIfRefusedForGood(Delivered d, List<Future<RecordMetadata>> acks) {
        Throwable refused = null;
        for (Future<RecordMetadata> ack : acks) {
            if (ack.isDone()) {
                try {
                    ack.get();
                } catch (ExecutionException e) {
                    if (SendErrors.isPermanent(e.getCause())) {
                        refused = e.getCause();
                    }
                } catch (InterruptedException | CancellationException e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
        if (refused == null) {
            return;
        }
        if (d.form == Form.FULL) {
            d.form = Form.MINIMAL;
            LOG.warn(
                    "{}: the broker refused the result for good ({}); sending it cut to a minimum",
                    ref(d),
                    refused.toString());
        } else {
            d.form = Form.NONE;
            metrics.undeliverable();
            LOG.error(
                    "{}: result and dead letter could not be published ({}); the record is committed without them",
                    ref(d),
                    refused.toString());
        }
    }

    private static String ref(Delivered d) {
        return d.record.topic() + "-" + d.record.partition() + "@" + d.record.offset();
    }

    @Override
    public void forget(Collection<TopicPartition> partitions) {
        positions.forget(partitions);
        // Outcomes of partitions that were lost (not revoked) must not reach a transaction: their
        // new owner processes them again.
        queue.removeIf(d -> dropIf(partitions.contains(partitionOf(d)), d));
        held.removeIf(d -> dropIf(partitions.contains(partitionOf(d)), d));
    }

    private boolean dropIf(boolean drop, Delivered d) {
        if (drop) {
            pendingBytes.addAndGet(-d.bytes);
        }
        return drop;
    }

    private static TopicPartition partitionOf(Delivered d) {
        return new TopicPartition(d.record.topic(), d.record.partition());
    }

    private static boolean isBelowCommitPosition(Delivered d, Map<TopicPartition, PartitionWorker> workers) {
        PartitionWorker w = workers.get(partitionOf(d));
        OptionalLong position = w == null ? OptionalLong.empty() : w.tracker().committable();
        return position.isPresent() && d.record.offset() < position.getAsLong();
    }
}
