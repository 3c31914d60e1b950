package thumbstream.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Reading the service group's assignments for the backfill lane. */
class LaneConsumersTest {

    private static final String LANE = "uploads.backfill";

    @Test
    void aGroupWithoutMembersConsumesNothing() {
        assertThat(LaneConsumers.verdict(LANE, List.of())).isEqualTo(LaneConsumers.Verdict.NO_MEMBERS);
    }

    @Test
    void membersThatOwnOnlyLiveUploadsDoNotConsumeTheLane() {
        List<Set<TopicPartition>> members =
                List.of(Set.of(new TopicPartition("uploads", 0)), Set.of(new TopicPartition("uploads", 1)), Set.of());

        assertThat(LaneConsumers.verdict(LANE, members)).isEqualTo(LaneConsumers.Verdict.NOT_ASSIGNED);
    }

    @Test
    void oneMemberOwningOneLanePartitionIsEnough() {
        List<Set<TopicPartition>> members = List.of(
                Set.of(new TopicPartition("uploads", 0)),
                Set.of(new TopicPartition("uploads", 1), new TopicPartition(LANE, 3)));

        assertThat(LaneConsumers.verdict(LANE, members)).isEqualTo(LaneConsumers.Verdict.CONSUMED);
    }
}
