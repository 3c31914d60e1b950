package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockShareConsumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import thumbstream.security.LogCapture;
import thumbstream.storage.StorageException;

/**
 * {@link ShareLoop}'s verdicts on Kafka's MockShareConsumer: what is accepted, rejected and
 * released, and when. Real handler over an in-memory store; records are removals (no image work).
 */
@Timeout(30)
class ShareLoopTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final AckRecordingConsumer consumer = new AckRecordingConsumer();
    private final PipelineMetrics metrics = PipelineFixtures.metrics();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecordingSink sink = new RecordingSink();
    private ShareLoop loop;
    private Thread thread;

    @AfterEach
    void stop() throws InterruptedException {
        sink.open.countDown();
        if (loop != null) {
            loop.shutdown();
            thread.join(10_000);
        }
    }

    @Test
    void acceptsARecordOnceItsResultIsDelivered() {
        start(PipelineFixtures.handler(metrics));
        consumer.addRecord(record(0, 1, PipelineFixtures.removedEvent("a.jpg")));

        await().atMost(WAIT).until(() -> consumer.acks.containsKey(0L));

        assertThat(consumer.acks).containsEntry(0L, AcknowledgeType.ACCEPT);
        assertThat(sink.outcomes.get(0L).deadLetter()).isNull();
    }

    @Test
    void rejectsARecordOnlyAfterItsFailureAndDeadLetterAreDelivered() {
        start(PipelineFixtures.handler(metrics));
        consumer.addRecord(record(0, 1, "not json".getBytes(StandardCharsets.UTF_8)));

        await().atMost(WAIT).until(() -> consumer.acks.containsKey(0L));

        assertThat(consumer.acks).containsEntry(0L, AcknowledgeType.REJECT);
        assertThat(sink.outcomes.get(0L).deadLetter().reason()).isEqualTo("invalid-event");
    }

    @Test
    void aWorkersLogLinesEndInTheRecordsDeliveryCount() {
        try (LogCapture log = LogCapture.of(RecordHandler.class)) {
            start(PipelineFixtures.handler(metrics));
            consumer.addRecord(record(0, 2, "not json".getBytes(StandardCharsets.UTF_8)));

            await().atMost(WAIT).until(() -> consumer.acks.containsKey(0L));

            assertThat(log.formatted())
                    .filteredOn(line -> line.contains("failed record=uploads-0@0 reason=invalid-event"))
                    .singleElement()
                    .satisfies(line -> assertThat(line).endsWith(" delivery=2\n"));
        }
        try (LogCapture log = LogCapture.of(RecordHandler.class)) {
            LoggerFactory.getLogger(RecordHandler.class).warn("outside a share worker");
            assertThat(log.formatted())
                    .singleElement()
                    .satisfies(line -> assertThat(line).endsWith("outside a share worker\n"));
        }
    }

    @Test
    void suspectsAreWorkedOnLowestDeliveryCountFirstAndTiesAlternateSidesAsTheHighestCountGrows() {
        byte[] v = new byte[0];
        // a killer at offset 1 held with a good record on each side at every death
        List<Long> atFour = offsets(ShareLoop.soloOrder(List.of(record(2, 4, v), record(1, 4, v), record(0, 4, v))));
        List<Long> atFive = offsets(ShareLoop.soloOrder(List.of(record(0, 5, v), record(1, 5, v), record(2, 5, v))));
        // records that escaped a death come before the one that was there every time
        List<Long> mixed = offsets(ShareLoop.soloOrder(List.of(record(0, 3, v), record(1, 2, v), record(2, 3, v))));

        assertThat(atFour).containsExactly(0L, 1L, 2L);
        assertThat(atFive).containsExactly(2L, 1L, 0L);
        assertThat(mixed).containsExactly(1L, 2L, 0L);
    }

    private static List<Long> offsets(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(ConsumerRecord::offset).toList();
    }

    @Test
    void recordsDeliveredBeforeThatCannotStartWithinHalfTheLockAreReleasedUnstarted() {
        sink.delayMillis = 400; // each solo record takes 400 ms; half the lock is 500 ms
        start(PipelineFixtures.handler(metrics), Duration.ofSeconds(1));
        synchronized (consumer) { // one poll returns all three (MockShareConsumer's poll holds this lock)
            for (long offset = 0; offset < 3; offset++) {
                consumer.addRecord(record(offset, 2, PipelineFixtures.removedEvent("s" + offset + ".jpg")));
            }
        }

        await().atMost(WAIT).until(() -> consumer.acks.size() == 3);

        // the first starts at once; the third cannot start before 800 ms; the second (at about
        // 400 ms) goes either way on a busy machine
        assertThat(consumer.acks).containsEntry(0L, AcknowledgeType.ACCEPT).containsEntry(2L, AcknowledgeType.RELEASE);
        consumer.acks.forEach((offset, type) -> assertThat(sink.outcomes.containsKey(offset))
                .as("offset %d (%s) worked on", offset, type)
                .isEqualTo(type == AcknowledgeType.ACCEPT));
    }

    @Test
    void everyResultSaysWhichDeliveryOfItsRecordItComesFrom() {
        start(PipelineFixtures.handler(metrics));
        consumer.addRecord(record(0, 1, PipelineFixtures.removedEvent("a.jpg")));
        consumer.addRecord(record(1, 3, PipelineFixtures.removedEvent("b.jpg")));

        await().atMost(WAIT).until(() -> consumer.acks.containsKey(0L) && consumer.acks.containsKey(1L));

        assertThat(sink.outcomes.get(0L).results())
                .singleElement()
                .satisfies(r -> assertThat(r.deliveryCount()).isEqualTo(1));
        assertThat(sink.outcomes.get(1L).results())
                .singleElement()
                .satisfies(r -> assertThat(r.deliveryCount()).isEqualTo(3));
    }

    @Test
    void aRecordOnItsLastAllowedDeliveryIsDeadLetteredUnprocessedAndRejected() {
        start(PipelineFixtures.handler(metrics));
        consumer.addRecord(record(0, 5, PipelineFixtures.removedEvent("killer.jpg")));

        await().atMost(WAIT).until(() -> consumer.acks.containsKey(0L));

        assertThat(consumer.acks).containsEntry(0L, AcknowledgeType.REJECT);
        Outcome outcome = sink.outcomes.get(0L);
        assertThat(outcome.deadLetter().reason()).isEqualTo("internal");
        assertThat(outcome.deadLetter().attempts()).isEqualTo(5);
        assertThat(outcome.results()).singleElement().satisfies(r -> {
            assertThat(r.error().message()).contains("delivered 5 times");
            assertThat(r.deliveryCount()).isEqualTo(5);
        });
    }

    @Test
    void aTransientFailureOutOfAttemptsIsReleasedForRedeliveryWithoutAResult() {
        start(RecordHandlerTest.handlerOver(
                () -> new StorageException(StorageException.Kind.TRANSIENT, "get: 503"), 100, metrics));
        consumer.addRecord(record(0, 2, PipelineFixtures.removedEvent("a.jpg")));

        await().atMost(WAIT).until(() -> consumer.acks.containsKey(0L));

        assertThat(consumer.acks).containsEntry(0L, AcknowledgeType.RELEASE);
        assertThat(sink.outcomes).isEmpty();
    }

    @Test
    void onShutdownWorkThatDoesNotFinishIsNotAcceptedAndTheConsumerIsClosed() throws InterruptedException {
        sink.holdUntilStopping = true;
        start(PipelineFixtures.handler(metrics));
        consumer.addRecord(record(0, 1, PipelineFixtures.removedEvent("slow.jpg")));
        await().atMost(WAIT).until(() -> loop.inFlight() == 1);

        loop.shutdown();
        thread.join(10_000);

        assertThat(thread.isAlive()).isFalse();
        assertThat(consumer.acks).doesNotContainEntry(0L, AcknowledgeType.ACCEPT);
        assertThat(consumer.closed).isTrue();
        assertThat(loop.hasFailed()).isFalse();
    }

    @Test
    void theLockOutlastsARenderWithinKafkasDefaultBounds() {
        assertThat(ShareGroupSetup.lockFor(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(60));
        assertThat(ShareGroupSetup.lockFor(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(40));
        assertThat(ShareGroupSetup.lockFor(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(15));
        assertThat(ShareGroupSetup.lockFor(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(60));
    }

    private void start(RecordHandler handler) {
        start(handler, Duration.ofSeconds(30));
    }

    private void start(RecordHandler handler, Duration lock) {
        consumer.subscribe(List.of("uploads")); // before the test adds records; the loop subscribes the same
        loop = new ShareLoop(
                consumer,
                List.of("uploads"),
                "uploads",
                handler,
                sink,
                PipelineFixtures.RESULTS,
                metrics,
                new ShareMetrics(registry),
                4,
                5,
                lock,
                Duration.ofMillis(500),
                PipelineFixtures.CLOCK,
                fatal -> {});
        thread = new Thread(loop, "test-share-poll");
        thread.start();
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, int deliveryCount, byte[] value) {
        return new ConsumerRecord<>(
                "uploads",
                0,
                offset,
                0L,
                TimestampType.CREATE_TIME,
                0,
                value.length,
                null,
                value,
                new RecordHeaders(),
                Optional.empty(),
                Optional.of((short) deliveryCount));
    }

    /** Remembers how each record was acknowledged. */
    private static final class AckRecordingConsumer extends MockShareConsumer<byte[], byte[]> {
        final Map<Long, AcknowledgeType> acks = new ConcurrentHashMap<>();
        volatile boolean closed;

        @Override
        public synchronized void acknowledge(ConsumerRecord<byte[], byte[]> record, AcknowledgeType type) {
            acks.put(record.offset(), type);
            super.acknowledge(record, type);
        }

        @Override
        public synchronized void close(Duration timeout) {
            closed = true;
            super.close(timeout);
        }
    }

    /** Confirms each delivery at once (or, when told, only gives up once the loop is stopping). */
    private static final class RecordingSink implements ResultSink {
        final Map<Long, Outcome> outcomes = new ConcurrentHashMap<>();
        final CountDownLatch open = new CountDownLatch(1);
        volatile boolean holdUntilStopping;
        volatile long delayMillis;

        @Override
        public void deliver(
                ConsumerRecord<byte[], byte[]> record, Outcome outcome, BooleanSupplier stopping, Runnable onDelivered)
                throws InterruptedException {
            while (holdUntilStopping && open.getCount() > 0) {
                if (stopping.getAsBoolean()) {
                    throw new InterruptedException("stopping");
                }
                Thread.sleep(5);
            }
            Thread.sleep(delayMillis);
            outcomes.put(record.offset(), outcome);
            onDelivered.run();
        }
    }
}
