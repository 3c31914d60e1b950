package thumbstream.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import thumbstream.config.Topics;
import thumbstream.event.EventJson;
import thumbstream.event.ThumbnailEvent;

/**
 * Publishes an {@link Outcome}: result events to the results topic (keyed {@code bucket/key}) and,
 * when there is one, the original record to the dead-letter topic with headers saying why.
 * Thread-safe (the Kafka producer is); called from worker threads.
 */
final class ResultPublisher {

    static final String H_REASON = "thumbstream.reason";
    static final String H_MESSAGE = "thumbstream.message";
    static final String H_ATTEMPTS = "thumbstream.attempts";
    static final String H_TOPIC = "thumbstream.source.topic";
    static final String H_PARTITION = "thumbstream.source.partition";
    static final String H_OFFSET = "thumbstream.source.offset";
    static final String H_FIRST_ERROR = "thumbstream.first.error.time";
    static final String H_LAST_ERROR = "thumbstream.last.error.time";

    private final Producer<String, byte[]> producer;
    private final Topics topics;

    ResultPublisher(Producer<String, byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topics = topics;
    }

    /** Sends everything and returns once the broker acknowledged all of it; throws when it did not. */
    void publish(ConsumerRecord<byte[], byte[]> source, Outcome outcome)
            throws InterruptedException, ExecutionException {
        for (Future<RecordMetadata> ack : send(source, outcome)) {
            ack.get();
        }
    }

    /** Sends everything without waiting (inside a transaction, the commit is what waits). */
    List<Future<RecordMetadata>> send(ConsumerRecord<byte[], byte[]> source, Outcome outcome) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (ThumbnailEvent result : outcome.results()) {
            String key = result.bucket() == null ? null : result.bucket() + "/" + result.key();
            acks.add(producer.send(new ProducerRecord<>(topics.results(), key, EventJson.toBytes(result))));
        }
        if (outcome.deadLetter() != null) {
            acks.add(producer.send(deadLetter(source, outcome.deadLetter())));
        }
        return acks;
    }

    private ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<byte[], byte[]> source, Outcome.DeadLetter dl) {
        RecordHeaders headers = new RecordHeaders(source.headers().toArray());
        headers.add(H_REASON, utf8(dl.reason()));
        headers.add(H_MESSAGE, utf8(dl.message()));
        headers.add(H_ATTEMPTS, utf8(Integer.toString(dl.attempts())));
        headers.add(H_TOPIC, utf8(source.topic()));
        headers.add(H_PARTITION, utf8(Integer.toString(source.partition())));
        headers.add(H_OFFSET, utf8(Long.toString(source.offset())));
        headers.add(H_FIRST_ERROR, utf8(dl.firstError().toString()));
        headers.add(H_LAST_ERROR, utf8(dl.lastError().toString()));
        String key = source.key() == null ? null : new String(source.key(), StandardCharsets.UTF_8);
        return new ProducerRecord<>(topics.deadLetters(), null, key, source.value(), headers);
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
