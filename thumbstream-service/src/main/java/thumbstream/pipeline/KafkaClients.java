package thumbstream.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thumbstream.config.KafkaClientSettings;
import thumbstream.config.KafkaClientSettings.Client;
import thumbstream.config.ThumbstreamConfig;

/**
 * Builds the service's consumer, producer and admin clients. Our defaults come first; the user's
 * {@code KAFKA_*} settings ({@link KafkaClientSettings}) override them, except the settings the
 * delivery guarantees depend on.
 */
final class KafkaClients {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClients.class);

    /**
     * Consumer settings a share consumer refuses: they belong to the consumer-group protocols (the
     * k8s manifests set group.instance.id, for instance). Dropped with a WARN in share mode.
     */
    private static final List<String> NOT_FOR_SHARE_GROUPS = List.of(
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG,
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
            ConsumerConfig.GROUP_PROTOCOL_CONFIG,
            ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG);

    /** How often the consumer refreshes metadata, and so finds a backfill topic created later. */
    static final int METADATA_MAX_AGE_MS = 30_000;

    private KafkaClients() {}

    /**
     * The share-group consumer (KIP-932): explicit acknowledgement, and it acquires no more records
     * than {@code maxPollRecords} ({@code share.acquire.mode=record_limit}), so what this instance
     * holds it can start at once and the rest stays available to the other members.
     */
    static KafkaShareConsumer<byte[], byte[]> shareConsumer(
            ThumbstreamConfig config, String groupId, int maxPollRecords) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "thumbstream-share-consumer");
        Map<String, Object> user = new HashMap<>(KafkaClientSettings.forClient(Client.CONSUMER, config.kafka()));
        for (String setting : NOT_FOR_SHARE_GROUPS) {
            if (user.remove(setting) != null) {
                LOG.warn("{} does not apply to a share group (THUMBSTREAM_GROUP_TYPE=share); ignored", setting);
            }
        }
        p.putAll(user);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        p.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaShareConsumer<>(p);
    }

    /** An admin client with the user's connection and security settings. */
    static Admin admin(ThumbstreamConfig config) {
        return Admin.create(KafkaClientSettings.forClient(Client.ADMIN, config.kafka()));
    }

    static KafkaConsumer<byte[], byte[]> consumer(ThumbstreamConfig config, boolean exactlyOnce) {
        return new KafkaConsumer<>(consumerSettings(config, exactlyOnce));
    }

    /** The consumer's settings: ours, then the user's {@code KAFKA_*}, then the fixed ones. */
    static Map<String, Object> consumerSettings(ThumbstreamConfig config, boolean exactlyOnce) {
        Map<String, Object> p = new HashMap<>();
        // Work that was announced before the first deployment must be processed too.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The backfill topic is subscribed even while it does not exist; the consumer sees it once
        // a metadata refresh does. Kafka's default (5 min) would leave a new lane idle that long.
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, METADATA_MAX_AGE_MS);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "thumbstream-consumer");
        Map<String, Object> user = KafkaClientSettings.forClient(Client.CONSUMER, config.kafka());
        if (!isConsumerProtocol(user)) {
            // Classic protocol: revoke only what moves, so a scale-out does not stop every worker.
            // (KIP-848's consumer protocol assigns on the broker, incrementally, and refuses this setting.)
            p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        }
        p.putAll(user);
        // Not overridable: offsets are committed by the poll loop only for finished work.
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Not overridable: subscribing must not create a missing topic where the broker allows
        // auto-creation; creating topics is THUMBSTREAM_CREATE_TOPICS' job, with its partitions.
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        if (exactlyOnce) {
            // Aborted results must not count as input either (uploads may come from transactions too).
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        return p;
    }

    /** True when the user chose KIP-848's consumer rebalance protocol ({@code KAFKA_GROUP_PROTOCOL=consumer}). */
    static boolean isConsumerProtocol(Map<String, Object> settings) {
        Object protocol = settings.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        return protocol != null && protocol.toString().trim().equalsIgnoreCase("consumer");
    }

    /**
     * @param transactionalId null for the at-least-once producer; otherwise the producer is
     *                        transactional (exactly-once mode)
     */
    static KafkaProducer<String, byte[]> producer(ThumbstreamConfig config, String transactionalId) {
        Map<String, Object> p = new HashMap<>();
        // Results are small JSON documents; a short linger batches the ones that finish together.
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "thumbstream-producer");
        if (transactionalId != null) {
            // A transaction left open by a killed instance blocks read_committed consumers until it
            // times out: keep that short. Overridable with KAFKA_TRANSACTION_TIMEOUT_MS.
            p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
        }
        p.putAll(KafkaClientSettings.forClient(Client.PRODUCER, config.kafka()));
        // Not overridable: an offset is committed only after its result is on every in-sync replica,
        // and retries must not reorder or duplicate within a session.
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(p);
    }
}
