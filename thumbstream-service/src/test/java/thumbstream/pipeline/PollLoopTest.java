package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static thumbstream.pipeline.PipelineFixtures.removal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The poll loop on Kafka's MockConsumer: dispatch, commits of finished work, backpressure, revoke
 * and shutdown. Real workers and handler over an in-memory store; records are removals (no image work).
 */
class PollLoopTest {

    private static final TopicPartition P0 = new TopicPartition("uploads", 0);
    private static final TopicPartition P1 = new TopicPartition("uploads", 1);
    private static final Duration BOUND = Duration.ofSeconds(5);

    private final CommitRecordingConsumer consumer = new CommitRecordingConsumer();
    private final PipelineMetrics metrics = PipelineFixtures.metrics();
    private final RecordHandler handler = PipelineFixtures.handler(metrics);
    private final GateSink sink = new GateSink();
    private final List<Thread> threads = new ArrayList<>();
    private PollLoop loop;

    @AfterEach
    void stop() throws InterruptedException {
        sink.open();
        if (loop != null) {
            loop.shutdown();
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
    }

    @Test
    void commitsTheFinishedPrefixOfEachPartitionAndClosesTheConsumerOnShutdown() throws InterruptedException {
        sink.open();
        start(8, P0, P1);
        consumer.schedulePollTask(() -> {
            addRemovals(P0, 0, 3);
            addRemovals(P1, 0, 2);
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> committed(P0) == 3 && committed(P1) == 2);
        loop.shutdown();
        threads.get(0).join(10_000);

        assertThat(consumer.closed()).isTrue();
        assertThat(loop.hasFailed()).isFalse();
    }

    @Test
    void pausesAPartitionWhoseBacklogIsFullAndResumesItWhenDrained() {
        start(2, P0);
        consumer.schedulePollTask(() -> addRemovals(P0, 0, 3));

        await().atMost(Duration.ofSeconds(20)).until(() -> pausedNow().contains(P0));
        assertThat(loop.pausedPartitions()).isEqualTo(1);
        // nothing delivered yet: no commit moves past the first record
        assertThat(consumer.commits())
                .allSatisfy(c -> assertThat(c.get(P0).offset()).isZero());

        sink.open();

        await().atMost(Duration.ofSeconds(20)).until(() -> !pausedNow().contains(P0) && committed(P0) == 3);
    }

    @Test
    void onRevokeCommitsWhatTheRevokedPartitionFinishedAndDropsItsWorker() {
        sink.open();
        start(8, P0, P1);
        consumer.schedulePollTask(() -> addRemovals(P0, 0, 2));
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.delivered() == 2);

        // The group takes P0 away before the periodic commit: the revoke must commit it itself.
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));

        await().atMost(Duration.ofSeconds(20)).until(() -> loop.assignedPartitions() == 1);
        assertThat(consumer.commits()).anySatisfy(c -> assertThat(c).containsEntry(P0, PipelineFixtures.stopped(2)));
    }

    private void start(int maxBacklog, TopicPartition... assigned) {
        Map<TopicPartition, Long> beginning = new java.util.HashMap<>();
        for (TopicPartition tp : assigned) {
            beginning.put(tp, 0L);
        }
        consumer.updateBeginningOffsets(beginning);
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(assigned)));
        // commit interval zero: every pass commits what finished since the last commit
        loop = new PollLoop(
                consumer,
                List.of("uploads"),
                (tp, start) -> new PartitionWorker(tp, true, handler, sink, 4, metrics, fatal -> {}, start),
                new OffsetCommitter(Duration.ZERO),
                PipelineFixtures.guard(),
                maxBacklog,
                BOUND);
        Thread t = new Thread(loop, "test-poll");
        threads.add(t);
        t.start();
    }

    private void addRemovals(TopicPartition tp, long from, int count) {
        for (long offset = from; offset < from + count; offset++) {
            consumer.addRecord(removal(tp, offset, "originals/" + tp.partition() + "-" + offset + ".jpg"));
        }
    }

    private long committed(TopicPartition tp) {
        OffsetAndMetadata om = consumer.committed(Set.of(tp)).get(tp);
        return om == null ? -1L : om.offset();
    }

    private Set<TopicPartition> pausedNow() {
        return consumer.paused();
    }
}
