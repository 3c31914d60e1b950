package thumbstream.progress;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thumbstream.config.ThumbstreamConfig;

/**
 * Runs the {@link ProgressTopology} inside a service instance: starts its Kafka Streams client,
 * replaces failed stream threads within a {@link ReplacementBudget}, restarts the client when a
 * source topic went missing, and closes it. {@link ProgressQueries} answers queries from the client
 * it keeps running. Every instance uses the application id {@code <group id>-progress}, so the
 * instances share the work the way the pipeline's consumers do.
 *
 * <p>Lifecycle: construct, {@link #start} once the HTTP port is known (it is this instance's
 * {@code application.server}), {@link #close}. Progress is a view:
 * when the topology fails, the pipeline goes on and {@code /jobs} answers 503. A missing source
 * topic (results or jobs) is waited for, at start and whenever Kafka Streams reports one missing,
 * so the view recovers by itself once the topic exists.
 */
public final class ProgressStreams implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressStreams.class);
    /** Inside the pipeline's shutdown budget: Kubernetes' grace is THUMBSTREAM_SHUTDOWN_GRACE + 10 s. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /** Failed stream threads replaced at most this often within {@link #REPLACEMENT_WINDOW}. */
    private static final int MAX_THREAD_REPLACEMENTS = 3;
    /** A process healthy for this long gets its whole replacement budget back. */
    private static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(10);

    /** Between two looks for a missing source topic, and before a restart. */
    private static final Duration RESTART_DELAY = Duration.ofSeconds(5);

    private final ThumbstreamConfig config;
    private final SourceTopics sources;
    private final ReplacementBudget replacements;
    private volatile KafkaStreams streams;
    private volatile HostInfo self;
    private Path temporaryStateDir;
    private Properties props;
    private ScheduledExecutorService restarts;
    private boolean closed;
    private boolean waitingReported;

    private final ProgressMetrics metrics;

    /** @param registry where the view's meters go ({@link ProgressMetrics}) */
    public ProgressStreams(ThumbstreamConfig config, MeterRegistry registry) {
        this(config, registry, new ReplacementBudget(MAX_THREAD_REPLACEMENTS, REPLACEMENT_WINDOW, System::nanoTime));
    }

    /** @param replacements how many failed stream threads may be replaced, and how often */
    ProgressStreams(ThumbstreamConfig config, MeterRegistry registry, ReplacementBudget replacements) {
        this.config = config;
        this.replacements = replacements;
        this.sources = new SourceTopics(config);
        this.metrics = new ProgressMetrics(registry);
    }

    /** This instance's {@code application.server}, as other instances see it; null before {@link #start}. */
    HostInfo self() {
        return self;
    }

    /**
     * Starts the topology, now if its source topics exist, else as soon as they do.
     *
     * @param http where this instance's HTTP server listens; a wildcard address is advertised as
     *             this host's address, so that other instances can redirect queries here
     */
    public synchronized void start(InetSocketAddress http) {
        self = new HostInfo(advertisedHost(http), http.getPort());
        Path stateDir = config.stateDir();
        if (stateDir == null) {
            try {
                temporaryStateDir = Files.createTempDirectory("thumbstream-progress-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a state directory for job progress", e);
            }
            stateDir = temporaryStateDir;
        }
        props = ProgressStreamsConfig.properties(config, stateDir, self);
        restarts = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "thumbstream-progress-starter");
            t.setDaemon(true);
            return t;
        });
        restarts.execute(this::launchWhenTopicsExist);
    }

    /**
     * Starter thread: waits until both source topics exist (a missing one would make Kafka Streams
     * fail with MissingSourceTopicException), then starts a new Kafka Streams client. Called again
     * when a running client failed because a source topic disappeared.
     */
    private void launchWhenTopicsExist() {
        List<String> missing = sources.missing();
        synchronized (this) {
            if (closed) {
                return;
            }
            if (!missing.isEmpty()) {
                if (!waitingReported) {
                    LOG.warn("job progress waits for topic(s) {}; /jobs answers 503 until they exist", missing);
                    waitingReported = true;
                }
                restarts.schedule(this::launchWhenTopicsExist, RESTART_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            waitingReported = false;
            launch();
        }
    }

    private void launch() {
        // The builder gets the same settings, or it validates and warns about defaults of its own.
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
        ProgressTopology.build(
                builder, config.topics(), config.pipeline().jobRetention(), ProgressTopology.DEFAULT_HOLD, metrics);
        KafkaStreams created = new KafkaStreams(builder.build(), props);
        created.setUncaughtExceptionHandler(e -> onStreamThreadFailure(created, e));
        created.start();
        streams = created;
        LOG.info(
                "job progress started: application.id={} state={} application.server={}",
                props.get(StreamsConfig.APPLICATION_ID_CONFIG),
                props.get(StreamsConfig.STATE_DIR_CONFIG),
                self);
    }

    /**
     * A stream thread of {@code client} failed with {@code e} (called on that thread): a missing
     * source topic stops the client and starts a new one once the topic is back; any other failure
     * replaces the thread while the {@link ReplacementBudget} allows, else stops progress.
     */
    StreamThreadExceptionResponse onStreamThreadFailure(KafkaStreams client, Throwable e) {
        if (isMissingTopic(e)) {
            // Not a failure of ours: the topic was deleted. Start again once it is back.
            LOG.warn("job progress: a source topic is missing ({}); restarting when it exists", e.toString());
            try {
                restarts.execute(() -> relaunch(client));
            } catch (RejectedExecutionException closing) {
                // the service is stopping: nothing to restart
            }
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        if (replacements.tryReplace()) {
            LOG.warn("job progress: stream thread failed, replacing it: {}", e.toString());
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        LOG.error(
                "job progress stopped after {} failures within {}; the pipeline goes on, /jobs answers 503",
                replacements.recent() + 1,
                REPLACEMENT_WINDOW,
                e);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** Starter thread: closes a client that failed for a missing topic (freeing its state directory), then waits again. */
    private void relaunch(KafkaStreams failed) {
        failed.close(CLOSE_TIMEOUT);
        synchronized (this) {
            if (streams == failed) {
                streams = null;
            }
        }
        synchronized (this) {
            if (!closed) {
                restarts.schedule(this::launchWhenTopicsExist, RESTART_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private static boolean isMissingTopic(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof MissingSourceTopicException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stops the topology (bounded) and removes a temporary state directory once nothing writes to
     * it any more. A killed process leaves its temporary directory behind; set THUMBSTREAM_STATE_DIR
     * where that matters.
     */
    @Override
    public void close() {
        ScheduledExecutorService starter;
        synchronized (this) {
            closed = true;
            starter = restarts;
        }
        if (starter != null) {
            starter.shutdownNow();
            try {
                starter.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeStreams();
    }

    private synchronized void closeStreams() {
        KafkaStreams s = streams;
        // Leave the group: Kafka Streams' consumer otherwise stays a member until its session
        // expires (45 s by default), and the instance that replaces this one (a rolling restart,
        // a pod scaled up again) gets no progress task until then.
        boolean stopped = s == null
                || s.close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(CLOSE_TIMEOUT));
        if (!stopped) {
            LOG.warn(
                    "job progress did not stop within {}; leaving its state in {}",
                    CLOSE_TIMEOUT,
                    temporaryStateDir != null ? temporaryStateDir : config.stateDir());
        } else if (temporaryStateDir != null) {
            deleteQuietly(temporaryStateDir);
        }
    }

    /**
     * The client queries go to: started and not stopping or failed.
     *
     * @throws JobLookup.UnavailableException when there is none right now
     */
    KafkaStreams running() {
        KafkaStreams s = streams;
        if (s == null) {
            throw new JobLookup.UnavailableException("job progress has not started yet", null);
        }
        if (s.state() == KafkaStreams.State.ERROR
                || s.state() == KafkaStreams.State.NOT_RUNNING
                || s.state() == KafkaStreams.State.PENDING_ERROR
                || s.state() == KafkaStreams.State.PENDING_SHUTDOWN) {
            throw new JobLookup.UnavailableException(
                    "job progress is not running (" + s.state() + "); see the service log", null);
        }
        return s;
    }

    private static String advertisedHost(InetSocketAddress http) {
        InetAddress address = http.getAddress();
        if (address != null && !address.isAnyLocalAddress()) {
            return address.getHostAddress();
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress().getHostAddress();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not remove {}: {}", dir, e.toString());
        }
    }
}
