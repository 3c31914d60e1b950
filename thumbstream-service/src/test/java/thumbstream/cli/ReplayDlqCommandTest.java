package thumbstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import thumbstream.config.PipelineSettings;
import thumbstream.config.S3Settings;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.config.Topics;
import thumbstream.imaging.RenditionSpec;

class ReplayDlqCommandTest {

    private final ThumbstreamConfig config = new ThumbstreamConfig(
            Map.of(
                    "bootstrap.servers", "kafka:9092",
                    "transactional.id", "thumbstream-pod-1",
                    "group.id", "thumbstream",
                    "enable.auto.commit", "true",
                    "isolation.level", "read_uncommitted"),
            new S3Settings("http://s3", "a", "b", "us-east-1", true),
            Topics.DEFAULT,
            "thumbstream",
            RenditionSpec.parseList(ThumbstreamConfig.DEFAULT_RENDITIONS),
            "thumbnails/",
            8080,
            1,
            1,
            PipelineSettings.defaults(),
            null);

    @Test
    void theReplayProducerIsNeverTransactionalEvenWhenKafkaTransactionalIdIsSet() {
        assertThat(ReplayDlqCommand.producerSettings(config))
                .doesNotContainKey("transactional.id")
                .containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("acks", "all");
    }

    @Test
    void theReplayConsumerCommitsNothingToTheServicesGroup() {
        assertThat(ReplayDlqCommand.consumerSettings(config))
                .doesNotContainKey("group.id")
                .containsEntry("enable.auto.commit", false);
    }

    @Test
    void theReplayConsumerReadsOnlyCommittedDeadLettersWhateverKafkaIsolationLevelSays() {
        // A dead letter written in an aborted exactly-once transaction was never a dead letter:
        // its upload is processed again from the uploads topic.
        assertThat(ReplayDlqCommand.consumerSettings(config)).containsEntry("isolation.level", "read_committed");
    }

    @Test
    void replaysOnlyToTheConfiguredInputTopics() {
        ReplayTargets targets = ReplayTargets.of(Topics.DEFAULT);

        assertThat(targets.refusal("uploads", null)).isNull();
        assertThat(targets.refusal("uploads.backfill", null)).isNull();
        for (String forged : List.of("thumbnails", "__consumer_offsets", "payments")) {
            assertThat(targets.refusal(forged, null)).as(forged).contains("not one of the configured input topics");
        }
        assertThat(targets.refusal(null, null)).contains("no thumbstream.source.topic header");
    }

    @Test
    void doesNotReplayADeadLetterThatWasCutToFit() {
        assertThat(ReplayTargets.of(Topics.DEFAULT).refusal("uploads", "value")).contains("truncated");
    }
}
