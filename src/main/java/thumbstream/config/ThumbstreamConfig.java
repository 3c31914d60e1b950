package thumbstream.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * @param placeholders   which placeholders completed events carry ({@code THUMBSTREAM_PLACEHOLDERS})
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
        Set<PlaceholderKind> placeholders) {

    public static final String DEFAULT_RENDITIONS = "small:320x320:fit:jpg,medium:1024x1024:fit:jpg";
    public static final String DEFAULT_OUTPUT_PREFIX = "thumbnails/";
    public static final String DEFAULT_GROUP_ID = "thumbstream";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    public static final long DEFAULT_MAX_SOURCE_BYTES = 256L * 1024 * 1024;

    /** With every placeholder selected (the default). */
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
                PlaceholderKind.all());
    }

    public ThumbstreamConfig {
        kafka = Map.copyOf(kafka);
        renditions = List.copyOf(renditions);
        placeholders = Set.copyOf(placeholders);
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
                + ", placeholders=" + placeholders + "]";
    }

    /** A copy listening on another HTTP port. */
    public ThumbstreamConfig withHttpPort(int port) {
        return new ThumbstreamConfig(
                kafka,
                s3,
                topics,
                groupId,
                renditions,
                outputPrefix,
                port,
                maxPixels,
                maxSourceBytes,
                pipeline,
                stateDir,
                placeholders);
    }

    /** A copy with other renditions. */
    public ThumbstreamConfig withRenditions(List<RenditionSpec> specs) {
        return new ThumbstreamConfig(
                kafka,
                s3,
                topics,
                groupId,
                specs,
                outputPrefix,
                httpPort,
                maxPixels,
                maxSourceBytes,
                pipeline,
                stateDir,
                placeholders);
    }
}
