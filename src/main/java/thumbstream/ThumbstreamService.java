package thumbstream;

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
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.http.ManagementServer;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.ThumbnailRenderer;
import thumbstream.job.RenderGate;
import thumbstream.job.ResultFactory;
import thumbstream.job.ThumbnailJob;
import thumbstream.job.ThumbnailKeys;
import thumbstream.pipeline.Pipeline;
import thumbstream.pipeline.PipelineMetrics;
import thumbstream.progress.ProgressService;
import thumbstream.storage.MinioObjectStore;
import thumbstream.storage.ObjectStore;

/**
 * One running service instance: wires storage, renderer, job, pipeline and the management server,
 * and orders their start and stop. Holds no logic of its own.
 */
public final class ThumbstreamService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ThumbstreamService.class);
    private static final long STORAGE_CHECK_INTERVAL_NANOS =
            Duration.ofSeconds(5).toNanos();

    private final ThumbstreamConfig config;
    private final ObjectStore store;
    private final Pipeline pipeline;
    private final ProgressService progress;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong storageCheckedAt = new AtomicLong(System.nanoTime() - STORAGE_CHECK_INTERVAL_NANOS);
    private volatile boolean storageReachable;
    private ManagementServer http;

    public ThumbstreamService(ThumbstreamConfig config) {
        this.config = config;
        this.store = new MinioObjectStore(config.s3());
        ResultFactory results = new ResultFactory(RenditionSpec.canonical(config.renditions()), Clock.systemUTC());
        PipelineMetrics metrics = new PipelineMetrics(registry);
        ThumbnailJob job = new ThumbnailJob(
                store,
                new ThumbnailRenderer(config.maxPixels()).withPlaceholders(config.placeholders()),
                config.renditions(),
                new ThumbnailKeys(config.outputPrefix()),
                config.maxSourceBytes(),
                results,
                new RenderGate(config.pipeline().workerThreads()),
                metrics);
        this.pipeline = new Pipeline(config, job, results, metrics, registry);
        this.progress = new ProgressService(config);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /** Starts the management server, the job-progress topology, then the pipeline. */
    public ThumbstreamService start(InetSocketAddress httpAddress) throws IOException {
        http = new ManagementServer(httpAddress, pipeline::isAlive, this::isReady, registry)
                .route(ProgressService.PATH, progress.httpHandler())
                .start();
        progress.start(new InetSocketAddress(httpAddress.getAddress(), http.port()));
        pipeline.start();
        LOG.info(
                "thumbstream started: topic={} group={} renditions={} http=:{}",
                config.topics().uploads(),
                config.groupId(),
                RenditionSpec.canonical(config.renditions()),
                http.port());
        return this;
    }

    public int httpPort() {
        return http.port();
    }

    /** Ready when the poll loop runs and the store answers (checked at most every 5 s). */
    public boolean isReady() {
        long now = System.nanoTime();
        long last = storageCheckedAt.get();
        if (now - last >= STORAGE_CHECK_INTERVAL_NANOS && storageCheckedAt.compareAndSet(last, now)) {
            storageReachable = store.isReachable();
        }
        return pipeline.isAlive() && storageReachable;
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
        registry.close();
        LOG.info("stopped");
    }
}
