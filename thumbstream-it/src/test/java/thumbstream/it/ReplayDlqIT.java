package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import thumbstream.cli.ReplayDlqCommand;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.event.DeadLetterHeaders;
import thumbstream.event.EventJson;
import thumbstream.event.UploadEvent;

/** {@code replay-dlq} on the real broker: what it republishes, and what it must not. */
class ReplayDlqIT {

    @Test
    void aDeadLetterOfAnAbortedTransactionIsNotReplayed() throws Exception {
        // given: in exactly-once mode a dead letter is written in the transaction of its result; one
        // transaction aborted (its upload is processed again), the next one committed
        Scenario s = new Scenario("replay-aborted", 1);
        ThumbstreamConfig config = s.config;
        try (KafkaProducer<String, byte[]> tx = transactionalProducer(config, "replay-it-" + s.prefix.hashCode())) {
            tx.initTransactions();
            tx.beginTransaction();
            tx.send(deadLetter(config, "aborted.jpg")).get();
            tx.abortTransaction();
            tx.beginTransaction();
            tx.send(deadLetter(config, "committed.jpg")).get();
            tx.commitTransaction();
        }

        // when
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = new ReplayDlqCommand().replay(config, new PrintStream(printed, true, StandardCharsets.UTF_8));

        // then: only the committed dead letter is back on the uploads topic
        assertThat(exit).isZero();
        List<ConsumerRecord<byte[], byte[]>> replayed =
                DeadLetters.readAll(config.bootstrapServers(), config.topics().uploads(), Duration.ofSeconds(30));
        assertThat(replayed)
                .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly("media/committed.jpg");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("replayed 1 dead letters");
    }

    private static ProducerRecord<String, byte[]> deadLetter(ThumbstreamConfig config, String key) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(
                config.topics().deadLetters(), "media/" + key, EventJson.toBytes(UploadEvent.created("media", key)));
        r.headers().add(DeadLetterHeaders.REASON, "storage".getBytes(StandardCharsets.UTF_8));
        r.headers()
                .add(DeadLetterHeaders.SOURCE_TOPIC, config.topics().uploads().getBytes(StandardCharsets.UTF_8));
        return r;
    }

    private static KafkaProducer<String, byte[]> transactionalProducer(ThumbstreamConfig config, String id) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, id,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }
}
