package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import thumbstream.config.Topics;

/**
 * {@link AcknowledgedSink} over Kafka's MockProducer (manual completion), which lets a test fail a
 * send with the error a broker would return.
 */
@Timeout(30)
class AcknowledgedSinkTest {

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AcknowledgedSink sink = new AcknowledgedSink(
            new ResultPublisher(producer, Topics.DEFAULT),
            new RetryPolicy(100, Duration.ofMillis(1), Duration.ofMillis(1)),
            new PipelineMetrics(registry));
    private final ConsumerRecord<byte[], byte[]> record =
            new ConsumerRecord<>("uploads", 0, 5, utf8("bad-key"), utf8("not json"));
    private final Outcome invalid = new Outcome(
            List.of(PipelineFixtures.RESULTS.invalid("uploads-0@5", "malformed JSON")),
            new Outcome.DeadLetter(
                    "invalid-event",
                    "malformed JSON",
                    1,
                    PipelineFixtures.CLOCK.instant(),
                    PipelineFixtures.CLOCK.instant()));

    @Test
    void aRecordTooLargeIsNotRetriedButPublishedOnceMoreCutToAMinimumAndCountsAsDelivered() throws Exception {
        // given: the broker refuses the first result as too large, then accepts everything
        AtomicInteger delivered = new AtomicInteger();
        Thread worker = new Thread(() -> {
            try {
                sink.deliver(record, invalid, () -> false, delivered::incrementAndGet);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        // when
        worker.start();
        awaitSends(1);
        producer.errorNext(new RecordTooLargeException("over max.message.bytes"));
        awaitSends(4); // the first round's dead letter, then the minimal result and dead letter
        while (producer.completeNext()) {
            Thread.onSpinWait();
        }
        worker.join();

        // then
        assertThat(delivered).hasValue(1);
        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent.get(sent.size() - 1).topic()).isEqualTo(Topics.DEFAULT.deadLetters());
        assertThat(registry.get("thumbstream.undeliverable").counter().count()).isZero();
    }

    @Test
    void aRecordRefusedForGoodTwiceIsCountedAndGivenUpInsteadOfItsPartition() throws Exception {
        AtomicInteger delivered = new AtomicInteger();
        Thread worker = new Thread(() -> {
            try {
                sink.deliver(record, invalid, () -> false, delivered::incrementAndGet);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        worker.start();
        awaitSends(1);
        producer.errorNext(new TopicAuthorizationException("no ACL for thumbnails"));
        awaitSends(4);
        producer.completeNext(); // the first round's dead letter, which nobody waits for any more
        producer.errorNext(new TopicAuthorizationException("no ACL for thumbnails")); // the minimal result
        while (producer.completeNext()) {
            Thread.onSpinWait();
        }
        worker.join();

        assertThat(delivered).hasValue(1);
        assertThat(registry.get("thumbstream.undeliverable").counter().count()).isEqualTo(1.0);
    }

    @Test
    void theMinimalOutcomeIsRetriedWhileItsErrorsAreTransient() throws Exception {
        AtomicInteger delivered = new AtomicInteger();
        Thread worker = new Thread(() -> {
            try {
                sink.deliver(record, invalid, () -> false, delivered::incrementAndGet);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        worker.start();
        awaitSends(1);
        producer.errorNext(new RecordTooLargeException("over max.message.bytes"));
        awaitSends(4);
        producer.completeNext(); // the first round's dead letter
        producer.errorNext(new NetworkException("broker down")); // the minimal result
        while (delivered.get() == 0) {
            producer.completeNext();
            Thread.onSpinWait();
        }
        worker.join();

        assertThat(producer.history()).hasSizeGreaterThanOrEqualTo(6); // the minimal outcome was sent again
        assertThat(registry.get("thumbstream.undeliverable").counter().count()).isZero();
    }

    @Test
    void aTransientErrorIsRetriedUntilTheBrokerAcknowledges() throws Exception {
        AtomicInteger delivered = new AtomicInteger();
        Thread worker = new Thread(() -> {
            try {
                sink.deliver(record, invalid, () -> false, delivered::incrementAndGet);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        worker.start();
        awaitSends(1);
        producer.errorNext(new NetworkException("broker down"));
        awaitSends(3); // the first round's dead letter, then the second round's result
        while (delivered.get() == 0) {
            producer.completeNext();
            Thread.onSpinWait();
        }
        worker.join();

        assertThat(delivered).hasValue(1);
        assertThat(SendErrors.isPermanent(new NetworkException("x"))).isFalse();
        assertThat(SendErrors.isPermanent(new RecordTooLargeException("x"))).isTrue();
    }

    private void awaitSends(int count) throws InterruptedException {
        while (producer.history().size() < count) {
            Thread.sleep(1);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
