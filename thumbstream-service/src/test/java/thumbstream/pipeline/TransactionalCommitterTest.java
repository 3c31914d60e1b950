package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static thumbstream.pipeline.PipelineFixtures.deletedOutcome;
import static thumbstream.pipeline.PipelineFixtures.removal;
import static thumbstream.pipeline.PipelineFixtures.resultKey;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import thumbstream.config.Topics;

/**
 * {@link TransactionalCommitter} with Kafka's transactional MockProducer, whose {@code history()}
 * holds only records of committed transactions, and whose consumer-group offset history shows what
 * each transaction committed. Records "finish" the way a worker finishes them: the worker's
 * tracker begins the offset, and the outcome reaches {@link TransactionalCommitter#deliver} with
 * an {@code onDelivered} that completes the offset.
 */
class TransactionalCommitterTest {

    private static final TopicPartition UPLOADS_0 = new TopicPartition("uploads", 0);
    private static final TopicPartition UPLOADS_1 = new TopicPartition("uploads", 1);

    private final RefusingProducer producer = new RefusingProducer();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TransactionalCommitter committer = new TransactionalCommitter(
            producer,
            new ResultPublisher(producer, Topics.DEFAULT),
            new PipelineMetrics(registry),
            Duration.ofHours(1));
    private final CommitRecordingConsumer consumer = new CommitRecordingConsumer(UPLOADS_0, UPLOADS_1);
    private final Map<TopicPartition, PartitionWorker> workers = new HashMap<>();
    private final List<PartitionWorker> created = new ArrayList<>();

    @BeforeEach
    void initTransactions() {
        producer.initTransactions();
    }

    @AfterEach
    void close() {
        created.forEach(PartitionWorker::abandon);
        consumer.close();
    }

    @Test
    void holdsTheResultOfARecordFinishedOutOfOrderUntilTheCommitPositionPassesIt() {
        // given: 0..2 dispatched; b@1 finishes first
        PartitionWorker worker = assign(UPLOADS_0);
        begin(worker, 0, 2);
        finish(worker, 1, "b.jpg");

        // when
        committer.commitNow(consumer, workers, workers.keySet());

        // then: b's result is held, and no offset past the unfinished 0 is committed
        assertThat(resultKeys()).isEmpty();
        assertThat(lastCommittedOffsets()).isEqualTo(Map.of(UPLOADS_0, PipelineFixtures.working(0)));

        // when: a@0 finishes
        finish(worker, 0, "a.jpg");
        committer.commitNow(consumer, workers, workers.keySet());

        // then: both results go out in the transaction that commits past them
        assertThat(resultKeys()).containsExactlyInAnyOrder(resultKey("a.jpg"), resultKey("b.jpg"));
        assertThat(lastCommittedOffsets()).isEqualTo(Map.of(UPLOADS_0, PipelineFixtures.working(2)));

        // and the last one follows in order
        finish(worker, 2, "c.jpg");
        committer.commitNow(consumer, workers, workers.keySet());
        assertThat(resultKeys()).containsExactlyInAnyOrder(resultKey("a.jpg"), resultKey("b.jpg"), resultKey("c.jpg"));
        assertThat(lastCommittedOffsets()).isEqualTo(Map.of(UPLOADS_0, PipelineFixtures.working(3)));
    }

    @Test
    void sendsEachPartitionsContiguousFinishedPrefixWithTheResultsBelowIt() {
        // given: uploads-0 finished 0, 1 and 3 of 0..4; uploads-1 finished all of 10..11
        PartitionWorker first = assign(UPLOADS_0);
        begin(first, 0, 4);
        finish(first, 0, "p0-0");
        finish(first, 1, "p0-1");
        finish(first, 3, "p0-3");
        PartitionWorker second = assign(UPLOADS_1);
        begin(second, 10, 11);
        finish(second, 10, "p1-10");
        finish(second, 11, "p1-11");

        // when
        committer.commitNow(consumer, workers, workers.keySet());

        // then
        assertThat(producer.transactionCommitted()).isTrue();
        assertThat(lastCommittedOffsets())
                .isEqualTo(Map.of(UPLOADS_0, PipelineFixtures.working(2), UPLOADS_1, PipelineFixtures.working(12)));
        assertThat(resultKeys())
                .containsExactlyInAnyOrder(
                        resultKey("p0-0"), resultKey("p0-1"), resultKey("p1-10"), resultKey("p1-11"));
    }

    @Test
    void sendsNoOffsetForAPartitionThatDidNotAdvance() {
        // given: both partitions committed once
        PartitionWorker first = assign(UPLOADS_0);
        begin(first, 0, 1);
        finish(first, 0, "p0-0");
        PartitionWorker second = assign(UPLOADS_1);
        begin(second, 0, 1);
        finish(second, 0, "p1-0");
        committer.commitNow(consumer, workers, workers.keySet());

        // when: only uploads-1 moves on
        finish(second, 1, "p1-1");
        committer.commitNow(consumer, workers, workers.keySet());

        // then
        assertThat(producer.consumerGroupOffsetsHistory()).hasSize(2);
        assertThat(lastCommittedOffsets()).isEqualTo(Map.of(UPLOADS_1, PipelineFixtures.working(2)));
    }

    @Test
    void opensNoTransactionWhenNothingNewFinished() {
        // given: one result held behind an unfinished offset
        PartitionWorker worker = assign(UPLOADS_0);
        begin(worker, 0, 1);
        finish(worker, 1, "b.jpg");
        committer.commitNow(consumer, workers, workers.keySet());
        int transactions = producer.consumerGroupOffsetsHistory().size();

        // when
        committer.commitNow(consumer, workers, workers.keySet());

        // then: nothing sent, the held result still held
        assertThat(producer.consumerGroupOffsetsHistory()).hasSize(transactions);
        assertThat(producer.transactionInFlight()).isFalse();
        assertThat(resultKeys()).isEmpty();
    }

    @Test
    void anAbortedTransactionsOutcomesAreSentByTheNextOneWithoutARewind() {
        // given: the broker will refuse the commit once
        PartitionWorker worker = assign(UPLOADS_0);
        begin(worker, 0, 1);
        finish(worker, 0, "a.jpg");
        producer.commitTransactionException = new KafkaException("coordinator not available");

        // when: the transaction is aborted
        committer.commitNow(consumer, workers, workers.keySet());

        // then: nothing of it is committed, and nothing is thrown: the outcome is kept
        assertThat(producer.transactionAborted()).isTrue();
        assertThat(resultKeys()).as("results of the aborted transaction").isEmpty();
        assertThat(producer.consumerGroupOffsetsHistory())
                .as("committed offsets")
                .isEmpty();
        assertThat(committer.pendingBytes()).isPositive();

        // when: the next transaction commits
        producer.commitTransactionException = null;
        committer.commitNow(consumer, workers, workers.keySet());

        // then: it carries the kept outcome with its offset; the worker did nothing again
        assertThat(resultKeys()).containsExactly(resultKey("a.jpg"));
        assertThat(lastCommittedOffsets()).isEqualTo(Map.of(UPLOADS_0, PipelineFixtures.working(1)));
        assertThat(committer.pendingBytes()).isZero();
    }

    @Test
    void aResultTheBrokerRefusesForGoodIsSentCutToAMinimumAndThePartitionMovesOn() {
        // given: a result larger than the topic accepts (its limit was lowered after start)
        String big = "originals/" + "k".repeat(40_000) + ".jpg";
        producer.refuse = r -> r.topic().equals(Topics.DEFAULT.results()) && r.value().length > RecordLimits.MINIMAL;
        PartitionWorker worker = assign(UPLOADS_0);
        begin(worker, 0, 1);
        finish(worker, 0, big);
        finish(worker, 1, "after.jpg");

        // when: the first transaction is aborted by the refusal, and the next one runs
        committer.commitNow(consumer, workers, workers.keySet());
        assertThat(producer.consumerGroupOffsetsHistory()).isEmpty();
        committer.commitNow(consumer, workers, workers.keySet());

        // then: both results are committed, the big one cut down, with the offsets past both
        assertThat(resultKeys()).hasSize(2).contains(resultKey("after.jpg"));
        assertThat(producer.history())
                .filteredOn(r -> !r.key().equals(resultKey("after.jpg")))
                .singleElement()
                .satisfies(r -> assertThat(r.value().length).isLessThanOrEqualTo(RecordLimits.MINIMAL));
        assertThat(lastCommittedOffsets()).isEqualTo(Map.of(UPLOADS_0, PipelineFixtures.working(2)));
        assertThat(committer.abortsInARow()).isZero();
    }

    @Test
    void anOutcomeRefusedEvenCutDownIsCountedUndeliverableAndItsOffsetCommittedWithoutIt() {
        producer.refuse =
                r -> r.topic().equals(Topics.DEFAULT.results()) && r.key().contains("refused");
        PartitionWorker worker = assign(UPLOADS_0);
        begin(worker, 0, 1);
        finish(worker, 0, "refused.jpg");
        finish(worker, 1, "after.jpg");

        committer.commitNow(consumer, workers, workers.keySet()); // aborted: the full result refused
        committer.commitNow(consumer, workers, workers.keySet()); // aborted: the cut-down one refused
        committer.commitNow(consumer, workers, workers.keySet());

        assertThat(resultKeys()).containsExactly(resultKey("after.jpg"));
        assertThat(lastCommittedOffsets()).isEqualTo(Map.of(UPLOADS_0, PipelineFixtures.working(2)));
        assertThat(registry.get("thumbstream.undeliverable").counter().count()).isEqualTo(1);
    }

    @Test
    void anAbortThatFailsIsFatalNotARewind() {
        PartitionWorker worker = assign(UPLOADS_0);
        begin(worker, 0, 0);
        finish(worker, 0, "a.jpg");
        producer.commitTransactionException = new KafkaException("coordinator not available");
        producer.abortTransactionException = new KafkaException("abort failed too");

        assertThatThrownBy(() -> committer.commitNow(consumer, workers, workers.keySet()))
                .isInstanceOf(TransactionalCommitter.FatalCommitException.class)
                .hasMessageContaining("could not be aborted");
    }

    @Test
    void countsTheAbortsInARowUntilATransactionCommits() {
        PartitionWorker worker = assign(UPLOADS_0);
        begin(worker, 0, 0);
        finish(worker, 0, "a.jpg");
        producer.commitTransactionException = new KafkaException("coordinator not available");
        for (int round = 1; round <= 2; round++) {
            committer.commitNow(consumer, workers, workers.keySet());
            assertThat(committer.abortsInARow()).isEqualTo(round);
        }
        producer.commitTransactionException = null;
        committer.commitNow(consumer, workers, workers.keySet());

        assertThat(committer.abortsInARow()).isZero();
        assertThat(resultKeys()).containsExactly(resultKey("a.jpg"));
    }

    @Test
    void anAbortedCommitOnRevokeLeavesTheRevokedPartitionToItsNextOwnerAndKeepsTheOthersOutcomes() {
        // given: both partitions finished work; the commit on revoking uploads-0 is aborted
        PartitionWorker revoked = assign(UPLOADS_0);
        begin(revoked, 0, 0);
        finish(revoked, 0, "p0-0");
        PartitionWorker kept = assign(UPLOADS_1);
        begin(kept, 0, 0);
        finish(kept, 0, "p1-0");
        producer.commitTransactionException = new KafkaException("coordinator not available");
        committer.commitStopped(consumer, workers, List.of(UPLOADS_0));
        producer.commitTransactionException = null;
        workers.remove(UPLOADS_0);
        committer.forget(List.of(UPLOADS_0));

        // when: the next transaction runs
        committer.commitNow(consumer, workers, workers.keySet());

        // then: uploads-1's outcome goes out with its offset; uploads-0's is its next owner's to redo
        assertThat(resultKeys()).containsExactly(resultKey("p1-0"));
        assertThat(lastCommittedOffsets()).isEqualTo(Map.of(UPLOADS_1, PipelineFixtures.working(1)));
        assertThat(committer.pendingBytes()).isZero();
    }

    @Test
    void commitsOnlyThePartitionsItIsAskedToCommit() {
        // given: both partitions finished their first record
        PartitionWorker revoked = assign(UPLOADS_0);
        begin(revoked, 0, 0);
        finish(revoked, 0, "p0-0");
        PartitionWorker kept = assign(UPLOADS_1);
        begin(kept, 0, 0);
        finish(kept, 0, "p1-0");

        // when: uploads-0 is revoked
        committer.commitNow(consumer, workers, List.of(UPLOADS_0));

        // then: only its offset and its result are in the transaction
        assertThat(lastCommittedOffsets()).isEqualTo(Map.of(UPLOADS_0, PipelineFixtures.working(1)));
        assertThat(resultKeys()).containsExactly(resultKey("p0-0"));

        // and uploads-1's outcome goes out with uploads-1's offset in the next transaction
        workers.remove(UPLOADS_0);
        committer.forget(List.of(UPLOADS_0));
        committer.commitNow(consumer, workers, workers.keySet());
        assertThat(lastCommittedOffsets()).isEqualTo(Map.of(UPLOADS_1, PipelineFixtures.working(1)));
        assertThat(resultKeys()).containsExactly(resultKey("p0-0"), resultKey("p1-0"));
    }

    @Test
    void passesAFencedProducerOnInsteadOfRewinding() {
        PartitionWorker worker = assign(UPLOADS_0);
        begin(worker, 0, 0);
        finish(worker, 0, "a.jpg");
        ProducerFencedException fenced = new ProducerFencedException("another instance took over");
        producer.commitTransactionException = fenced;

        assertThatThrownBy(() -> committer.commitNow(consumer, workers, workers.keySet()))
                .isInstanceOf(TransactionalCommitter.FatalCommitException.class)
                .hasCause(fenced);
    }

    @Test
    void forgetDropsTheQueuedAndHeldOutcomesOfThosePartitionsOnly() {
        // given: uploads-0 has a held outcome (old-b@1, above the unfinished 0) and a queued one (old-a@0)
        PartitionWorker lost = assign(UPLOADS_0);
        begin(lost, 0, 1);
        finish(lost, 1, "old-b");
        committer.commitNow(consumer, workers, workers.keySet());
        finish(lost, 0, "old-a");
        // and uploads-1 has a queued one
        PartitionWorker kept = assign(UPLOADS_1);
        begin(kept, 0, 0);
        finish(kept, 0, "p1-0");

        // when: uploads-0 is lost, then assigned to this consumer again and its records redone
        committer.forget(List.of(UPLOADS_0));
        PartitionWorker again = assign(UPLOADS_0);
        begin(again, 0, 1);
        finish(again, 0, "new-a");
        finish(again, 1, "new-b");
        committer.commitNow(consumer, workers, workers.keySet());

        // then: none of the forgotten outcomes reached the transaction, though the new position passes them
        assertThat(resultKeys()).containsExactlyInAnyOrder(resultKey("p1-0"), resultKey("new-a"), resultKey("new-b"));
        assertThat(lastCommittedOffsets())
                .isEqualTo(Map.of(UPLOADS_0, PipelineFixtures.working(2), UPLOADS_1, PipelineFixtures.working(1)));
        // and the dropped queued outcome never counted as finished for the old worker
        assertThat(lost.tracker().committable()).hasValue(0);
    }

    @Test
    void waitsForTheIntervalBetweenPeriodicTransactions() {
        PartitionWorker worker = assign(UPLOADS_0);
        begin(worker, 0, 0);
        finish(worker, 0, "a.jpg");

        committer.maybeCommit(consumer, workers);

        assertThat(producer.consumerGroupOffsetsHistory()).isEmpty();
        assertThat(resultKeys()).isEmpty();
    }

    @Test
    void dropsWhatAWorkerDeliversAfterItWasReplaced() throws InterruptedException {
        // given: a worker of uploads-0 is given up (a rewind, a revoke past its deadline) and replaced
        PartitionWorker old = assign(UPLOADS_0);
        begin(old, 0, 0);
        PartitionWorker current = assign(UPLOADS_0);
        begin(current, 0, 1);

        // when: the old worker's late outcome for 0 arrives, then the current worker's for 0 and 1
        committer.deliver(old, removal(UPLOADS_0, 0, "late.jpg"), deletedOutcome("late.jpg"), () -> false, () -> {});
        for (long offset = 0; offset <= 1; offset++) {
            long o = offset;
            committer.deliver(
                    current,
                    removal(UPLOADS_0, o, "k" + o + ".jpg"),
                    deletedOutcome("k" + o + ".jpg"),
                    () -> false,
                    () -> current.tracker().complete(o));
        }
        committer.commitNow(consumer, workers, workers.keySet());

        // then: only the current worker's results went out with its offsets
        assertThat(resultKeys()).containsExactlyInAnyOrder(resultKey("k0.jpg"), resultKey("k1.jpg"));
        assertThat(lastCommittedOffsets()).isEqualTo(Map.of(UPLOADS_0, PipelineFixtures.working(2)));
    }

    /**
     * The MockProducer, refusing the records {@code refuse} names as the broker refuses a record
     * over the topic's {@code max.message.bytes}: that send fails, and so does the transaction's commit.
     */
    private static final class RefusingProducer extends MockProducer<String, byte[]> {
        volatile Predicate<ProducerRecord<String, byte[]>> refuse = r -> false;
        private boolean refusedInThisTransaction;

        RefusingProducer() {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            if (refuse.test(record)) {
                refusedInThisTransaction = true;
                return CompletableFuture.failedFuture(new RecordTooLargeException("test: over max.message.bytes"));
            }
            return super.send(record, callback);
        }

        @Override
        public synchronized void beginTransaction() {
            refusedInThisTransaction = false;
            super.beginTransaction();
        }

        @Override
        public synchronized void commitTransaction() {
            if (refusedInThisTransaction) {
                throw new KafkaException("test: a send of this transaction failed", new RecordTooLargeException("x"));
            }
            super.commitTransaction();
        }
    }

    private PartitionWorker assign(TopicPartition tp) {
        PartitionWorker worker = new PartitionWorker(
                tp,
                true,
                PipelineFixtures.handler(PipelineFixtures.metrics()),
                committer,
                1,
                PipelineFixtures.metrics(),
                fatal -> {});
        created.add(worker);
        workers.put(tp, worker);
        return worker;
    }

    private static void begin(PartitionWorker worker, long fromInclusive, long toInclusive) {
        for (long o = fromInclusive; o <= toInclusive; o++) {
            worker.tracker().begin(o);
        }
    }

    /** What a worker does once it handled the record at {@code offset}: hand the outcome to the committer. */
    private void finish(PartitionWorker worker, long offset, String objectKey) {
        committer.deliver(
                removal(worker.partition(), offset, objectKey),
                deletedOutcome(objectKey),
                () -> false,
                () -> worker.tracker().complete(offset));
    }

    /** Keys of the results in committed transactions. */
    private List<String> resultKeys() {
        return producer.history().stream()
                .filter(r -> r.topic().equals(Topics.DEFAULT.results()))
                .map(ProducerRecord::key)
                .toList();
    }

    private Map<TopicPartition, OffsetAndMetadata> lastCommittedOffsets() {
        List<Map<String, Map<TopicPartition, OffsetAndMetadata>>> history = producer.consumerGroupOffsetsHistory();
        assertThat(history).as("transactions that committed offsets").isNotEmpty();
        return history.get(history.size() - 1).get(consumer.groupMetadata().groupId());
    }
}
