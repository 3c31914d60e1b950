package thumbstream.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import thumbstream.event.EventJson;
import thumbstream.event.ThumbnailEvent;

/**
 * Reads result events from a position taken at construction time (the end of the topic then), so
 * a caller sees only results of what it publishes afterwards. Uses no consumer group. Single-threaded.
 */
public final class ResultsReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;

    public ResultsReader(String bootstrapServers, String topic, String isolationLevel) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolationLevel,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName()));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before anything is published
    }

    public ResultsReader(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, "read_uncommitted");
    }

    /**
     * Reads until {@code done} accepts the results so far or {@code timeout} passes.
     *
     * @return every result read, in arrival order
     */
    public List<ThumbnailEvent> readUntil(
            Predicate<List<ThumbnailEvent>> done, Duration timeout, Consumer<ThumbnailEvent> onEach) {
        List<ThumbnailEvent> results = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(results) && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                ThumbnailEvent event = EventJson.thumbnailEvent(r.value());
                results.add(event);
                onEach.accept(event);
            }
        }
        return results;
    }

    /** Reads until {@code count} results arrived or {@code timeout} passes. */
    public List<ThumbnailEvent> read(int count, Duration timeout) {
        return readUntil(r -> r.size() >= count, timeout, e -> {});
    }

    @Override
    public void close() {
        consumer.close();
    }
}
