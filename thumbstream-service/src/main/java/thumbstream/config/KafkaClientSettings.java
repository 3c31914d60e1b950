package thumbstream.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The one place that decides which of the user's {@code KAFKA_*} settings reach which Kafka client.
 * Every client (the pipeline's consumer and producer, backfill's producer, replay's consumer and
 * producer, the admin clients, Kafka Streams) starts from {@link #forClient}, puts its own defaults
 * under it and its non-negotiable settings over it.
 *
 * <p>Two rules hold for every client: a client gets only settings it knows (so it does not warn
 * about the others'), and settings that belong to one particular client are never passed through
 * at all: serialisers are chosen by code, and a {@code transactional.id} is the exactly-once
 * producer's alone (in any other producer it would turn on transactions nobody begins).
 */
public final class KafkaClientSettings {

    /** The kinds of client the service creates. */
    public enum Client {
        CONSUMER,
        PRODUCER,
        ADMIN,
        /** Kafka Streams: connection and security settings only, never the pipeline's group settings. */
        STREAMS
    }

    /** Never taken from {@code KAFKA_*}, for any client. */
    private static final Set<String> NEVER = Set.of(
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);

    /**
     * Settings of the pipeline's own consumer group and producer (its group, offsets, assignment,
     * delivery): Kafka Streams decides these for itself.
     */
    private static final Set<String> PIPELINE_ONLY = Set.of(
            "group.id",
            "group.instance.id",
            "group.protocol",
            "client.id",
            "enable.auto.commit",
            "isolation.level",
            "auto.offset.reset",
            "partition.assignment.strategy",
            "enable.idempotence",
            "acks");

    private KafkaClientSettings() {}

    /** The user's settings that {@code client} may take; a new mutable map. */
    public static Map<String, Object> forClient(Client client, Map<String, String> userSettings) {
        Set<String> known = known(client);
        Map<String, Object> out = new HashMap<>();
        userSettings.forEach((name, value) -> {
            if (known.contains(name) && !NEVER.contains(name)) {
                out.put(name, value);
            }
        });
        if (client == Client.STREAMS) {
            out.keySet().removeAll(PIPELINE_ONLY);
        }
        return out;
    }

    private static Set<String> known(Client client) {
        return switch (client) {
            case CONSUMER -> ConsumerConfig.configNames();
            case PRODUCER -> ProducerConfig.configNames();
            case ADMIN -> AdminClientConfig.configNames();
            case STREAMS -> {
                Set<String> all = new HashSet<>(ConsumerConfig.configNames());
                all.addAll(ProducerConfig.configNames());
                all.addAll(AdminClientConfig.configNames());
                yield all;
            }
        };
    }
}
