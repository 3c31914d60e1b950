package thumbstream.pipeline;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thumbstream.config.PipelineSettings;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.upload.ResultFactory;
import thumbstream.upload.SourceBudget;
import thumbstream.upload.ThumbnailJob;

/**
 * The running Kafka side of one service instance: consumer, poll thread, partition workers, the
 * producer they share, and the committer of the configured delivery mode. Constructing it checks
 * (and creates, if so configured) the topics ({@link StartupTopics}); a {@link
 * thumbstream.config.ConfigException} then names a missing one. {@link #start} once, {@link #stop} once.
 */
public final class Pipeline {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    /** Records buffered per partition before it is paused: bounds memory under any backlog. */
    static final int MAX_BACKLOG = 500;

    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration TRANSACTION_INTERVAL = Duration.ofMillis(200);

    private final KafkaProducer<String, byte[]> producer;
    private final PollLoop pollLoop;
    private final Thread pollThread;
    private final boolean exactlyOnce;

    public Pipeline(
            ThumbstreamConfig config,
            ThumbnailJob job,
            ResultFactory results,
            PipelineMetrics metrics,
            MeterRegistry registry) {
        PipelineSettings settings = config.pipeline();
        RecordLimits limits;
        try (Admin admin = KafkaClients.admin(config)) {
            StartupTopics.ensure(admin, config); // before anything (the progress topology too) reads them
            limits = RecordLimits.read(admin, config);
        }
        this.exactlyOnce = settings.delivery() == PipelineSettings.Delivery.EXACTLY_ONCE;
        this.producer = KafkaClients.producer(config, exactlyOnce ? transactionalId(config) : null);
        RetryPolicy retry = RetryPolicy.DEFAULT.withMaxAttempts(settings.maxAttempts());
        SourceBudget decodeBudget =
                RecordHandler.decodeBudgetFor(Runtime.getRuntime().maxMemory());
        metrics.budgetUse("event-decode", decodeBudget, SourceBudget::use);
        RecordHandler handler = new RecordHandler(
                job, results, retry, Clock.systemUTC(), metrics, settings.maxRecordsPerEvent(), decodeBudget);
        ResultPublisher publisher = new ResultPublisher(producer, config.topics(), limits);

        Committer committer;
        ResultSink sink;
        Runnable onRewind;
        if (exactlyOnce) {
            producer.initTransactions();
            TransactionalCommitter tx = new TransactionalCommitter(producer, publisher, TRANSACTION_INTERVAL);
            committer = tx;
            sink = tx;
            onRewind = tx::discardQueued;
        } else {
            committer = new OffsetCommitter(COMMIT_INTERVAL);
            sink = new AcknowledgedSink(publisher, retry, metrics);
            onRewind = () -> {};
        }
        // Drain bound for revoke and shutdown: leave time within the grace to commit and close.
        Duration stopBound = settings.shutdownGrace().multipliedBy(4).dividedBy(5);
        KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(config, exactlyOnce);
        // Kafka's own client metrics, records-lag per partition among them (thread-safe reads).
        new KafkaClientMetrics(consumer).bindTo(registry);
        new KafkaClientMetrics(producer).bindTo(registry);
        String live = config.topics().uploads();
        this.pollLoop = new PollLoop(
                consumer,
                TopicCheck.inputTopics(config),
                (TopicPartition tp, HeadStart start) -> new PartitionWorker(
                        tp,
                        tp.topic().equals(live),
                        handler,
                        sink,
                        settings.maxInFlightPerPartition(),
                        metrics,
                        this::halt,
                        start),
                committer,
                new CrashLoopGuard(settings.maxDeathsPerRecord(), results, Clock.systemUTC()),
                MAX_BACKLOG,
                stopBound,
                onRewind);
        this.pollThread = new Thread(pollLoop, "thumbstream-poll");
        Gauge.builder("thumbstream.partitions.assigned", pollLoop, PollLoop::assignedPartitions)
                .register(registry);
        Gauge.builder("thumbstream.partitions.paused", pollLoop, PollLoop::pausedPartitions)
                .register(registry);
        Gauge.builder("thumbstream.inflight", pollLoop, PollLoop::inFlight)
                .description("Records queued or being processed")
                .register(registry);
    }

    public void start() {
        pollThread.start();
        LOG.info("pipeline started ({} delivery)", exactlyOnce ? "exactly-once" : "at-least-once");
    }

    /** Stops polling, lets in-flight work finish within the loop's bound, commits, flushes and closes. */
    public void stop(Duration timeout) {
        pollLoop.shutdown();
        try {
            pollThread.join(timeout.toMillis());
            if (pollThread.isAlive()) {
                LOG.warn("poll thread did not stop within {}", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    /** From a worker thread: an error left the JVM unsafe; stop without committing anything more. */
    private void halt(Throwable cause) {
        pollLoop.haltWithoutCommitting(cause);
    }

    /** True while the poll thread runs and keeps returning from poll. */
    public boolean isAlive() {
        return pollThread.isAlive()
                && pollLoop.nanosSinceLastPoll() < Duration.ofMinutes(2).toNanos();
    }

    /** True when the poll loop ended by an error (the process should exit and be restarted). */
    public boolean hasFailed() {
        return pollLoop.hasFailed();
    }

    /**
     * Unique per live instance: fencing of a zombie is done by the consumer group generation
     * (KIP-447), so the id need not follow partitions. Stable across restarts of a pod when static
     * membership is configured, which lets the broker abort the dead incarnation's transaction at once.
     */
    private static String transactionalId(ThumbstreamConfig config) {
        String instance = config.kafka()
                .getOrDefault("group.instance.id", UUID.randomUUID().toString());
        return "thumbstream-" + config.groupId() + "-" + instance;
    }
}
