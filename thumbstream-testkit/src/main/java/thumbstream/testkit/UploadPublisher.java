package thumbstream.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import thumbstream.event.EventJson;
import thumbstream.event.UploadEvent;

/** Publishes upload events (native JSON, keyed {@code bucket/key}) or raw bytes, waiting for acks. */
public final class UploadPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public UploadPublisher(String bootstrapServers, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class.getName()));
    }

    public void publish(List<UploadEvent> uploads) throws InterruptedException, ExecutionException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(uploads.size());
        for (UploadEvent u : uploads) {
            acks.add(producer.send(new ProducerRecord<>(topic, u.objectRef(), EventJson.toBytes(u))));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
    }

    /** Publishes each value under the key of the same index (e.g. S3-notification JSON), waiting for acks. */
    public void publishRaw(List<String> keys, List<byte[]> values) throws InterruptedException, ExecutionException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            acks.add(producer.send(new ProducerRecord<>(topic, keys.get(i), values.get(i))));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
