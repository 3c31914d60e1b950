package thumbstream.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.placeholder.PlaceholderKind;

/**
 * Everything the service needs to run, typed and validated. Built by {@link EnvConfigLoader} from
 * the environment, or directly by the embedded demo and the tests.
 *
 * @param kafka          Kafka client properties passed through from {@code KAFKA_*} variables
 *                       (at least {@code bootstrap.servers}); applied to consumer, producer and admin
 * @param groupId        consumer group shared by every instance
 * @param renditions     what to render for each upload, in order
 * @param outputPrefix   key prefix of the thumbnails, always ending in {@code /}
 * @param maxPixels      sources with more pixels fail as too-large without being decoded
 * @param maxSourceBytes sources larger than this fail as too-large without being downloaded
 * @param pipeline       concurrency, retries, shutdown grace and delivery mode
 * @param stateDir       local state of the job-progress topology (one per instance), or null for a
 *                       temporary directory removed on stop (the state is rebuilt from Kafka)
 * @param safeguards     bucket allow-list, render deadline and management bind address
 * @param placeholders   which placeholders completed events carry ({@code THUMBSTREAM_PLACEHOLDERS});
 *                       null means all of them
 */
public record ThumbstreamConfig(
        Map<String, String> kafka,
        S3Settings s3,
        Topics topics,
        String groupId,
        List<RenditionSpec> renditions,
        String outputPrefix,
        int httpPort,
        long maxPixels,
        long maxSourceBytes,
        PipelineSettings pipeline,
        Path stateDir,
        Safeguards safeguards,
        Set<PlaceholderKind> placeholders) {

    public static final String DEFAULT_RENDITIONS = "small:320x320:fit:jpg,medium:1024x1024:fit:jpg";
    public static final String DEFAULT_OUTPUT_PREFIX = "thumbnails/";
    public static final String DEFAULT_GROUP_ID = "thumbstream";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    /**
     * 64 MiB: several such downloads at once, their decodes and the heap's other users fit in 1 GiB
     * (README, "Sizing"); larger originals are rare for thumbnails and fail {@code too-large}.
     */
    public static final long DEFAULT_MAX_SOURCE_BYTES = 64L * 1024 * 1024;

    public ThumbstreamConfig {
        kafka = Map.copyOf(kafka);
        renditions = List.copyOf(renditions);
        safeguards = safeguards == null ? Safeguards.defaults() : safeguards;
        placeholders = placeholders == null ? PlaceholderKind.all() : Set.copyOf(placeholders);
    }

    /**
     * With {@link Safeguards#defaults()} (every bucket allowed, default render deadline) and every
     * placeholder selected.
     */
    public ThumbstreamConfig(
            Map<String, String> kafka,
            S3Settings s3,
            Topics topics,
            String groupId,
            List<RenditionSpec> renditions,
            String outputPrefix,
            int httpPort,
            long maxPixels,
            long maxSourceBytes,
            PipelineSettings pipeline,
            Path stateDir) {
        this(
                kafka,
                s3,
                topics,
                groupId,
                renditions,
                outputPrefix,
                httpPort,
                maxPixels,
                maxSourceBytes,
                pipeline,
                stateDir,
                Safeguards.defaults(),
                PlaceholderKind.all());
    }

    /** Defaults for everything but where Kafka and S3 are; used by the demo, benchmarks and tests. */
    public static ThumbstreamConfig defaults(String bootstrapServers, S3Settings s3, Topics topics, String groupId) {
        return new ThumbstreamConfig(
                Map.of("bootstrap.servers", bootstrapServers),
                s3,
                topics,
                groupId,
                RenditionSpec.parseList(DEFAULT_RENDITIONS),
                DEFAULT_OUTPUT_PREFIX,
                DEFAULT_HTTP_PORT,
                DEFAULT_MAX_PIXELS,
                DEFAULT_MAX_SOURCE_BYTES,
                PipelineSettings.defaults(),
                null);
    }

    public String bootstrapServers() {
        return kafka.get("bootstrap.servers");
    }

    /** Never prints secrets (passwords, JAAS config, the S3 secret key): this string ends up in logs. */
    @Override
    public String toString() {
        return "ThumbstreamConfig[kafka=" + Secrets.masked(kafka) + ", s3=" + s3 + ", topics=" + topics
                + ", groupId=" + groupId + ", renditions=" + RenditionSpec.canonical(renditions)
                + ", outputPrefix=" + outputPrefix + ", httpPort=" + httpPort + ", maxPixels=" + maxPixels
                + ", maxSourceBytes=" + maxSourceBytes + ", pipeline=" + pipeline + ", stateDir=" + stateDir
                + ", safeguards=" + safeguards + ", placeholders=" + placeholders + "]";
    }

    /**
     * A copy with some settings changed, e.g. {@code config.with(b -> b.httpPort = 0)}: the only
     * place that copies the fields.
     */
    public ThumbstreamConfig with(Consumer<Builder> change) {
        Builder builder = new Builder(this);
        change.accept(builder);
        return builder.build();
    }

    /** The fields of the record being copied by {@link #with}, starting as the original's; set those to change. */
    public static final class Builder {
        public Map<String, String> kafka;
        public S3Settings s3;
        public Topics topics;
        public String groupId;
        public List<RenditionSpec> renditions;
        public String outputPrefix;
        public int httpPort;
        public long maxPixels;
        public long maxSourceBytes;
        public PipelineSettings pipeline;
        public Path stateDir;
        public Safeguards safeguards;
        public Set<PlaceholderKind> placeholders;

        private Builder(ThumbstreamConfig from) {
            kafka = from.kafka;
            s3 = from.s3;
            topics = from.topics;
            groupId = from.groupId;
            renditions = from.renditions;
            outputPrefix = from.outputPrefix;
            httpPort = from.httpPort;
            maxPixels = from.maxPixels;
            maxSourceBytes = from.maxSourceBytes;
            pipeline = from.pipeline;
            stateDir = from.stateDir;
            safeguards = from.safeguards;
            placeholders = from.placeholders;
        }

        private ThumbstreamConfig build() {
            return new ThumbstreamConfig(
                    kafka,
                    s3,
                    topics,
                    groupId,
                    renditions,
                    outputPrefix,
                    httpPort,
                    maxPixels,
                    maxSourceBytes,
                    pipeline,
                    stateDir,
                    safeguards,
                    placeholders);
        }
    }
}
