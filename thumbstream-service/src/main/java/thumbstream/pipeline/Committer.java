package thumbstream.pipeline;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * How finished work becomes committed: plain offset commits (at-least-once) or Kafka transactions
 * that hold results and offsets together (exactly-once). Called on the poll thread only.
 */
interface Committer {

    /** Each pass of the poll loop: commit if it is time to. */
    void maybeCommit(Consumer<byte[], byte[]> consumer, Map<TopicPartition, PartitionWorker> workers);

    /**
     * Commit now, synchronously, what is finished in {@code partitions} (on revoke and shutdown,
     * after their workers stopped).
     */
    void commitNow(
            Consumer<byte[], byte[]> consumer,
            Map<TopicPartition, PartitionWorker> workers,
            Collection<TopicPartition> partitions);

    /** The partitions are gone (revoked or lost): forget what was committed for them. */
    void forget(Collection<TopicPartition> partitions);
}
