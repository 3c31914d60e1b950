package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BackpressureTest {

    private static final TopicPartition LIVE = new TopicPartition("uploads", 0);
    private static final TopicPartition BACKFILL = new TopicPartition("uploads.backfill", 0);
    private final Backpressure policy = new Backpressure(100, 1000);

    @Test
    void pausesALivePartitionWhoseBacklogIsFull() {
        var decision = policy.decide(List.of(new Backpressure.Lane(LIVE, true, 100, 0)), Set.of());

        assertThat(decision.pause()).containsExactly(LIVE);
        assertThat(decision.resume()).isEmpty();
    }

    @Test
    void keepsAPausedPartitionPausedUntilItIsHalfDrained() {
        var stillFull = policy.decide(List.of(new Backpressure.Lane(LIVE, true, 51, 0)), Set.of(LIVE));
        var halfDrained = policy.decide(List.of(new Backpressure.Lane(LIVE, true, 50, 0)), Set.of(LIVE));

        assertThat(stillFull.resume()).isEmpty();
        assertThat(stillFull.pause()).isEmpty(); // already paused: nothing to change
        assertThat(halfDrained.resume()).containsExactly(LIVE);
    }

    @Test
    void backfillBuffersATenthOfTheLiveBacklog() {
        var decision = policy.decide(List.of(new Backpressure.Lane(BACKFILL, false, 10, 0)), Set.of());

        assertThat(decision.pause()).containsExactly(BACKFILL);
    }

    @Test
    void backfillYieldsWhileAnyLivePartitionHasWorkQueued() {
        var liveBusy = policy.decide(
                List.of(new Backpressure.Lane(LIVE, true, 1, 0), new Backpressure.Lane(BACKFILL, false, 0, 0)),
                Set.of());
        var liveIdle = policy.decide(
                List.of(new Backpressure.Lane(LIVE, true, 0, 0), new Backpressure.Lane(BACKFILL, false, 0, 0)),
                Set.of(BACKFILL));

        assertThat(liveBusy.pause()).containsExactly(BACKFILL);
        assertThat(liveIdle.resume()).containsExactly(BACKFILL);
    }

    @Test
    void pausesOnBufferedBytesBeforeTheRecordCountIsReached() {
        var big = policy.decide(List.of(new Backpressure.Lane(LIVE, true, 2, 1000)), Set.of());
        var stillHeavy = policy.decide(List.of(new Backpressure.Lane(LIVE, true, 1, 501)), Set.of(LIVE));
        var drained = policy.decide(List.of(new Backpressure.Lane(LIVE, true, 1, 500)), Set.of(LIVE));

        assertThat(big.pause()).containsExactly(LIVE);
        assertThat(stillHeavy.resume()).isEmpty();
        assertThat(drained.resume()).containsExactly(LIVE);
    }

    @Test
    void leavesAPartitionWithRoomAlone() {
        var decision = policy.decide(List.of(new Backpressure.Lane(LIVE, true, 99, 0)), Set.of());

        assertThat(decision.pause()).isEmpty();
        assertThat(decision.resume()).isEmpty();
    }

    private static final TopicPartition LIVE_1 = new TopicPartition("uploads", 1);
    private static final long PENDING_LIMIT = 1000;
    private final Backpressure withPending = new Backpressure(10, 1_000_000, PENDING_LIMIT);

    @Test
    void pausesEveryPartitionWhileFinishedOutcomesWaitingForACommitReachTheirByteLimit() {
        List<Backpressure.Lane> idle = List.of(lane(LIVE, true), lane(BACKFILL, false));

        // when: outcomes worth the limit wait for the next transaction, though no backlog is full
        Backpressure.Decision full = withPending.decide(idle, Set.of(), PENDING_LIMIT);

        // then: everything is paused
        assertThat(full.pause()).containsExactlyInAnyOrder(LIVE, BACKFILL);
    }

    @Test
    void resumesOnlyOnceTheWaitingOutcomesAreDownToHalfTheLimit() {
        List<Backpressure.Lane> idle = List.of(lane(LIVE, true), lane(BACKFILL, false));
        Set<TopicPartition> paused = Set.of(LIVE, BACKFILL);

        assertThat(withPending.decide(idle, paused, PENDING_LIMIT / 2 + 1).resume())
                .isEmpty();
        assertThat(withPending.decide(idle, paused, PENDING_LIMIT / 2).resume())
                .containsExactlyInAnyOrder(LIVE, BACKFILL);
    }

    @Test
    void withNothingWaitingOnlyAFullBacklogPauses() {
        Backpressure.Decision d = withPending.decide(
                List.of(new Backpressure.Lane(LIVE, true, 10, 100), lane(LIVE_1, true)), Set.of(), 0);

        assertThat(d.pause()).containsExactly(LIVE);
    }

    private static Backpressure.Lane lane(TopicPartition tp, boolean urgent) {
        return new Backpressure.Lane(tp, urgent, 0, 0);
    }
}
