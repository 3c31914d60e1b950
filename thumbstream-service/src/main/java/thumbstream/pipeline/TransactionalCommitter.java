package thumbstream.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Exactly-once delivery: workers hand finished outcomes to a queue ({@link #deliver}); the poll
 * thread periodically opens a transaction, sends the queued results and dead letters, adds the
 * finished offsets with {@code sendOffsetsToTransaction}, and commits. A {@code read_committed}
 * consumer of the results topic therefore sees a result exactly when its offset is committed.
 *
 * <p>Failure handling: an aborted transaction leaves the committed offsets where they were, so the
 * poll loop must rewind to them ({@link RewindRequired}); a fenced or otherwise fatal producer ends
 * the pipeline (the process restarts). Offsets of a queued outcome count as finished only inside
 * the transaction that carries its results.
 *
 * <p>Concurrency: {@link #deliver} is called by worker threads; everything else by the poll thread,
 * which is the only user of the transactional producer.
 */
final class TransactionalCommitter implements Committer, ResultSink {

    /** Thrown to the poll loop when a transaction was aborted: rewind to the committed offsets. */
    static final class RewindRequired extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RewindRequired(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** @param from the worker that delivered it; null when unknown (never fenced) */
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

    /** Transactions aborted in a row, reset by one that commits; read by the liveness probe. */
    private volatile int abortsInARow;

    private record Delivered(
            PartitionWorker from, ConsumerRecord<byte[], byte[]> record, Outcome outcome, Runnable onDelivered) {}

    private final Producer<String, byte[]> producer;
    private final ResultPublisher publisher;
    private final long intervalNanos;
    private final ConcurrentLinkedQueue<Delivered> queue = new ConcurrentLinkedQueue<>();
    /** Poll thread only: finished outcomes above their partition's commit position, not yet sent. */
    private final List<Delivered> held = new ArrayList<>();

    private final CommitPositions positions = new CommitPositions();
    private long lastCommitNanos = System.nanoTime();
    /**
     * An aborted transaction whose {@link RewindRequired} the caller could not act on (a commit on
     * revoke, inside the rebalance listener, can only log it). The partitions that stay assigned
     * counted the aborted outcomes as finished, so the next {@link #maybeCommit} rewinds them first.
     */
    private RewindRequired pendingRewind;

    TransactionalCommitter(Producer<String, byte[]> producer, ResultPublisher publisher, Duration interval) {
        this.producer = producer;
        this.publisher = publisher;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void deliver(
            ConsumerRecord<byte[], byte[]> record, Outcome outcome, BooleanSupplier stopping, Runnable onDelivered) {
        queue.add(new Delivered(null, record, outcome, onDelivered));
    }

    @Override
    public void deliver(
            PartitionWorker from,
            ConsumerRecord<byte[], byte[]> record,
            Outcome outcome,
            BooleanSupplier stopping,
            Runnable onDelivered) {
        queue.add(new Delivered(from, record, outcome, onDelivered));
    }

    @Override
    public void maybeCommit(Consumer<byte[], byte[]> consumer, Map<TopicPartition, PartitionWorker> workers) {
        if (pendingRewind != null) {
            throw pendingRewind; // cleared by discardQueued, which the rewind calls
        }
        if (System.nanoTime() - lastCommitNanos >= intervalNanos) {
            commitNow(consumer, workers, workers.keySet());
        }
    }

    /**
     * Commits the finished outcomes and offsets of {@code partitions} only; outcomes of other
     * partitions stay queued for a later transaction.
     *
     * @throws RewindRequired when the transaction was aborted (now or before, without a rewind since);
     *                        the signal is kept until {@link #discardQueued}, so a caller that cannot
     *                        rewind (the rebalance listener) does not lose it: the next
     *                        {@link #maybeCommit} throws it again
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
        if (pendingRewind != null) {
            // The trackers count aborted outcomes as finished: committing their offsets now would
            // skip those records. Nothing is committed until the rewind.
            throw pendingRewind;
        }
        lastCommitNanos = System.nanoTime();
        List<Delivered> batch = new ArrayList<>(held);
        held.clear();
        for (Delivered d; (d = queue.poll()) != null; ) {
            if (d.from() != null && workers.get(partitionOf(d)) != d.from()) {
                // Its worker was given up (revoked past the deadline, lost, rewound): the record is
                // the next owner's to do. Publishing it now could repeat it under that owner's commit.
                continue;
            }
            d.onDelivered().run(); // finished as far as offsets go; its result is sent below or held
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
        try {
            producer.beginTransaction();
            for (Delivered d : batch) {
                if (!partitions.contains(partitionOf(d))) {
                    held.add(d); // another partition's: its own transaction carries it with its offset
                } else if (isBelowCommitPosition(d, workers)) {
                    publisher.send(d.record(), d.outcome());
                } else {
                    // Finished out of order (a later key overtook an earlier one): sending its result
                    // now, while an earlier offset of its partition is unfinished, would repeat the
                    // result if the partition moved before that offset finished. Hold it until the
                    // commit position passes it.
                    held.add(d);
                }
            }
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            }
            producer.commitTransaction();
            positions.committed(offsets);
            abortsInARow = 0;
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
            pendingRewind = new RewindRequired("transaction aborted: " + e, e);
            throw pendingRewind;
        }
    }

    @Override
    public void forget(Collection<TopicPartition> partitions) {
        positions.forget(partitions);
        // Outcomes of partitions that were lost (not revoked) must not reach a transaction: their
        // new owner processes them again.
        queue.removeIf(d -> partitions.contains(partitionOf(d)));
        held.removeIf(d -> partitions.contains(partitionOf(d)));
    }

    /** Drops outcomes not yet committed (after a rewind their records are processed again). */
    void discardQueued() {
        queue.clear();
        held.clear();
        pendingRewind = null;
    }

    private static TopicPartition partitionOf(Delivered d) {
        return new TopicPartition(d.record().topic(), d.record().partition());
    }

    private static boolean isBelowCommitPosition(Delivered d, Map<TopicPartition, PartitionWorker> workers) {
        PartitionWorker w = workers.get(partitionOf(d));
        OptionalLong position = w == null ? OptionalLong.empty() : w.tracker().committable();
        return position.isPresent() && d.record().offset() < position.getAsLong();
    }
}
