package thumbstream.backfill;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import thumbstream.config.KafkaClientSettings;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.config.Topics;
import thumbstream.event.EventJson;
import thumbstream.event.JobAnnouncement;
import thumbstream.event.UploadEvent;

/**
 * Sends a job's upload events (asynchronously, keyed {@code bucket/key}) and its announcements
 * (synchronously, keyed by job id), and keeps the count of acknowledged events. The first failed
 * send fails every later call. Thread-safe, like the producer.
 */
final class BackfillPublisher implements AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    BackfillPublisher(Producer<String, byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topics = topics;
    }

    /** A producer with the user's {@code KAFKA_*} settings for a one-off bulk publish. */
    static Producer<String, byte[]> producer(ThumbstreamConfig config) {
        Map<String, Object> p = new HashMap<>();
        // Bulk: fuller, compressed batches. The buffer (32 MiB by default) bounds memory; send()
        // blocks while it is full, which paces the listing to what the broker takes.
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "thumbstream-backfill");
        // Never the service's transactional id: KafkaClientSettings keeps it out of every producer.
        p.putAll(KafkaClientSettings.forClient(KafkaClientSettings.Client.PRODUCER, config.kafka()));
        // Not overridable: the total announced must count only events on every in-sync replica.
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** Queues one upload event; returns at once unless the producer's buffer is full. */
    void publish(UploadEvent upload) throws BackfillException {
        throwIfFailed();
        producer.send(
                new ProducerRecord<>(topics.backfill(), upload.objectRef(), EventJson.toBytes(upload)),
                (metadata, e) -> {
                    if (e == null) {
                        acknowledged.incrementAndGet();
                    } else {
                        failure.compareAndSet(null, e);
                    }
                });
    }

    /** Sends an announcement and waits for its acknowledgement. */
    void announce(JobAnnouncement announcement) throws BackfillException, InterruptedException {
        throwIfFailed();
        try {
            producer.send(new ProducerRecord<>(topics.jobs(), announcement.jobId(), announcement.toBytes()))
                    .get(2, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new BackfillException(
                    "could not announce job " + announcement.jobId() + " on topic " + topics.jobs() + ": "
                            + cause.getMessage(),
                    cause);
        }
    }

    /** Waits until every queued event is acknowledged (or failed). */
    void flush() throws BackfillException {
        producer.flush();
        throwIfFailed();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    @Override
    public void close() {
        producer.close();
    }

    private void throwIfFailed() throws BackfillException {
        Exception e = failure.get();
        if (e != null) {
            throw new BackfillException("publishing to topic " + topics.backfill() + " failed: " + e.getMessage(), e);
        }
    }
}
