package thumbstream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.http.BackgroundCheck;
import thumbstream.http.ManagementServer;
import thumbstream.imaging.Budget;
import thumbstream.imaging.Codecs;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.ThumbnailRenderer;
import thumbstream.pipeline.Pipeline;
import thumbstream.pipeline.PipelineMetrics;
import thumbstream.progress.LatestResults;
import thumbstream.progress.ProgressQueries;
import thumbstream.progress.ProgressStreams;
import thumbstream.security.BucketAllowList;
import thumbstream.storage.MinioObjectStore;
import thumbstream.upload.JobSafeguards;
import thumbstream.upload.RenderGate;
import thumbstream.upload.ResultFactory;
import thumbstream.upload.ThumbnailJob;
import thumbstream.upload.ThumbnailKeys;

/**
 * One running service instance: wires storage, renderer, job, pipeline and the management server,
 * and orders their start and stop. Holds no logic of its own.
 */
public final class ThumbstreamService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ThumbstreamService.class);
    private static final Duration STORAGE_CHECK_INTERVAL = Duration.ofSeconds(5);

    private final ThumbstreamConfig config;
    private final MinioObjectStore store;
    private final Pipeline pipeline;
    private final RenderGate renderGate;
    private final ProgressStreams progress;
    private final ProgressQueries progressQueries;
    private final LatestResults latestResults = new LatestResults(LatestResults.DEFAULT_CAPACITY);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final BackgroundCheck storage;
    /** The native codecs' description for the start-up log; loading them is a start-up step of its own. */
    private final StartupStep<String> codecs;

    private ManagementServer http;

    /**
     * Wires the service. Start-up steps that need nothing of each other overlap, each on its own
     * thread: the admin client's topic and record-size checks ({@link Pipeline#check}), loading the
     * native codecs, and the object store's first background check; the wiring on this thread waits
     * only where it needs a step's result (the renderer for libjpeg-turbo, the pipeline for the
     * checks). A {@link thumbstream.config.ConfigException} of the checks is thrown from here.
     */
    public ThumbstreamService(ThumbstreamConfig config) {
        this.config = config;
        StartupStep<Pipeline.Checked> checked =
                StartupStep.begin("thumbstream-startup-topics", () -> Pipeline.check(config));
        this.codecs = StartupStep.begin("thumbstream-startup-codecs", Codecs::describe);
        this.store = new MinioObjectStore(config.s3());
        this.storage = new BackgroundCheck("thumbstream-storage-check", store::isReachable, STORAGE_CHECK_INTERVAL);
        this.renderGate = new RenderGate(config.pipeline().renderThreads());
        try {
            this.pipeline = wire(config, checked);
        } catch (RuntimeException | Error e) {
            storage.close();
            store.close();
            throw e;
        }
        this.progress = new ProgressStreams(config, registry);
        this.progressQueries = new ProgressQueries(progress);
        // The readiness probe's answer as a gauge (1 ready, 0 not), so an alert sees what the kubelet sees.
        Gauge.builder("thumbstream.ready", this, service -> service.isReady() ? 1 : 0)
                .description("1 while /readyz answers 200: the poll loop runs and the object store answered lately")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /** Renderer, job and pipeline; the pipeline after the topic checks ({@code checked}) passed. */
    private Pipeline wire(ThumbstreamConfig config, StartupStep<Pipeline.Checked> checked) {
        ResultFactory results = new ResultFactory(RenditionSpec.canonical(config.renditions()), Clock.systemUTC());
        PipelineMetrics metrics = new PipelineMetrics(registry, latestResults);
        ThumbnailRenderer renderer = new ThumbnailRenderer(config.maxPixels()).withPlaceholders(config.placeholders());
        JobSafeguards safeguards = JobSafeguards.of(config.safeguards());
        metrics.budgetUse("pixels", renderer, ThumbnailRenderer::pixelBudgetUse);
        metrics.budgetUse("native-bytes", renderer, ThumbnailRenderer::nativeBudgetUse);
        metrics.budgetUse("source-bytes", safeguards.sourceBudget(), Budget::use);
        ThumbnailJob job = new ThumbnailJob(
                store,
                renderer,
                config.renditions(),
                new ThumbnailKeys(config.outputPrefix()),
                config.maxSourceBytes(),
                results,
                renderGate,
                metrics,
                safeguards);
        logAllowList(config.safeguards().buckets(), config.topics().uploads());
        return new Pipeline(config, checked.join(), job, results, metrics, registry);
    }

    /** Says at start what {@code THUMBSTREAM_BUCKETS} allows, with a warning for what may surprise. */
    static void logAllowList(BucketAllowList buckets, String uploadsTopic) {
        if (buckets.allowsEverything()) {
            LOG.warn(
                    "THUMBSTREAM_BUCKETS is not set: every bucket the S3 credentials reach is allowed; "
                            + "any producer to {} can have them read and thumbnailed",
                    uploadsTopic);
        } else {
            LOG.info("allowed buckets: {}", buckets);
        }
        for (String entry : buckets.stringPrefixEntries()) {
            LOG.warn(
                    "THUMBSTREAM_BUCKETS entry '{}' is a string prefix, not a folder: it also allows {}b… and {}.jpg; "
                            + "write '{}/' to allow only that folder",
                    entry,
                    entry,
                    entry,
                    entry);
        }
    }

    /**
     * Starts the management server, the job-progress topology, then the pipeline (the object
     * store's background check runs since the constructor).
     */
    public ThumbstreamService start(InetSocketAddress httpAddress) throws IOException {
        http = new ManagementServer(httpAddress, this::isLive, this::isReady, registry)
                .route(ProgressQueries.PATH, progressQueries.httpHandler())
                .route(ProgressQueries.STATUS_PATH, progressQueries.statusPage(latestResults))
                .start();
        progress.start(new InetSocketAddress(httpAddress.getAddress(), http.port()));
        pipeline.start();
        LOG.info(
                "thumbstream started: topic={} group={} renditions={} native codecs: {} http=:{}",
                config.topics().uploads(),
                config.groupId(),
                RenditionSpec.canonical(config.renditions()),
                codecs.join(),
                http.port());
        return this;
    }

    /**
     * Live while the poll loop runs and keeps polling, and renders are still possible: when every
     * render permit is held by a render past its deadline (stuck in native code, say), the process
     * can do nothing more and asks to be restarted.
     */
    public boolean isLive() {
        return pipeline.isAlive() && !renderGate.allHeldByOverdueRenders();
    }

    public int httpPort() {
        return http.port();
    }

    /**
     * Ready when the poll loop runs and the store answered a background check within the last
     * 15 s; never waits for S3 itself.
     */
    public boolean isReady() {
        return pipeline.isAlive() && storage.passing();
    }

    /** True when the pipeline stopped by itself because of an error. */
    public boolean hasFailed() {
        return pipeline.hasFailed();
    }

    /**
     * Stops polling, drains in-flight work, commits, flushes (within the configured shutdown grace),
     * stops the progress topology (at most 5 s more), then stops serving probes.
     */
    @Override
    public void close() {
        LOG.info(
                "stopping: draining in-flight work (grace {})",
                config.pipeline().shutdownGrace());
        pipeline.stop(config.pipeline().shutdownGrace());
        progress.close();
        if (http != null) {
            http.close();
        }
        storage.close();
        registry.close();
        store.close();
        LOG.info("stopped");
    }
}
