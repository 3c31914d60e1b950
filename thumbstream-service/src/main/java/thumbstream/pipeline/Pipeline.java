package thumbstream.pipeline;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thumbstream.config.PipelineSettings;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.imaging.Budget;
import thumbstream.upload.ResultFactory;
import thumbstream.upload.ThumbnailJob;

/**
 * The running Kafka side of one service instance: consumer, poll thread, partition workers, the
 * producer they share, and the committer of the configured delivery mode. {@link #check} (or the
 * constructor without its result) checks (and creates, if so configured) the topics ({@link
 * StartupTopics}); a {@link thumbstream.config.ConfigException} then names a missing one. {@link
 * #start} once, {@link #stop} once.
 */
public final class Pipeline {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    /** Records buffered per partition before it is paused: bounds memory under any backlog. */
    static final int MAX_BACKLOG = 500;

    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration TRANSACTION_INTERVAL = Duration.ofMillis(200);
    /** Share mode: in-process attempts for a transient error before the record is released to the group. */
    private static final int SHARE_ATTEMPTS = 3;

    private final KafkaProducer<String, byte[]> producer;
    /**
     * The threads that own a consumer: one poll loop for a consumer group; in share mode one for
     * the uploads topic and, when the backfill lane exists, one for the lane in a share group of its
     * own, so the lane's partitions never take members away from live uploads.
     */
    private final List<ConsumeLoop> loops;

    private final List<Thread> threads = new ArrayList<>();
    /** Share mode only: each share group's acquisition lock, as configured on the broker. */
    private final Map<String, Duration> shareLocks = new HashMap<>();

    /** Share mode only: the group's lag gauge; null for a consumer group. */
    private final ShareLag shareLag;

    private final boolean exactlyOnce;

    public Pipeline(
            ThumbstreamConfig config,
            ThumbnailJob job,
            ResultFactory results,
            PipelineMetrics metrics,
            MeterRegistry registry) {
        this(config, check(config), job, results, metrics, registry);
    }

    /**
     * What start-up learns from the broker through the admin client, before anything (the progress
     * topology too) reads the topics: the topics checked or created ({@link StartupTopics}), the
     * output topics' record-size limits and, in share mode, each share group's acquisition lock.
     * Needs nothing else of the service, so it can run while the rest is wired.
     */
    public static final class Checked {
        private final RecordLimits limits;
        private final Map<String, Duration> shareLocks;

        private Checked(RecordLimits limits, Map<String, Duration> shareLocks) {
            this.limits = limits;
            this.shareLocks = new HashMap<>(shareLocks);
        }
    }

    /** The admin client's start-up checks; a {@link thumbstream.config.ConfigException} names a missing topic. */
    public static Checked check(ThumbstreamConfig config) {
        Map<String, Duration> locks = new HashMap<>();
        try (Admin admin = KafkaClients.admin(config)) {
            StartupTopics.ensure(admin, config);
            RecordLimits limits = RecordLimits.read(admin, config);
            if (config.pipeline().groupType() == PipelineSettings.GroupType.SHARE) {
                Duration lock = ShareGroupSetup.lockFor(config.safeguards().renderTimeout());
                for (String group : List.of(config.groupId(), laneGroup(config))) {
                    locks.put(group, ShareGroupSetup.configure(admin, group, lock));
                }
            }
            return new Checked(limits, locks);
        }
    }

    /** With the result of {@link #check} for the same {@code config}. */
    public Pipeline(
            ThumbstreamConfig config,
            Checked checked,
            ThumbnailJob job,
            ResultFactory results,
            PipelineMetrics metrics,
            MeterRegistry registry) {
        PipelineSettings settings = config.pipeline();
        RecordLimits limits = checked.limits;
        boolean share = settings.groupType() == PipelineSettings.GroupType.SHARE;
        shareLocks.putAll(checked.shareLocks);
        this.exactlyOnce = settings.delivery() == PipelineSettings.Delivery.EXACTLY_ONCE;
        this.producer = KafkaClients.producer(config, exactlyOnce ? transactionalId(config) : null);
        RetryPolicy retry = RetryPolicy.DEFAULT.withMaxAttempts(settings.maxAttempts());
        Budget decodeBudget = RecordHandler.decodeBudgetFor(Runtime.getRuntime().maxMemory());
        metrics.budgetUse("event-decode", decodeBudget, Budget::use);
        ResultPublisher publisher = new ResultPublisher(producer, config.topics(), limits);
        new KafkaClientMetrics(producer).bindTo(registry);

        // Drain bound for revoke and shutdown: leave time within the grace to commit and close.
        Duration stopBound = settings.shutdownGrace().multipliedBy(4).dividedBy(5);
        if (share) {
            String live = config.topics().uploads();
            List<ConsumeLoop> shareLoops = new ArrayList<>();
            shareLoops.add(shareGroupLoop(
                    config,
                    config.groupId(),
                    live,
                    job,
                    results,
                    metrics,
                    registry,
                    publisher,
                    retry,
                    decodeBudget,
                    stopBound));
            for (String topic : TopicCheck.inputTopics(config)) {
                if (!topic.equals(live)) {
                    shareLoops.add(shareGroupLoop(
                            config,
                            laneGroup(config),
                            topic,
                            job,
                            results,
                            metrics,
                            registry,
                            publisher,
                            retry,
                            decodeBudget,
                            stopBound));
                }
            }
            this.loops = List.copyOf(shareLoops);
            this.shareLag = new ShareLag(KafkaClients.admin(config), config.groupId(), List.of(live), registry);
        } else {
            this.loops = List.of(consumerGroupLoop(
                    config,
                    new RecordHandler(
                            job,
                            results,
                            retry,
                            Clock.systemUTC(),
                            metrics,
                            settings.maxRecordsPerEvent(),
                            decodeBudget),
                    publisher,
                    retry,
                    metrics,
                    registry,
                    results,
                    stopBound));
            this.shareLag = null;
        }
        for (ConsumeLoop loop : loops) {
            threads.add(new Thread(loop, threads.isEmpty() ? "thumbstream-poll" : "thumbstream-poll-backfill"));
        }
        Gauge.builder(
                        "thumbstream.inflight",
                        this,
                        p -> p.loops.stream().mapToInt(ConsumeLoop::inFlight).sum())
                .description("Records queued or being processed")
                .register(registry);
    }

    /** Consumer-group mode: partitions owned one member each; the committer of the delivery mode. */
    private ConsumeLoop consumerGroupLoop(
            ThumbstreamConfig config,
            RecordHandler handler,
            ResultPublisher publisher,
            RetryPolicy retry,
            PipelineMetrics metrics,
            MeterRegistry registry,
            ResultFactory results,
            Duration stopBound) {
        PipelineSettings settings = config.pipeline();
        Committer committer;
        ResultSink sink;
        if (exactlyOnce) {
            producer.initTransactions();
            TransactionalCommitter tx = new TransactionalCommitter(producer, publisher, metrics, TRANSACTION_INTERVAL);
            committer = tx;
            sink = tx;
        } else {
            committer = new OffsetCommitter(COMMIT_INTERVAL);
            sink = new AcknowledgedSink(publisher, retry, metrics);
        }
        KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(config, exactlyOnce);
        // Kafka's own client metrics, records-lag per partition among them (thread-safe reads).
        new KafkaClientMetrics(consumer).bindTo(registry);
        String live = config.topics().uploads();
        PollLoop loop = new PollLoop(
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
                stopBound);
        Gauge.builder("thumbstream.partitions.assigned", loop, PollLoop::assignedPartitions)
                .register(registry);
        Gauge.builder("thumbstream.partitions.paused", loop, PollLoop::pausedPartitions)
                .register(registry);
        return loop;
    }

    /**
     * Share-group mode: records shared by every member. It acquires twice the render capacity at a
     * time, so what it holds it starts within about one render. Fewer in-process attempts for
     * transient errors: the record goes back to the group instead, and any member retries it.
     */
    private ConsumeLoop shareGroupLoop(
            ThumbstreamConfig config,
            String groupId,
            String topic,
            ThumbnailJob job,
            ResultFactory results,
            PipelineMetrics metrics,
            MeterRegistry registry,
            ResultPublisher publisher,
            RetryPolicy retry,
            Budget decodeBudget,
            Duration stopBound) {
        PipelineSettings settings = config.pipeline();
        int capacity = 2 * settings.renderThreads();
        RecordHandler handler = new RecordHandler(
                job,
                results,
                retry.withMaxAttempts(Math.min(settings.maxAttempts(), SHARE_ATTEMPTS)),
                Clock.systemUTC(),
                metrics,
                settings.maxRecordsPerEvent(),
                decodeBudget);
        boolean live = topic.equals(config.topics().uploads());
        if (!live) {
            capacity = settings.renderThreads(); // the lane yields the renders to live uploads (RenderGate)
        }
        return new ShareLoop(
                KafkaClients.shareConsumer(config, groupId, capacity),
                List.of(topic),
                config.topics().uploads(),
                handler,
                new AcknowledgedSink(publisher, retry, metrics),
                results,
                metrics,
                new ShareMetrics(registry),
                capacity,
                settings.shareDeliveryLimit(),
                shareLocks.get(groupId),
                stopBound,
                Clock.systemUTC(),
                this::halt);
    }

    public void start() {
        threads.forEach(Thread::start);
        if (shareLag != null) {
            shareLag.start();
        }
        LOG.info(
                "pipeline started ({} delivery, {} group)",
                exactlyOnce ? "exactly-once" : "at-least-once",
                shareLag != null ? "share" : "consumer");
    }

    /** Stops polling, lets in-flight work finish within the loop's bound, commits, flushes and closes. */
    public void stop(Duration timeout) {
        loops.forEach(ConsumeLoop::shutdown);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Thread t : threads) {
                t.join(Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (t.isAlive()) {
                    LOG.warn("{} did not stop within {}", t.getName(), timeout);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        if (shareLag != null) {
            shareLag.close();
        }
    }

    /** From a worker thread: an error left the JVM unsafe; stop without committing anything more. */
    private void halt(Throwable cause) {
        loops.forEach(l -> l.haltWithoutCommitting(cause));
    }

    /**
     * True while every poll thread runs, keeps returning from poll, and makes progress (exactly-once:
     * fewer than {@value PollLoop#MAX_ABORTS_IN_A_ROW} transactions aborted in a row).
     */
    public boolean isAlive() {
        for (int i = 0; i < loops.size(); i++) {
            if (!threads.get(i).isAlive()
                    || loops.get(i).nanosSinceLastPoll()
                            >= Duration.ofMinutes(2).toNanos()
                    || !loops.get(i).makesProgress()) {
                return false;
            }
        }
        return true;
    }

    /** True when the poll loop ended by an error (the process should exit and be restarted). */
    public boolean hasFailed() {
        return loops.stream().anyMatch(ConsumeLoop::hasFailed);
    }

    /** Share mode: the backfill lane's own share group, so its partitions do not count against live uploads. */
    static String laneGroup(ThumbstreamConfig config) {
        return config.groupId() + "-backfill";
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
