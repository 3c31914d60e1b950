package thumbstream.config;

import static thumbstream.config.EnvVariable.*;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thumbstream.imaging.Codecs;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.placeholder.PlaceholderKind;
import thumbstream.security.BucketAllowList;

/**
 * Reads {@link ThumbstreamConfig} from environment variables, each named by its {@link EnvVariable}.
 * The first bad value throws a {@link ConfigException} naming the variable and what it expects.
 *
 * <p>{@code KAFKA_<NAME>} variables become Kafka client properties ({@code KAFKA_SECURITY_PROTOCOL}
 * becomes {@code security.protocol}) when {@code <name>} is a known consumer, producer or admin
 * setting. Others are skipped with a warning: Kubernetes injects {@code KAFKA_PORT} and friends for
 * a Service named {@code kafka}, and those must not break start-up.
 */
public final class EnvConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(EnvConfigLoader.class);
    private static final String KAFKA_PREFIX = "KAFKA_";
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private final Map<String, String> env;
    /** Which output formats this machine can encode; a seam for tests. */
    private final Predicate<RenditionSpec.Format> encodable;

    public EnvConfigLoader(Map<String, String> env) {
        this(env, Codecs::canEncode);
    }

    EnvConfigLoader(Map<String, String> env, Predicate<RenditionSpec.Format> encodable) {
        this.env = env;
        this.encodable = encodable;
    }

    public ThumbstreamConfig load() {
        // Read by logback.xml; checked here so a typo fails with a clear message, not silence.
        String logFormat = text(THUMBSTREAM_LOG_FORMAT, "text");
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new ConfigException(
                    "THUMBSTREAM_LOG_FORMAT: '" + logFormat + "' is not a log format: expected text or json");
        }
        Map<String, String> kafka = kafkaProperties();
        if (kafka.getOrDefault("bootstrap.servers", "").isBlank()) {
            throw new ConfigException("KAFKA_BOOTSTRAP_SERVERS is not set: expected host:port[,host:port...], "
                    + "e.g. KAFKA_BOOTSTRAP_SERVERS=kafka:9092");
        }
        S3Settings s3 = new S3Settings(
                endpoint(THUMBSTREAM_S3_ENDPOINT),
                required(THUMBSTREAM_S3_ACCESS_KEY, "the access key id of the S3 account"),
                required(THUMBSTREAM_S3_SECRET_KEY, "the secret access key of the S3 account"),
                text(THUMBSTREAM_S3_REGION, "us-east-1"),
                bool(THUMBSTREAM_S3_PATH_STYLE, true),
                integer(THUMBSTREAM_S3_MAX_CONNECTIONS, S3Settings.DEFAULT_MAX_CONNECTIONS, 1, 4096),
                duration(THUMBSTREAM_S3_CONNECT_TIMEOUT, S3Settings.DEFAULT_CONNECT_TIMEOUT),
                duration(THUMBSTREAM_S3_REQUEST_TIMEOUT, S3Settings.DEFAULT_REQUEST_TIMEOUT));
        Topics topics = new Topics(
                text(THUMBSTREAM_UPLOADS_TOPIC, Topics.DEFAULT.uploads()),
                text(THUMBSTREAM_RESULTS_TOPIC, Topics.DEFAULT.results()),
                text(THUMBSTREAM_DLQ_TOPIC, Topics.DEFAULT.deadLetters()),
                text(THUMBSTREAM_BACKFILL_TOPIC, Topics.DEFAULT.backfill()),
                text(THUMBSTREAM_JOBS_TOPIC, Topics.DEFAULT.jobs()));
        return new ThumbstreamConfig(
                kafka,
                s3,
                topics,
                text(THUMBSTREAM_GROUP_ID, ThumbstreamConfig.DEFAULT_GROUP_ID),
                renditions(),
                outputPrefix(),
                integer(THUMBSTREAM_HTTP_PORT, ThumbstreamConfig.DEFAULT_HTTP_PORT, 0, 65535),
                longValue(THUMBSTREAM_MAX_PIXELS, ThumbstreamConfig.DEFAULT_MAX_PIXELS, 1),
                longValue(THUMBSTREAM_MAX_SOURCE_BYTES, ThumbstreamConfig.DEFAULT_MAX_SOURCE_BYTES, 1),
                pipelineSettings(),
                stateDir(),
                safeguards(),
                placeholders());
    }

    private Safeguards safeguards() {
        BucketAllowList buckets;
        try {
            buckets = BucketAllowList.parse(text(THUMBSTREAM_BUCKETS, ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("THUMBSTREAM_BUCKETS: " + e.getMessage());
        }
        Duration renderTimeout = duration(THUMBSTREAM_RENDER_TIMEOUT, Safeguards.DEFAULT_RENDER_TIMEOUT);
        if (renderTimeout.isZero()) {
            throw new ConfigException("THUMBSTREAM_RENDER_TIMEOUT: must be longer than 0, e.g. 30s");
        }
        String bind = text(THUMBSTREAM_HTTP_BIND, Safeguards.DEFAULT_HTTP_BIND);
        try {
            InetAddress.getByName(bind);
        } catch (UnknownHostException | SecurityException e) {
            throw new ConfigException("THUMBSTREAM_HTTP_BIND: '" + bind
                    + "' is not an address of this host: expected e.g. 0.0.0.0 (every interface) or 127.0.0.1");
        }
        return new Safeguards(buckets, renderTimeout, bind);
    }

    /** Unset: a temporary directory per instance. Set: must not be shared by two running instances. */
    private Path stateDir() {
        String value = text(THUMBSTREAM_STATE_DIR, "");
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException("THUMBSTREAM_STATE_DIR: '" + value + "' is not a path: " + e.getReason());
        }
    }

    /**
     * The name to read a renamed setting under: the new one when set, else the deprecated one (with a
     * WARN) when only that is set.
     */
    private EnvVariable renamed(EnvVariable name, EnvVariable deprecated) {
        if (env.get(name.name()) == null && env.get(deprecated.name()) != null) {
            LOG.warn("{} is deprecated and will be removed: set {} instead (same meaning)", deprecated, name);
            return deprecated;
        }
        return name;
    }

    private PipelineSettings pipelineSettings() {
        PipelineSettings d = PipelineSettings.defaults();
        PipelineSettings.GroupType groupType = groupType();
        PipelineSettings.Delivery delivery = delivery();
        if (groupType == PipelineSettings.GroupType.SHARE && delivery == PipelineSettings.Delivery.EXACTLY_ONCE) {
            throw new ConfigException(
                    "THUMBSTREAM_DELIVERY=exactly-once cannot be used with THUMBSTREAM_GROUP_TYPE=share:"
                            + " Kafka has no transactions for share groups (KIP-1289 is in no release); use at-least-once");
        }
        return new PipelineSettings(
                integer(renamed(THUMBSTREAM_RENDER_THREADS, THUMBSTREAM_WORKER_THREADS), d.renderThreads(), 1, 1024),
                integer(THUMBSTREAM_MAX_IN_FLIGHT_PER_PARTITION, d.maxInFlightPerPartition(), 1, 1024),
                integer(THUMBSTREAM_MAX_ATTEMPTS, d.maxAttempts(), 1, 100),
                duration(THUMBSTREAM_SHUTDOWN_GRACE, d.shutdownGrace()),
                delivery,
                integer(THUMBSTREAM_MAX_RECORDS_PER_EVENT, d.maxRecordsPerEvent(), 1, 100_000),
                duration(THUMBSTREAM_JOB_RETENTION, d.jobRetention()),
                topicCreation(),
                integer(THUMBSTREAM_MAX_DEATHS_PER_RECORD, d.maxDeathsPerRecord(), 1, 100),
                groupType,
                integer(THUMBSTREAM_SHARE_DELIVERY_LIMIT, d.shareDeliveryLimit(), 2, 10));
    }

    private PipelineSettings.GroupType groupType() {
        String value = text(THUMBSTREAM_GROUP_TYPE, "consumer").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "consumer" -> PipelineSettings.GroupType.CONSUMER;
            case "share" -> PipelineSettings.GroupType.SHARE;
            default ->
                throw new ConfigException(
                        "THUMBSTREAM_GROUP_TYPE: '" + value + "' is not a group type: expected consumer or share");
        };
    }

    private TopicCreation topicCreation() {
        return new TopicCreation(
                bool(THUMBSTREAM_CREATE_TOPICS, TopicCreation.DEFAULT.create()),
                integer(THUMBSTREAM_TOPIC_PARTITIONS, TopicCreation.BROKER_DEFAULT, -1, 100_000, 0),
                integer(THUMBSTREAM_TOPIC_REPLICATION, TopicCreation.BROKER_DEFAULT, -1, Short.MAX_VALUE, 0));
    }

    /** Like {@link #integer(String, int, int, int)}, but {@code excluded} is refused inside the range. */
    private int integer(EnvVariable name, int fallback, int min, int max, int excluded) {
        int value = integer(name, fallback, min, max);
        if (value == excluded) {
            throw new ConfigException(name + ": '" + value + "' is not allowed: expected -1 (the broker's default) "
                    + "or a whole number from 1 to " + max);
        }
        return value;
    }

    private PipelineSettings.Delivery delivery() {
        String value = text(THUMBSTREAM_DELIVERY, "at-least-once").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "at-least-once" -> PipelineSettings.Delivery.AT_LEAST_ONCE;
            case "exactly-once" -> PipelineSettings.Delivery.EXACTLY_ONCE;
            default ->
                throw new ConfigException("THUMBSTREAM_DELIVERY: '" + value
                        + "' is not a delivery mode: expected at-least-once or exactly-once");
        };
    }

    /** Accepts {@code 25s}, {@code 1500ms}, {@code 2m}, {@code 7d} or plain seconds ({@code 25}). */
    private Duration duration(EnvVariable name, Duration fallback) {
        String value = env.get(name.name());
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(
                    name + ": '" + value + "' is not a duration: expected e.g. 25s, 1500ms, 2m, 12h or 7d");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    Map<String, String> kafkaProperties() {
        Set<String> known = new HashSet<>(ConsumerConfig.configNames());
        known.addAll(ProducerConfig.configNames());
        known.addAll(AdminClientConfig.configNames());
        Map<String, String> props = new TreeMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().startsWith(KAFKA_PREFIX)) {
                continue;
            }
            String name = e.getKey()
                    .substring(KAFKA_PREFIX.length())
                    .toLowerCase(Locale.ROOT)
                    .replace('_', '.');
            if (known.contains(name)) {
                props.put(name, e.getValue());
            } else {
                LOG.warn("ignoring {}: '{}' is not a Kafka client setting", e.getKey(), name);
            }
        }
        return props;
    }

    private List<RenditionSpec> renditions() {
        String value = text(THUMBSTREAM_RENDITIONS, ThumbstreamConfig.DEFAULT_RENDITIONS);
        List<RenditionSpec> specs;
        try {
            specs = RenditionSpec.parseList(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("THUMBSTREAM_RENDITIONS: " + e.getMessage());
        }
        // A missing encoder library must stop the start, not fail every upload later.
        List<String> missing = Codecs.missingEncoders(specs, encodable);
        if (!missing.isEmpty()) {
            throw new ConfigException("THUMBSTREAM_RENDITIONS: " + String.join("; ", missing)
                    + ". Install the package, or remove the format from the rendition");
        }
        return specs;
    }

    /** Default all; {@code none} turns placeholders off. */
    private Set<PlaceholderKind> placeholders() {
        String value = text(THUMBSTREAM_PLACEHOLDERS, "all");
        try {
            return PlaceholderKind.parseList(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("THUMBSTREAM_PLACEHOLDERS: " + e.getMessage());
        }
    }

    private String outputPrefix() {
        String prefix = text(THUMBSTREAM_OUTPUT_PREFIX, ThumbstreamConfig.DEFAULT_OUTPUT_PREFIX);
        if (prefix.startsWith("/")) {
            throw new ConfigException("THUMBSTREAM_OUTPUT_PREFIX: '" + prefix
                    + "' must not start with '/': expected a key prefix such as thumbnails/");
        }
        return prefix.endsWith("/") ? prefix : prefix + "/";
    }

    private String endpoint(EnvVariable name) {
        String value = required(name, "the S3 endpoint URL, e.g. http://minio:9000");
        try {
            URI uri = URI.create(value);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + ": '" + value + "' is not a URL: expected http(s)://host[:port], "
                    + "e.g. http://minio:9000");
        }
        return value;
    }

    private String required(EnvVariable name, String what) {
        String value = env.get(name.name());
        if (value == null || value.isBlank()) {
            throw new ConfigException(name + " is not set: expected " + what);
        }
        return value.trim();
    }

    private String text(EnvVariable name, String fallback) {
        String value = env.get(name.name());
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private boolean bool(EnvVariable name, boolean fallback) {
        String value = text(name, Boolean.toString(fallback)).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new ConfigException(name + ": '" + value + "' is not a boolean: expected true or false");
        };
    }

    private int integer(EnvVariable name, int fallback, int min, int max) {
        String text = text(name, Integer.toString(fallback));
        try {
            long value = Long.parseLong(text.replace("_", ""));
            if (value >= min && value <= max) {
                return (int) value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new ConfigException(
                name + ": '" + text + "' is out of range: expected a whole number in " + min + ".." + max);
    }

    private long longValue(EnvVariable name, long fallback, long min) {
        String text = text(name, Long.toString(fallback)).replace("_", "");
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + ": '" + text + "' is not a whole number");
        }
        if (value < min) {
            throw new ConfigException(name + ": '" + value + "' is too small: expected at least " + min);
        }
        return value;
    }
}
