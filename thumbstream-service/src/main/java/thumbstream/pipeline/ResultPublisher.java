package thumbstream.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import thumbstream.config.Topics;
import thumbstream.event.DeadLetterHeaders;
import thumbstream.event.EventJson;
import thumbstream.event.ThumbnailEvent;

/**
 * Publishes an {@link Outcome}: result events to the results topic (keyed {@code bucket/key}, or by
 * the input record's key when the event named no object) and, when there is one, the original
 * record to the dead-letter topic with headers saying why. Every record is first made to fit the
 * topic's and the producer's size limits ({@link RecordFit}, {@link RecordLimits}).
 * Thread-safe (the Kafka producer is); called from worker threads.
 */
final class ResultPublisher {

    /** The message header is for people; a producer-controlled text must not fill the record. */
    private static final int MAX_MESSAGE_HEADER_BYTES = 1024;

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final RecordLimits limits;

    ResultPublisher(Producer<String, byte[]> producer, Topics topics) {
        this(producer, topics, RecordLimits.KAFKA_DEFAULTS);
    }

    ResultPublisher(Producer<String, byte[]> producer, Topics topics, RecordLimits limits) {
        this.producer = producer;
        this.topics = topics;
        this.limits = limits;
    }

    /**
     * An outcome's records for their topics at full size, each result serialized once: what an
     * outcome waiting for a transaction holds, what its retries send again, and what it is counted
     * by ({@link #bytes}).
     *
     * @param bytes about the bytes the records take: each result's JSON and the source record's key,
     *              and for a dead letter the source record's key and value plus {@value
     *              #DEAD_LETTER_HEADER_BYTES} for its headers
     */
    record Prepared(List<ProducerRecord<String, byte[]>> records, long bytes) {}

    /** Serializes {@code outcome}'s records, made to fit their topics. Any thread. */
    Prepared prepare(ConsumerRecord<byte[], byte[]> source, Outcome outcome) {
        int resultLimit = limits.forTopic(topics.results());
        int sourceKeyBytes = source.key() == null ? 0 : source.key().length;
        List<ProducerRecord<String, byte[]>> records =
                new ArrayList<>(outcome.results().size() + 1);
        long bytes = 0;
        for (ThumbnailEvent result : outcome.results()) {
            byte[] json = EventJson.toBytes(result);
            bytes += json.length + sourceKeyBytes;
            records.add(RecordFit.result(topics.results(), resultKey(source, result), json, resultLimit));
        }
        if (outcome.deadLetter() != null) {
            bytes += sourceKeyBytes + (source.value() == null ? 0 : source.value().length) + DEAD_LETTER_HEADER_BYTES;
            records.add(deadLetter(source, outcome.deadLetter(), limits.forTopic(topics.deadLetters())));
        }
        return new Prepared(List.copyOf(records), bytes);
    }

    /** Sends everything and returns once the broker acknowledged all of it; throws when it did not. */
    void publish(ConsumerRecord<byte[], byte[]> source, Outcome outcome)
            throws InterruptedException, ExecutionException {
        publish(prepare(source, outcome));
    }

    /** As {@link #publish(ConsumerRecord, Outcome)}, for records prepared before (a retry sends them again). */
    void publish(Prepared prepared) throws InterruptedException, ExecutionException {
        await(send(prepared));
    }

    /**
     * The last resort after a send error that retrying cannot fix (the topic's limit may be lower
     * than announced): every record cut to {@link RecordLimits#MINIMAL} bytes, so at most the dead
     * letter's value is lost, never the fact that the record failed.
     */
    void publishMinimal(ConsumerRecord<byte[], byte[]> source, Outcome outcome)
            throws InterruptedException, ExecutionException {
        await(sendMinimal(source, outcome));
    }

    /** As {@link #publishMinimal}, without waiting (inside a transaction, the commit is what waits). */
    List<Future<RecordMetadata>> sendMinimal(ConsumerRecord<byte[], byte[]> source, Outcome outcome) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (ThumbnailEvent result : outcome.results()) {
            acks.add(producer.send(RecordFit.result(
                    topics.results(), resultKey(source, result), EventJson.toBytes(result), RecordLimits.MINIMAL)));
        }
        if (outcome.deadLetter() != null) {
            acks.add(producer.send(deadLetter(source, outcome.deadLetter(), RecordLimits.MINIMAL)));
        }
        return acks;
    }

    private static final int DEAD_LETTER_HEADER_BYTES = MAX_MESSAGE_HEADER_BYTES + 512;

    /** Sends prepared records without waiting (inside a transaction, the commit is what waits). */
    List<Future<RecordMetadata>> send(Prepared prepared) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(prepared.records().size());
        for (ProducerRecord<String, byte[]> record : prepared.records()) {
            acks.add(producer.send(record));
        }
        return acks;
    }

    private static String resultKey(ConsumerRecord<byte[], byte[]> source, ThumbnailEvent result) {
        return result.bucket() == null ? utf8(source.key()) : result.bucket() + "/" + result.key();
    }

    private static void await(List<Future<RecordMetadata>> acks) throws InterruptedException, ExecutionException {
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
    }

    private ProducerRecord<String, byte[]> deadLetter(
            ConsumerRecord<byte[], byte[]> source, Outcome.DeadLetter dl, int limit) {
        Map<String, byte[]> ours = new LinkedHashMap<>();
        ours.put(DeadLetterHeaders.REASON, utf8(dl.reason()));
        ours.put(
                DeadLetterHeaders.MESSAGE,
                utf8(RecordFit.truncateUtf8(String.valueOf(dl.message()), MAX_MESSAGE_HEADER_BYTES)));
        ours.put(DeadLetterHeaders.ATTEMPTS, utf8(Integer.toString(dl.attempts())));
        ours.put(DeadLetterHeaders.SOURCE_TOPIC, utf8(source.topic()));
        ours.put(DeadLetterHeaders.SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
        ours.put(DeadLetterHeaders.SOURCE_OFFSET, utf8(Long.toString(source.offset())));
        ours.put(DeadLetterHeaders.FIRST_ERROR_TIME, utf8(dl.firstError().toString()));
        ours.put(DeadLetterHeaders.LAST_ERROR_TIME, utf8(dl.lastError().toString()));
        return RecordFit.deadLetter(
                topics.deadLetters(),
                utf8(source.key()),
                source.value(),
                source.headers().toArray(),
                ours,
                limit);
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
