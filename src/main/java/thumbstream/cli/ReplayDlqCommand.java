package thumbstream.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import thumbstream.config.ConfigException;
import thumbstream.config.EnvConfigLoader;
import thumbstream.config.ThumbstreamConfig;

/**
 * {@code thumbstream replay-dlq}: copies dead letters back to the topic they came from (their
 * {@code thumbstream.source.topic} header), so they are processed again once the cause is fixed.
 * Reads the DLQ from the beginning up to its end at start; the DLQ itself is left as it is.
 */
@Command(
        name = "replay-dlq",
        mixinStandardHelpOptions = true,
        description = "Republish dead letters to their source topic. Configured like `run` (KAFKA_*, THUMBSTREAM_*).")
public final class ReplayDlqCommand implements Callable<Integer> {

    @Option(names = "--reason", description = "Only dead letters with this reason, e.g. storage")
    String reason;

    @Option(names = "--dry-run", description = "Print what would be replayed, publish nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        ThumbstreamConfig config;
        try {
            config = new EnvConfigLoader(System.getenv()).load();
        } catch (ConfigException e) {
            System.err.println("thumbstream: configuration error: " + e.getMessage());
            return RunCommand.EXIT_CONFIG;
        }
        Map<String, Object> common = new HashMap<>(config.kafka());
        Map<String, Object> c = new HashMap<>(common);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, Object> p = new HashMap<>(common);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        int replayed = 0;
        int skipped = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            String dlq = config.topics().deadLetters();
            List<TopicPartition> partitions = consumer.partitionsFor(dlq).stream()
                    .map(i -> new TopicPartition(dlq, i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue; // arrived after we started: left for the next replay
                    }
                    String why = header(r, "thumbstream.reason");
                    String target = header(r, "thumbstream.source.topic");
                    if ((reason != null && !reason.equals(why)) || target == null) {
                        skipped++;
                        continue;
                    }
                    System.out.printf(
                            "%s %s-%d@%d -> %s (%s)%n",
                            dryRun ? "would replay" : "replay", r.topic(), r.partition(), r.offset(), target, why);
                    if (!dryRun) {
                        producer.send(new ProducerRecord<>(target, r.key(), r.value()))
                                .get();
                    }
                    replayed++;
                }
            }
        }
        System.out.printf("%s %d dead letters, skipped %d%n", dryRun ? "would replay" : "replayed", replayed, skipped);
        return 0;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
