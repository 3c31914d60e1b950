package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import thumbstream.event.FailureReason;

/** {@link CrashLoopGuard#decide} on Kafka's MockConsumer, from what earlier owners committed. */
class CrashLoopGuardTest {

    private static final TopicPartition TP = new TopicPartition("uploads", 0);

    private final CommitRecordingConsumer consumer = new CommitRecordingConsumer(TP);
    private final CrashLoopGuard guard = PipelineFixtures.guard();

    @Test
    void aPartitionNobodyCommittedStartsAtItsPositionWithNoDeath() {
        consumer.updateBeginningOffsets(Map.of(TP, 3L));

        CrashLoopGuard.Decision d = guard.decide(consumer, List.of(TP));

        assertThat(d.starts().get(TP)).isEqualTo(new HeadStart(3, 0, null));
        assertThat(d.starts().get(TP).careful()).isFalse();
        assertThat(d.markers()).isEqualTo(Map.of(TP, new OffsetAndMetadata(3, HeadMarker.working(3, 1))));
    }

    @Test
    void anOwnerThatStoppedCleanlyLeavesNoDeath() {
        committed(new OffsetAndMetadata(5, HeadMarker.stopped(5)));

        assertThat(guard.decide(consumer, List.of(TP)).starts().get(TP).deaths())
                .isZero();
    }

    @Test
    void ownersThatStartedAtTheSameHeadAndNeverStoppedDied() {
        committed(new OffsetAndMetadata(5, HeadMarker.working(5, 2)));

        CrashLoopGuard.Decision d = guard.decide(consumer, List.of(TP));

        HeadStart start = d.starts().get(TP);
        assertThat(start.deaths()).isEqualTo(2);
        assertThat(start.careful()).isTrue();
        assertThat(start.deadLetter()).isNull();
        assertThat(start.isCareful(5)).isTrue();
        assertThat(start.isCareful(5 + HeadStart.CAREFUL_WINDOW - 1)).isTrue();
        assertThat(start.isCareful(5 + HeadStart.CAREFUL_WINDOW)).isFalse();
        assertThat(d.markers()).isEqualTo(Map.of(TP, new OffsetAndMetadata(5, HeadMarker.working(5, 3))));
    }

    @Test
    void aHeadThatMovedSinceTheMarkerCountsNoDeath() {
        committed(new OffsetAndMetadata(9, HeadMarker.working(5, 2)));

        assertThat(guard.decide(consumer, List.of(TP)).starts().get(TP)).isEqualTo(new HeadStart(9, 0, null));
    }

    @Test
    void theRecordAtTheHeadThroughThreeDeathsGetsAFailedInternalResultAndADeadLetter() {
        committed(new OffsetAndMetadata(5, HeadMarker.working(5, 3)));

        HeadStart start = guard.decide(consumer, List.of(TP)).starts().get(TP);

        assertThat(start.deadLetter()).isNotNull();
        assertThat(start.deadLetter().deadLetter().reason()).isEqualTo("internal");
        assertThat(start.deadLetter().deadLetter().attempts()).isEqualTo(3);
        assertThat(start.deadLetter().results()).singleElement().satisfies(r -> {
            assertThat(r.error().reason()).isEqualTo(FailureReason.INTERNAL);
            assertThat(r.error().message()).contains("3 consecutive process deaths");
        });
    }

    @Test
    void whenTheOffsetsCannotBeReadThePartitionsStartWithoutTheGuardRatherThanStall() {
        CommitRecordingConsumer failing = new CommitRecordingConsumer(TP) {
            @Override
            public synchronized Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
                throw new TimeoutException("test: the coordinator did not answer");
            }
        };

        CrashLoopGuard.Decision d = guard.decide(failing, List.of(TP));

        assertThat(d.starts().get(TP)).isEqualTo(HeadStart.plain(-1));
        assertThat(d.markers()).isEmpty();
    }

    private void committed(OffsetAndMetadata om) {
        consumer.commitSync(Map.of(TP, om));
    }
}
