package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import thumbstream.ThumbstreamService;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.config.TopicCreation;
import thumbstream.config.Topics;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.testkit.ResultsReader;
import thumbstream.testkit.UploadPublisher;

/**
 * The backfill lane follows its topic: created at start-up with the other output topics, consumed
 * without a restart when it appears later, and {@code thumbstream backfill} says so when no
 * instance consumes it.
 */
class BackfillLaneIT {

    /** Generous: the consumer finds a new topic on its next metadata refresh (30 s at most). */
    private static final Duration PICK_UP_BOUND = Duration.ofSeconds(60);

    @Test
    void aMissingBackfillTopicIsCreatedAtStartUpLikeTheOtherOutputTopics() throws Exception {
        // given: a backfill topic that does not exist, and topic creation on with 2 partitions
        Scenario s = new Scenario("lane-created", 1);
        ThumbstreamConfig config = withBackfillTopic(s.config, s.config.topics().backfill() + "-created")
                .with(b -> b.pipeline = s.config.pipeline().with(p -> p.topicCreation = new TopicCreation(true, 2, 1)));

        // when
        try (ThumbstreamService service = start(config);
                Admin admin = SharedInfrastructure.get().admin()) {
            // then
            String lane = config.topics().backfill();
            assertThat(admin.listTopics().names().get()).contains(lane);
            TopicDescription described =
                    admin.describeTopics(List.of(lane)).allTopicNames().get().get(lane);
            assertThat(described.partitions()).hasSize(2);
        }
    }

    @ParameterizedTest(name = "group.protocol={0}")
    @ValueSource(strings = {"classic", "consumer"})
    void aBackfillTopicCreatedLaterIsConsumedWithoutARestart(String protocol) throws Exception {
        // given: a running service with topic creation off and its backfill topic missing
        Scenario s = new Scenario("lane-later-" + protocol, 1);
        Map<String, String> kafka = new HashMap<>(s.config.kafka());
        kafka.put("group.protocol", protocol);
        ThumbstreamConfig config = withBackfillTopic(
                        withKafka(s.config, kafka), s.config.topics().backfill() + "-later")
                .with(b ->
                        b.pipeline = s.config.pipeline().with(p -> p.topicCreation = new TopicCreation(false, 1, 1)));
        String lane = config.topics().backfill();
        UploadEvent upload = s.uploadImages(1).get(0);

        try (ThumbstreamService service = start(config);
                Admin admin = SharedInfrastructure.get().admin();
                ResultsReader reader = new ResultsReader(
                        config.bootstrapServers(), config.topics().results())) {
            // the service is in its group and serves live uploads before the lane exists
            awaitAssigned(admin, config.groupId(), config.topics().uploads());
            assertThat(admin.listTopics().names().get()).doesNotContain(lane);

            // when: an operator creates the topic and a backfill event is published to it
            admin.createTopics(List.of(new NewTopic(lane, 2, (short) 1))).all().get();
            long created = System.nanoTime();
            awaitServed(admin, lane);
            try (UploadPublisher publisher = new UploadPublisher(config.bootstrapServers(), lane)) {
                publisher.publish(List.of(upload));
            }

            // then: its result comes out within the bound, from the same process
            List<ThumbnailEvent> results = reader.readUntil(
                    r -> r.stream().anyMatch(e -> e.key().equals(upload.key())), PICK_UP_BOUND, r -> {});
            Duration pickUp = Duration.ofNanos(System.nanoTime() - created);
            boolean seen = results.stream().anyMatch(e -> e.key().equals(upload.key()));
            System.out.printf(
                    "late backfill topic (%s protocol): %s %d ms after the topic was created%n",
                    protocol, seen ? "first result" : "no result", pickUp.toMillis());
            assertThat(results)
                    .as("a result for the backfill event within %s", PICK_UP_BOUND)
                    .anySatisfy(e -> {
                        assertThat(e.key()).isEqualTo(upload.key());
                        assertThat(e.status()).isEqualTo(ThumbnailEvent.Status.COMPLETED);
                    });
        }
    }

    @Test
    void aBackfillRightAfterItsTopicAppearedIsProcessedWithoutAWarning() throws Exception {
        // given: the case — a running service, its lane topic created only now (here by an
        // operator: the test broker has no auto-creation), and 31 objects to backfill
        Scenario s = new Scenario("lane-new-user", 1);
        String lane = s.config.topics().backfill() + "-new";
        ThumbstreamConfig config = withBackfillTopic(s.config, lane)
                .with(b ->
                        b.pipeline = s.config.pipeline().with(p -> p.topicCreation = new TopicCreation(false, 1, 1)));
        s.uploadImages(31);

        try (ThumbstreamService service = start(config);
                Admin admin = SharedInfrastructure.get().admin();
                ResultsReader reader = new ResultsReader(
                        config.bootstrapServers(), config.topics().results())) {
            awaitAssigned(admin, config.groupId(), config.topics().uploads());
            admin.createTopics(List.of(new NewTopic(lane, 2, (short) 1))).all().get();
            awaitServed(admin, lane);

            // when
            try (ServiceProcess backfill = ServiceProcess.command(
                    "lane-new-user-backfill",
                    s.env(Map.of("THUMBSTREAM_BACKFILL_TOPIC", lane)),
                    List.of("backfill", "--bucket", "media", "--prefix", s.prefix, "--job", "new-user"))) {
                assertThat(backfill.waitFor(Duration.ofMinutes(2))).as("exited").isTrue();

                // then: no warning, and every object gets its result from the running service
                assertThat(backfill.exitValue()).as(backfill.logTail()).isZero();
                assertThat(backfill.logTail())
                        .contains("published 31 upload events")
                        .doesNotContain("WARNING");
            }
            List<ThumbnailEvent> results = reader.readUntil(Scenario.everyKeyDone(31)::apply, Scenario.LONG, r -> {});
            assertThat(ResultCounts.distinctKeys(results)).isEqualTo(31);
        }
    }

    @Test
    void backfillWarnsWhenNoInstanceConsumesTheLane() throws Exception {
        // given: images to backfill and no service instance in the group
        Scenario s = new Scenario("lane-unconsumed", 1);
        s.uploadImages(3);

        // when
        try (ServiceProcess backfill = ServiceProcess.command(
                "lane-unconsumed-backfill",
                s.env(Map.of()),
                List.of("backfill", "--bucket", "media", "--prefix", s.prefix, "--job", "nobody-home"))) {
            assertThat(backfill.waitFor(Duration.ofMinutes(2))).as("exited").isTrue();

            // then: the events are published (exit 0) and the output says nobody consumes them
            assertThat(backfill.exitValue()).as(backfill.logTail()).isZero();
            assertThat(backfill.logTail())
                    .contains("published 3 upload events")
                    .contains("WARNING")
                    .contains(
                            "no instance of the service is consuming",
                            s.config.topics().backfill())
                    .contains("group '" + s.config.groupId() + "'");
        }
    }

    @Test
    void backfillWarnsAfterWaitingWhenTheRunningInstancesReadAnotherLane() throws Exception {
        // given: a running service on the scenario's lane, and a backfill configured with another one
        Scenario s = new Scenario("lane-other", 1);
        s.uploadImages(2);
        String other = s.config.topics().backfill() + "-other";
        try (ThumbstreamService service = start(s.config);
                Admin admin = SharedInfrastructure.get().admin()) {
            awaitAssigned(admin, s.config.groupId(), s.config.topics().backfill());
            admin.createTopics(List.of(new NewTopic(other, 1, (short) 1))).all().get();
            awaitServed(admin, other);

            // when
            try (ServiceProcess backfill = ServiceProcess.command(
                    "lane-other-backfill",
                    s.env(Map.of("THUMBSTREAM_BACKFILL_TOPIC", other)),
                    List.of("backfill", "--bucket", "media", "--prefix", s.prefix, "--job", "wrong-lane"))) {
                assertThat(backfill.waitFor(Duration.ofMinutes(2))).as("exited").isTrue();

                // then: it waited for the instances to pick the lane up, then warned (exit 0)
                assertThat(backfill.exitValue()).as(backfill.logTail()).isZero();
                assertThat(backfill.logTail())
                        .contains("published 2 upload events")
                        .contains("waiting up to 40 s for the service to pick up '" + other + "'")
                        .contains("WARNING: no instance of the service is consuming the backfill lane '" + other + "'")
                        .contains("none of the 1 member(s) of consumer group '" + s.config.groupId() + "'");
            }
        }
    }

    @Test
    void backfillDoesNotWarnWhileAnInstanceConsumesTheLane() throws Exception {
        // given: a running service that owns the lane's partitions
        Scenario s = new Scenario("lane-consumed", 1);
        s.uploadImages(3);
        try (ThumbstreamService service = start(s.config);
                Admin admin = SharedInfrastructure.get().admin()) {
            awaitAssigned(admin, s.config.groupId(), s.config.topics().backfill());

            // when
            try (ServiceProcess backfill = ServiceProcess.command(
                    "lane-consumed-backfill",
                    s.env(Map.of()),
                    List.of("backfill", "--bucket", "media", "--prefix", s.prefix, "--job", "someone-home"))) {
                assertThat(backfill.waitFor(Duration.ofMinutes(2))).as("exited").isTrue();

                // then
                assertThat(backfill.exitValue()).as(backfill.logTail()).isZero();
                assertThat(backfill.logTail())
                        .contains("published 3 upload events")
                        .doesNotContain("WARNING");
            }
        }
    }

    /** Waits until a member of {@code group} owns a partition of {@code topic}. */
    private static void awaitAssigned(Admin admin, String group, String topic) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerGroupDescription d;
            try {
                d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
                Thread.sleep(200); // a consumer-protocol group exists once its first member joined
                continue;
            }
            boolean assigned = d.members().stream()
                    .flatMap(m -> m.assignment().topicPartitions().stream())
                    .anyMatch(tp -> tp.topic().equals(topic));
            if (assigned) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no member of " + group + " got a partition of " + topic);
    }

    /** Producing right after createTopics can lose records (KAFKA-15591): wait for a serving leader. */
    private static void awaitServed(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                GroupOffsets.end(admin, topic);
                return;
            } catch (Exception e) {
                assertThat(System.nanoTime()).as("topic %s served", topic).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    private static ThumbstreamService start(ThumbstreamConfig config) throws Exception {
        return new ThumbstreamService(config).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private static ThumbstreamConfig withKafka(ThumbstreamConfig c, Map<String, String> kafka) {
        return new ThumbstreamConfig(
                kafka,
                c.s3(),
                c.topics(),
                c.groupId(),
                c.renditions(),
                c.outputPrefix(),
                c.httpPort(),
                c.maxPixels(),
                c.maxSourceBytes(),
                c.pipeline(),
                c.stateDir());
    }

    private static ThumbstreamConfig withBackfillTopic(ThumbstreamConfig c, String backfill) {
        Topics t = c.topics();
        return new ThumbstreamConfig(
                c.kafka(),
                c.s3(),
                new Topics(t.uploads(), t.results(), t.deadLetters(), backfill, t.jobs()),
                c.groupId(),
                c.renditions(),
                c.outputPrefix(),
                c.httpPort(),
                c.maxPixels(),
                c.maxSourceBytes(),
                c.pipeline(),
                c.stateDir());
    }
}
