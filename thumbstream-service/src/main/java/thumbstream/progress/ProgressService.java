package thumbstream.progress;

import com.sun.net.httpserver.HttpHandler;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thumbstream.config.ThumbstreamConfig;

/**
 * Runs the {@link ProgressTopology} inside a service instance and answers queries about it. Every
 * instance uses the application id {@code <group id>-progress}, so the instances share the work the
 * way the pipeline's consumers do.
 *
 * <p>Lifecycle: construct, register {@link #httpHandler()}, {@link #start} once the HTTP port is
 * known (it is this instance's {@code application.server}), {@link #close}. Progress is a view:
 * when the topology fails, the pipeline goes on and {@code /jobs} answers 503. A missing source
 * topic (results or jobs) is waited for, at start and whenever Kafka Streams reports one missing,
 * so the view recovers by itself once the topic exists.
 */
public final class ProgressService implements JobLookup, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressService.class);
    /** Inside the pipeline's shutdown budget: Kubernetes' grace is THUMBSTREAM_SHUTDOWN_GRACE + 10 s. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /** Failed stream threads replaced at most this often within {@link #REPLACEMENT_WINDOW}. */
    private static final int MAX_THREAD_REPLACEMENTS = 3;
    /** A process healthy for this long gets its whole replacement budget back. */
    private static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(10);

    /** The path prefix {@link #httpHandler()} serves. */
    public static final String PATH = JobsEndpoint.PATH;

    /** The path {@link #statusPage} serves. */
    public static final String STATUS_PATH = StatusEndpoint.PATH;

    /** Between two looks for a missing source topic, and before a restart. */
    private static final Duration RESTART_DELAY = Duration.ofSeconds(5);

    private final ThumbstreamConfig config;
    private final SourceTopics sources;
    private final ReplacementBudget replacements =
            new ReplacementBudget(MAX_THREAD_REPLACEMENTS, REPLACEMENT_WINDOW, System::nanoTime);
    private volatile KafkaStreams streams;
    private volatile HostInfo self;
    private Path temporaryStateDir;
    private Properties props;
    private ScheduledExecutorService restarts;
    private boolean closed;
    private boolean waitingReported;

    private final ProgressMetrics metrics;

    /** @param registry where the view's meters go ({@link ProgressMetrics}) */
    public ProgressService(ThumbstreamConfig config, MeterRegistry registry) {
        this.config = config;
        this.sources = new SourceTopics(config);
        this.metrics = new ProgressMetrics(registry);
    }

    /** Serves {@code /jobs} and {@code /jobs/{id}}; register it under {@link #PATH}. */
    public HttpHandler httpHandler() {
        return new JobsEndpoint(this);
    }

    /** Serves the HTML status page: this instance's jobs and {@code results}' latest; register it under {@link #STATUS_PATH}. */
    public HttpHandler statusPage(LatestResults results) {
        return new StatusEndpoint(this, results::latest, Clock.systemUTC());
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
        created.setUncaughtExceptionHandler(e -> {
            if (isMissingTopic(e)) {
                // Not a failure of ours: the topic was deleted. Start again once it is back.
                LOG.warn("job progress: a source topic is missing ({}); restarting when it exists", e.toString());
                try {
                    restarts.execute(() -> relaunch(created));
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
        });
        created.start();
        streams = created;
        LOG.info(
                "job progress started: application.id={} state={} application.server={}",
                props.get(StreamsConfig.APPLICATION_ID_CONFIG),
                props.get(StreamsConfig.STATE_DIR_CONFIG),
                self);
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

    @Override
    public Optional<JobProgress> job(String jobId) {
        try {
            return Optional.ofNullable(store().get(jobId));
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<JobProgress> jobs() {
        List<JobProgress> all = new ArrayList<>();
        try (KeyValueIterator<String, JobProgress> it = store().all()) {
            while (it.hasNext()) {
                KeyValue<String, JobProgress> next = it.next();
                all.add(next.value);
            }
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
        return all;
    }

    /** Reads at most {@code limit} (+1, the cursor itself) entries: the store's keys are in {@link #ID_ORDER}. */
    @Override
    public List<JobProgress> jobs(String after, int limit) {
        try {
            return page(store(), after, limit);
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    /** {@link JobLookup#jobs(String, int)} on {@code store}, reading at most {@code limit} + 1 entries. */
    static List<JobProgress> page(ReadOnlyKeyValueStore<String, JobProgress> store, String after, int limit) {
        List<JobProgress> page = new ArrayList<>(Math.min(limit, 1024));
        try (KeyValueIterator<String, JobProgress> it = after == null ? store.all() : store.range(after, null)) {
            while (it.hasNext() && page.size() < limit) {
                KeyValue<String, JobProgress> next = it.next();
                if (!next.key.equals(after)) {
                    page.add(next.value);
                }
            }
        }
        return page;
    }

    @Override
    public Optional<URI> elsewhere(String jobId) {
        KafkaStreams s = requireStreams();
        KeyQueryMetadata metadata = s.queryMetadataForKey(
                ProgressTopology.JOBS_STORE, jobId, Serdes.String().serializer());
        if (metadata == null
                || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)
                || metadata.activeHost().equals(self)) {
            return Optional.empty();
        }
        HostInfo host = metadata.activeHost();
        return Optional.of(URI.create("http://" + host.host() + ":" + host.port()));
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
        boolean stopped = s == null || s.close(CLOSE_TIMEOUT);
        if (!stopped) {
            LOG.warn(
                    "job progress did not stop within {}; leaving its state in {}",
                    CLOSE_TIMEOUT,
                    temporaryStateDir != null ? temporaryStateDir : config.stateDir());
        } else if (temporaryStateDir != null) {
            deleteQuietly(temporaryStateDir);
        }
    }

    private ReadOnlyKeyValueStore<String, JobProgress> store() {
        try {
            // Stale stores too: answer from the local copy while a rebalance moves tasks, rather than 503.
            return requireStreams()
                    .store(StoreQueryParameters.fromNameAndType(
                                    ProgressTopology.JOBS_STORE,
                                    QueryableStoreTypes.<String, JobProgress>keyValueStore())
                            .enableStaleStores());
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    private KafkaStreams requireStreams() {
        KafkaStreams s = streams;
        if (s == null) {
            throw new UnavailableException("job progress has not started yet", null);
        }
        if (s.state() == KafkaStreams.State.ERROR
                || s.state() == KafkaStreams.State.NOT_RUNNING
                || s.state() == KafkaStreams.State.PENDING_ERROR
                || s.state() == KafkaStreams.State.PENDING_SHUTDOWN) {
            throw new UnavailableException(
                    "job progress is not running (" + s.state() + "); see the service log", null);
        }
        return s;
    }

    private UnavailableException unavailable(InvalidStateStoreException e) {
        return new UnavailableException(
                "job progress is not queryable right now (" + requireStreams().state() + "): " + e.getMessage(), e);
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
