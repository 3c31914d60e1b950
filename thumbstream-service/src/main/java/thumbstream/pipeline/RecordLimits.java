package thumbstream.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thumbstream.config.ThumbstreamConfig;

/**
 * The largest record the service may send to each output topic: the smaller of the producer's
 * {@code max.request.size} and the topic's {@code max.message.bytes}, less a margin. The broker
 * checks the compressed batch and the producer compresses (lz4): data that does not compress, like
 * a hostile record's random bytes, can grow by a fraction of a percent, hence 2% plus 1 KiB.
 *
 * @param producerMaxRequestBytes the producer's {@code max.request.size}
 * @param topicMaxMessageBytes    each topic's {@code max.message.bytes}, where it could be read
 */
record RecordLimits(int producerMaxRequestBytes, Map<String, Integer> topicMaxMessageBytes) {

    /** Kafka's defaults: {@code max.request.size} 1 MiB, {@code message.max.bytes} 1 MiB + 12. */
    private static final Logger LOG = LoggerFactory.getLogger(RecordLimits.class);

    static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

    static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024 + 12;
    /** Small enough for any broker configuration one would meet. */
    static final int MINIMAL = 16 * 1024;

    static final RecordLimits KAFKA_DEFAULTS = new RecordLimits(DEFAULT_MAX_REQUEST_BYTES, Map.of());

    RecordLimits {
        topicMaxMessageBytes = Map.copyOf(topicMaxMessageBytes);
    }

    /**
     * Reads the output topics' {@code max.message.bytes}; a topic that cannot be described keeps
     * the broker default (its records are then cut to that, which is never too generous by much).
     */
    static RecordLimits read(Admin admin, ThumbstreamConfig config) {
        int producerMax = DEFAULT_MAX_REQUEST_BYTES;
        String configured = config.kafka().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (configured != null) {
            try {
                producerMax = Integer.parseInt(configured.trim());
            } catch (NumberFormatException e) {
                // the producer itself rejects it at start-up, with a better message
            }
        }
        Map<String, Integer> topicMax = new HashMap<>();
        List<ConfigResource> resources = List.of(
                new ConfigResource(ConfigResource.Type.TOPIC, config.topics().results()),
                new ConfigResource(ConfigResource.Type.TOPIC, config.topics().deadLetters()));
        try {
            admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS).forEach((resource, topicConfig) -> {
                ConfigEntry entry = topicConfig.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                if (entry != null && entry.value() != null) {
                    topicMax.put(resource.name(), Integer.parseInt(entry.value()));
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn(
                    "could not read max.message.bytes of the output topics ({}); assuming Kafka's default",
                    e.toString());
        }
        RecordLimits limits = new RecordLimits(producerMax, topicMax);
        LOG.info(
                "largest records: {} bytes to {}, {} bytes to {}",
                limits.forTopic(config.topics().results()),
                config.topics().results(),
                limits.forTopic(config.topics().deadLetters()),
                config.topics().deadLetters());
        return limits;
    }

    /** Bytes a record for {@code topic} may have, framing included (see {@link RecordFit#estimate}). */
    int forTopic(String topic) {
        int max =
                Math.min(producerMaxRequestBytes, topicMaxMessageBytes.getOrDefault(topic, DEFAULT_MAX_MESSAGE_BYTES));
        return Math.max(MINIMAL, max - max / 50 - 1024);
    }
}
