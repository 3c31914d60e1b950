package thumbstream.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import thumbstream.config.KafkaClientSettings;
import thumbstream.config.KafkaClientSettings.Client;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.event.DeadLetterHeaders;

/**
 * {@code thumbstream replay-dlq}: copies dead letters back to the topic they came from (their
 * {@code thumbstream.source.topic} header), so they are processed again once the cause is fixed.
 * Reads the DLQ from the beginning up to its end at start; the DLQ itself is left as it is. Only
 * topics the configuration names as inputs are written to ({@link ReplayTargets}): a dead letter's
 * headers come from whoever produced the original record, so they are not trusted to pick a topic.
 * Dead letters that were truncated to fit the DLQ are not replayed (their value is incomplete), nor
 * are those of aborted transactions (read_committed).
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
        return replay(config, System.out);
    }

    /**
     * Replays the dead letters of {@code config}'s DLQ as the options say, printing what it does to
     * {@code out}.
     *
     * @return the exit code: 0
     */
    public int replay(ThumbstreamConfig config, PrintStream out) throws Exception {
        ReplayTargets targets = ReplayTargets.of(config.topics());
        int replayed = 0;
        int skipped = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings(config));
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings(config))) {
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
                    String why = header(r, DeadLetterHeaders.REASON);
                    if (reason != null && !reason.equals(why)) {
                        skipped++;
                        continue;
                    }
                    String refusal = targets.refusal(
                            header(r, DeadLetterHeaders.SOURCE_TOPIC), header(r, DeadLetterHeaders.TRUNCATED));
                    if (refusal != null) {
                        out.printf("skip %s-%d@%d: %s%n", r.topic(), r.partition(), r.offset(), refusal);
                        skipped++;
                        continue;
                    }
                    String target = header(r, DeadLetterHeaders.SOURCE_TOPIC);
                    out.printf(
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
        out.printf("%s %d dead letters, skipped %d%n", dryRun ? "would replay" : "replayed", replayed, skipped);
        return 0;
    }

    /**
     * Reads the DLQ by assignment, from the beginning, committed records only (its end is then the
     * last stable offset: a transaction still open is left for the next replay); commits nothing
     * to any group.
     */
    static Map<String, Object> consumerSettings(ThumbstreamConfig config) {
        Map<String, Object> c = KafkaClientSettings.forClient(Client.CONSUMER, config.kafka());
        c.remove(ConsumerConfig.GROUP_ID_CONFIG); // the service's group must not get offsets for the DLQ
        c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Not overridable: in exactly-once mode a dead letter is written in the transaction of its
        // result; when that aborts, the upload is processed again and the dead letter never counted.
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return c;
    }

    /** A plain producer: never transactional (KafkaClientSettings keeps KAFKA_TRANSACTIONAL_ID out). */
    static Map<String, Object> producerSettings(ThumbstreamConfig config) {
        Map<String, Object> p = KafkaClientSettings.forClient(Client.PRODUCER, config.kafka());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
