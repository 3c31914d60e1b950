package thumbstream.pipeline;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread: the only thread that touches the {@link KafkaConsumer}.
 *
 * <p>Each pass it (1) polls and hands records to their partition's worker, (2) pauses partitions
 * whose backlog is full and resumes drained ones, (3) commits each partition's finished prefix at
 * most once per commit interval. On revoke it stops the revoked partitions' workers within a bound
 * and commits what they finished; on loss it commits nothing. {@link #shutdown} is a flag plus
 * {@code wakeup()}; the loop then stops its workers, commits synchronously and closes the consumer.
 */
public final class PollLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Function<TopicPartition, PartitionWorker> workerFactory;
    private final int maxBacklog;
    private final Duration stopBound;
    private final Map<TopicPartition, PartitionWorker> workers = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private volatile boolean running = true;
    private volatile long lastPollNanos = System.nanoTime();
    private long lastCommitNanos = System.nanoTime();

    PollLoop(KafkaConsumer<byte[], byte[]> consumer, String topic, Function<TopicPartition, PartitionWorker> workerFactory,
            int maxBacklog, Duration stopBound) {
        this.consumer = consumer;
        this.topic = topic;
        this.workerFactory = workerFactory;
        this.maxBacklog = maxBacklog;
        this.stopBound = stopBound;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
                lastPollNanos = System.nanoTime();
                dispatch(records);
                applyBackpressure();
                if (System.nanoTime() - lastCommitNanos >= COMMIT_INTERVAL.toNanos()) {
                    commit(workers.keySet(), false);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            stopAll();
            consumer.close();
            LOG.info("poll loop stopped");
        }
    }

    /** Any thread: ask the loop to stop; it drains, commits and closes the consumer. */
    public void shutdown() {
        running = false;
        consumer.wakeup();
    }

    /** For liveness checks: when the loop last returned from poll. */
    public long nanosSinceLastPoll() {
        return System.nanoTime() - lastPollNanos;
    }

    public int assignedPartitions() {
        return workers.size();
    }

    private void dispatch(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            PartitionWorker worker = workers.get(tp);
            for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                worker.submit(record);
            }
        }
    }

    /** Bounded buffering: a partition with a full backlog is paused until it is half drained. */
    private void applyBackpressure() {
        var paused = consumer.paused();
        for (PartitionWorker w : workers.values()) {
            TopicPartition tp = w.partition();
            if (!paused.contains(tp) && w.backlog() >= maxBacklog) {
                consumer.pause(List.of(tp));
            } else if (paused.contains(tp) && w.backlog() <= maxBacklog / 2) {
                consumer.resume(List.of(tp));
            }
        }
    }

    private void commit(Collection<TopicPartition> partitions, boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionWorker w = workers.get(tp);
            OptionalLong next = w == null ? OptionalLong.empty() : w.tracker().committable();
            if (next.isPresent() && next.getAsLong() > committed.getOrDefault(tp, -1L)) {
                offsets.put(tp, new OffsetAndMetadata(next.getAsLong()));
            }
        }
        lastCommitNanos = System.nanoTime();
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            consumer.commitSync(offsets);
            offsets.forEach((tp, om) -> committed.put(tp, om.offset()));
        } else {
            consumer.commitAsync(offsets, (done, error) -> {
                if (error == null) {
                    done.forEach((tp, om) -> committed.merge(tp, om.offset(), Math::max));
                } else {
                    LOG.warn("commit failed (will retry with the next one): {}", error.toString());
                }
            });
        }
    }

    private void stopAll() {
        PartitionWorker.stopAll(workers.values(), stopBound);
        try {
            commit(workers.keySet(), true);
        } catch (RuntimeException e) {
            LOG.warn("final commit failed; the next owner will repeat some work: {}", e.toString());
        }
        workers.clear();
    }

    /** Runs on the poll thread, inside poll(). */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                workers.computeIfAbsent(tp, workerFactory);
            }
            if (!partitions.isEmpty()) {
                LOG.info("assigned {}", partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            LOG.info("revoked {}: finishing in-flight work", partitions);
            PartitionWorker.stopAll(partitions.stream().map(workers::get).filter(w -> w != null).toList(),
                    stopBound);
            try {
                commit(partitions, true);
            } catch (RuntimeException e) {
                LOG.warn("commit on revoke failed; the next owner will repeat some work: {}", e.toString());
            }
            partitions.forEach(tp -> {
                workers.remove(tp);
                committed.remove(tp);
            });
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Someone else may own them already: committing now could move their offsets backwards.
            LOG.warn("lost {}: abandoning their work without committing", partitions);
            for (TopicPartition tp : partitions) {
                PartitionWorker w = workers.remove(tp);
                if (w != null) {
                    w.requestStop();
                }
                committed.remove(tp);
            }
        }
    }
}
