package thumbstream.pipeline;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread: the only thread that touches the {@link Consumer}.
 *
 * <p>Each pass it (1) polls and hands records to their partition's worker, (2) pauses partitions
 * whose backlog is full and resumes drained ones, (3) lets the {@link Committer} commit finished
 * work. On assignment the {@link CrashLoopGuard} decides how each worker starts and its markers are
 * committed first. On revoke it stops the revoked partitions' workers within a bound and commits
 * what they finished, marked as a clean stop; on loss it commits nothing. {@link #shutdown} is a flag plus {@code wakeup()}; the loop
 * then stops its workers, commits synchronously and closes the consumer.
 */
final class PollLoop implements ConsumeLoop {

    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    /** Exactly-once: transactions aborted in a row after which the loop is not making progress. */
    static final int MAX_ABORTS_IN_A_ROW = 5;

    /** While a worker works one record at a time after a death, each record waits for a commit. */
    private static final Duration CAREFUL_POLL_TIMEOUT = Duration.ofMillis(5);
    /** Closing the consumer (leaving the group) after the final commit. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Record bytes buffered per live partition before it is paused (a tenth for backfill), besides
     * the record count: 500 records of 1 MiB each would otherwise be half a GiB per partition.
     */
    static final long MAX_BACKLOG_BYTES = 16L * 1024 * 1024;
    /**
     * Exactly-once: serialized bytes of finished outcomes waiting for a transaction before every
     * partition is paused ({@link Backpressure}). A transaction normally carries them within 200 ms;
     * while transactions abort they wait longer, and this bounds what they hold.
     */
    static final long MAX_PENDING_OUTCOME_BYTES = 32L * 1024 * 1024;

    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final BiFunction<TopicPartition, HeadStart, PartitionWorker> workerFactory;
    private final Committer committer;
    private final CrashLoopGuard guard;
    private final Backpressure backpressure;
    private final Duration stopBound;
    private final Map<TopicPartition, PartitionWorker> workers = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile boolean failed;
    /** Set by {@link #haltWithoutCommitting}: the final commit is skipped and workers are abandoned. */
    private volatile boolean halted;

    private volatile long lastPollNanos = System.nanoTime();
    private volatile int pausedCount;

    /**
     * @param topics     the live uploads topic and, optionally, the backfill topic
     * @param maxBacklog records buffered per live partition before it is paused ({@link Backpressure})
     */
    PollLoop(
            Consumer<byte[], byte[]> consumer,
            List<String> topics,
            BiFunction<TopicPartition, HeadStart, PartitionWorker> workerFactory,
            Committer committer,
            CrashLoopGuard guard,
            int maxBacklog,
            Duration stopBound) {
        this.guard = guard;
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.workerFactory = workerFactory;
        this.committer = committer;
        this.backpressure = new Backpressure(maxBacklog, MAX_BACKLOG_BYTES, MAX_PENDING_OUTCOME_BYTES);
        this.stopBound = stopBound;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(topics, new Rebalance());
            while (running) {
                boolean careful = workers.values().stream().anyMatch(PartitionWorker::inCarefulStart);
                ConsumerRecords<byte[], byte[]> records = consumer.poll(careful ? CAREFUL_POLL_TIMEOUT : POLL_TIMEOUT);
                lastPollNanos = System.nanoTime();
                dispatch(records);
                applyBackpressure();
                committer.maybeCommit(consumer, workers);
                commitForCarefulWorkers();
            }
        } catch (WakeupException e) {
            if (running && !halted) {
                failed = true;
                LOG.error("poll loop woken up unexpectedly", e);
            }
        } catch (TransactionalCommitter.FatalCommitException e) {
            // Nothing more may be committed: what the producer did since its last commit is lost.
            halted = true;
            failed = true;
            LOG.error("poll loop halted without committing: {}", e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            if (e.getCause() instanceof TransactionalCommitter.FatalCommitException) {
                halted = true; // thrown in the rebalance listener, wrapped by the consumer
            }
            failed = true;
            LOG.error("poll loop failed; stopping (the process should be restarted)", e);
        } finally {
            stopAndCommitAll();
            // Leave the group even as a static member (KAFKA_GROUP_INSTANCE_ID): the partitions move
            // to the other instances now, not after the session timeout.
            consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(CLOSE_TIMEOUT));
            LOG.info("poll loop stopped");
        }
    }

    /** Any thread: ask the loop to stop; it drains, commits and closes the consumer. */
    @Override
    public void shutdown() {
        running = false;
        consumer.wakeup();
    }

    /**
     * Any thread: an error left the JVM unsafe (out of memory). Stop at once, abandon the workers
     * and commit nothing more: what was committed had its results acknowledged; everything else is
     * processed again by the next owner. The process is expected to exit ({@link #hasFailed}).
     */
    @Override
    public void haltWithoutCommitting(Throwable cause) {
        LOG.error("halting the poll loop without committing: {}", cause.toString());
        halted = true;
        failed = true;
        running = false;
        consumer.wakeup();
    }

    /** For liveness checks: when the loop last returned from poll. */
    @Override
    public long nanosSinceLastPoll() {
        return System.nanoTime() - lastPollNanos;
    }

    /** True when the loop ended because of an error rather than {@link #shutdown}. */
    @Override
    public boolean makesProgress() {
        return committer.abortsInARow() < MAX_ABORTS_IN_A_ROW;
    }

    @Override
    public boolean hasFailed() {
        return failed;
    }

    public int assignedPartitions() {
        return workers.size();
    }

    public int pausedPartitions() {
        return pausedCount;
    }

    @Override
    public int inFlight() {
        return workers.values().stream().mapToInt(PartitionWorker::backlog).sum();
    }

    private void dispatch(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            PartitionWorker worker = workers.get(tp);
            for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                worker.submit(record);
            }
        }
    }

    /** Commits at once for workers whose next careful record waits for its offset to be committed. */
    private void commitForCarefulWorkers() {
        for (PartitionWorker w : workers.values()) {
            if (w.awaitingCommit()) {
                try {
                    committer.commitNow(consumer, workers, List.of(w.partition()));
                } catch (CommitFailedException | RebalanceInProgressException | RetriableException e) {
                    // The record keeps waiting: the next pass tries again, or a revoke stops it.
                    LOG.warn("commit for {} failed; trying again: {}", w.partition(), e.toString());
                    continue;
                }
                w.committedUpTo(committer.committed(w.partition()));
            }
        }
    }

    /** Pauses and resumes partitions as {@link Backpressure} decides from the workers' backlogs. */
    private void applyBackpressure() {
        List<Backpressure.Lane> lanes = workers.values().stream()
                .map(w -> new Backpressure.Lane(w.partition(), w.isUrgent(), w.backlog(), w.backlogBytes()))
                .toList();
        Backpressure.Decision decision = backpressure.decide(lanes, consumer.paused(), committer.pendingBytes());
        if (!decision.pause().isEmpty()) {
            consumer.pause(decision.pause());
        }
        if (!decision.resume().isEmpty()) {
            consumer.resume(decision.resume());
        }
        pausedCount = consumer.paused().size();
    }

    private void stopAndCommitAll() {
        if (halted) {
            workers.values().forEach(PartitionWorker::abandon);
            workers.clear();
            return;
        }
        PartitionWorker.stopAll(workers.values(), stopBound);
        try {
            committer.commitStopped(consumer, workers, workers.keySet());
        } catch (RuntimeException e) {
            LOG.warn("final commit failed; the next owner will repeat some work: {}", e.toString());
        }
        workers.clear();
    }

    /** Runs on the poll thread, inside poll(). */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return; // the cooperative protocols call this with nothing new
            }
            CrashLoopGuard.Decision decision = guard.decide(consumer, partitions);
            Map<TopicPartition, HeadStart> starts = decision.starts();
            try {
                // Before any work starts: a death from here on is counted at these heads.
                committer.commitMarkers(consumer, decision.markers());
            } catch (KafkaException e) {
                LOG.warn(
                        "could not commit the crash-loop markers of {}; starting plainly: {}",
                        partitions,
                        e.toString());
                starts = Map.of();
            }
            for (TopicPartition tp : partitions) {
                HeadStart start = starts.getOrDefault(tp, HeadStart.plain(-1));
                workers.computeIfAbsent(tp, t -> workerFactory.apply(t, start));
            }
            if (!partitions.isEmpty()) {
                LOG.info("assigned {}", partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty() || halted) {
                return; // halted: the consumer is closing after a fatal error; commit nothing
            }
            LOG.info("revoked {}: finishing in-flight work", partitions);
            PartitionWorker.stopAll(
                    partitions.stream().map(workers::get).filter(w -> w != null).toList(), stopBound);
            try {
                committer.commitStopped(consumer, workers, partitions);
            } catch (TransactionalCommitter.FatalCommitException e) {
                halted = true; // not swallowed: the loop stops, committing nothing more
                failed = true;
                throw e;
            } catch (RuntimeException e) {
                LOG.warn("commit on revoke failed; the next owner will repeat some work: {}", e.toString());
            }
            partitions.forEach(workers::remove);
            committer.forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Someone else may own them already: committing now could move their offsets backwards.
            LOG.warn("lost {}: abandoning their work without committing", partitions);
            for (TopicPartition tp : partitions) {
                PartitionWorker w = workers.remove(tp);
                if (w != null) {
                    w.abandon();
                }
            }
            committer.forget(partitions);
        }
    }
}
