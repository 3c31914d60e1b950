package thumbstream.config;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * How the pipeline runs: concurrency, retries, shutdown and delivery guarantees.
 *
 * @param renderThreads           renders running at once in this process (CPU cap)
 * @param maxInFlightPerPartition uploads of one partition processed at once; records with the same
 *                                key are never processed concurrently nor out of order
 * @param maxAttempts             attempts for transient failures before an upload fails as storage
 * @param shutdownGrace           time on SIGTERM to finish in-flight work, commit and close
 * @param delivery                at-least-once (default) or exactly-once (transactions)
 * @param maxRecordsPerEvent      uploads one record may name (an S3 notification's {@code Records});
 *                                a record naming more fails whole as invalid-event, so no single
 *                                record can hold a partition for long
 * @param jobRetention            how long the job-progress view keeps a job after its last activity
 * @param topicCreation           what to do at start-up about missing output topics
 * @param maxDeathsPerRecord      consecutive process deaths a record may cause at the head of its
 *                                partition before it is dead-lettered (reason internal) unprocessed
 * @param groupType               a consumer group (partitions owned by one member each) or a share
 *                                group (KIP-932: records shared by all members)
 * @param shareDeliveryLimit      share groups: the broker's delivery count limit for the group
 *                                ({@code group.share.delivery.count.limit}); a record on its last
 *                                delivery is dead-lettered instead of processed
 */
public record PipelineSettings(
        int renderThreads,
        int maxInFlightPerPartition,
        int maxAttempts,
        Duration shutdownGrace,
        Delivery delivery,
        int maxRecordsPerEvent,
        Duration jobRetention,
        TopicCreation topicCreation,
        int maxDeathsPerRecord,
        GroupType groupType,
        int shareDeliveryLimit) {

    /** Delivery guarantee of results relative to the uploads topic's offsets. */
    public enum Delivery {
        /** Results are acknowledged before offsets are committed: a crash may repeat a result. */
        AT_LEAST_ONCE,
        /** Results and offsets are committed in one Kafka transaction. */
        EXACTLY_ONCE
    }

    /** How the instances share the uploads topic. */
    public enum GroupType {
        /** A consumer group: each partition is worked by one member, in offset order per key. */
        CONSUMER,
        /** A share group (KIP-932): every member takes records from every partition; no order. */
        SHARE
    }

    public static final int DEFAULT_MAX_IN_FLIGHT_PER_PARTITION = 4;
    /** Kafka's default {@code group.share.delivery.count.limit}. */
    public static final int DEFAULT_SHARE_DELIVERY_LIMIT = 5;

    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(25);
    public static final int DEFAULT_MAX_RECORDS_PER_EVENT = 100;
    public static final Duration DEFAULT_JOB_RETENTION = Duration.ofDays(7);
    public static final int DEFAULT_MAX_DEATHS_PER_RECORD = 3;

    public static PipelineSettings defaults() {
        return new PipelineSettings(
                Runtime.getRuntime().availableProcessors(),
                DEFAULT_MAX_IN_FLIGHT_PER_PARTITION,
                DEFAULT_MAX_ATTEMPTS,
                DEFAULT_SHUTDOWN_GRACE,
                Delivery.AT_LEAST_ONCE,
                DEFAULT_MAX_RECORDS_PER_EVENT,
                DEFAULT_JOB_RETENTION,
                TopicCreation.DEFAULT,
                DEFAULT_MAX_DEATHS_PER_RECORD,
                GroupType.CONSUMER,
                DEFAULT_SHARE_DELIVERY_LIMIT);
    }

    /**
     * A copy with some settings changed, e.g. {@code settings.with(b -> b.delivery = EXACTLY_ONCE)}:
     * the only place that copies the fields.
     */
    public PipelineSettings with(Consumer<Builder> change) {
        Builder builder = new Builder(this);
        change.accept(builder);
        return builder.build();
    }

    /** The fields of the record being copied by {@link #with}, starting as the original's; set those to change. */
    public static final class Builder {
        public int renderThreads;
        public int maxInFlightPerPartition;
        public int maxAttempts;
        public Duration shutdownGrace;
        public Delivery delivery;
        public int maxRecordsPerEvent;
        public Duration jobRetention;
        public TopicCreation topicCreation;
        public int maxDeathsPerRecord;
        public GroupType groupType;
        public int shareDeliveryLimit;

        private Builder(PipelineSettings from) {
            renderThreads = from.renderThreads;
            maxInFlightPerPartition = from.maxInFlightPerPartition;
            maxAttempts = from.maxAttempts;
            shutdownGrace = from.shutdownGrace;
            delivery = from.delivery;
            maxRecordsPerEvent = from.maxRecordsPerEvent;
            jobRetention = from.jobRetention;
            topicCreation = from.topicCreation;
            maxDeathsPerRecord = from.maxDeathsPerRecord;
            groupType = from.groupType;
            shareDeliveryLimit = from.shareDeliveryLimit;
        }

        private PipelineSettings build() {
            return new PipelineSettings(
                    renderThreads,
                    maxInFlightPerPartition,
                    maxAttempts,
                    shutdownGrace,
                    delivery,
                    maxRecordsPerEvent,
                    jobRetention,
                    topicCreation,
                    maxDeathsPerRecord,
                    groupType,
                    shareDeliveryLimit);
        }
    }
}
