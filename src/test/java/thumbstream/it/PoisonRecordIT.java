package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import thumbstream.ThumbstreamService;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.config.TopicCreation;
import thumbstream.config.Topics;
import thumbstream.dev.ResultsReader;
import thumbstream.dev.UploadPublisher;
import thumbstream.event.EventJson;
import thumbstream.event.FailureReason;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.progress.JobAnnouncement;

/**
 * Records that used to stop a partition or the job-progress view, on the real broker and S3
 * server: each is followed by a good upload on the same partition, which must complete, and every
 * offset must be committed.
 */
class PoisonRecordIT {

    @Test
    void aValueJustUnderOneMebibyteIsDeadLetteredCutToFitAndTheUploadAfterItCompletes() throws Exception {
        // given: 1,048,300 random bytes (accepted by the broker; value plus DLQ headers are not)
        Scenario s = new Scenario("poison-1mib", 1);
        byte[] poison = new byte[1_048_300];
        new Random(42).nextBytes(poison);
        s.store.put("media", s.prefix + "after.jpg", TestImages.jpeg(96, 64), "image/jpeg", Map.of());

        List<ThumbnailEvent> results;
        try (ThumbstreamService service = start(s.config);
                ResultsReader reader = new ResultsReader(
                        s.config.bootstrapServers(), s.config.topics().results());
                UploadPublisher publisher = new UploadPublisher(
                        s.config.bootstrapServers(), s.config.topics().uploads())) {
            // when
            publisher.publishRaw(0, "poison", poison);
            publisher.publishRaw(0, s.prefix + "after.jpg", upload(s.prefix + "after.jpg"));
            results = reader.read(2, Duration.ofMinutes(2));
            awaitAllCommitted(s);
        }

        // then: the poison record failed as invalid-event, keyed by its record key; the upload after it completed
        // (results of different keys may arrive in any order: the results topic has several partitions)
        assertThat(results).hasSize(2);
        assertThat(results)
                .filteredOn(r -> r.status() == ThumbnailEvent.Status.FAILED)
                .singleElement()
                .satisfies(r -> assertThat(r.error().reason()).isEqualTo(FailureReason.INVALID_EVENT));
        assertThat(results)
                .filteredOn(r -> r.status() == ThumbnailEvent.Status.COMPLETED)
                .extracting(ThumbnailEvent::key)
                .containsExactly(s.prefix + "after.jpg");
        // and its dead letter is there, cut to fit, saying so and how large the original was
        List<ConsumerRecord<byte[], byte[]>> dead = DeadLetters.readAll(
                s.config.bootstrapServers(), s.config.topics().deadLetters(), Duration.ofSeconds(30));
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(header(r, "thumbstream.truncated")).isEqualTo("value");
            assertThat(header(r, "thumbstream.original.size")).isEqualTo("1048300");
            assertThat(header(r, "thumbstream.reason")).isEqualTo("invalid-event");
            assertThat(r.value().length).isLessThan(poison.length).isGreaterThan(900_000);
            assertThat(r.value()).isEqualTo(Arrays.copyOf(poison, r.value().length));
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("poison");
        });
    }

    @Test
    void aNotificationWithTenThousandRecordsFailsWholeAsInvalidEventAndIsDeadLetteredWhole() throws Exception {
        // given: one S3 notification naming 10,000 objects (the limit is 100 by default)
        Scenario s = new Scenario("poison-records", 1);
        byte[] notification = notification(10_000);
        s.store.put("media", s.prefix + "after.jpg", TestImages.jpeg(96, 64), "image/jpeg", Map.of());

        List<ThumbnailEvent> results;
        try (ThumbstreamService service = start(s.config);
                ResultsReader reader = new ResultsReader(
                        s.config.bootstrapServers(), s.config.topics().results());
                UploadPublisher publisher = new UploadPublisher(
                        s.config.bootstrapServers(), s.config.topics().uploads())) {
            // when
            publisher.publishRaw(0, "media/bulk", notification);
            publisher.publishRaw(0, s.prefix + "after.jpg", upload(s.prefix + "after.jpg"));
            results = reader.read(2, Duration.ofMinutes(2));
            results.addAll(reader.read(1, Duration.ofSeconds(2))); // nothing per object may follow
            awaitAllCommitted(s);
        }

        // then: one result for the whole notification, none per object, and the upload after it completed
        assertThat(results).hasSize(2);
        assertThat(results)
                .filteredOn(r -> r.status() == ThumbnailEvent.Status.FAILED)
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.error().reason()).isEqualTo(FailureReason.INVALID_EVENT);
                    assertThat(r.error().message()).contains("10000", "limit is 100");
                });
        assertThat(results)
                .filteredOn(r -> r.status() == ThumbnailEvent.Status.COMPLETED)
                .extracting(ThumbnailEvent::key)
                .containsExactly(s.prefix + "after.jpg");
        // and the dead letter holds the notification byte for byte, so it can be replayed with a higher limit
        List<ConsumerRecord<byte[], byte[]>> dead = DeadLetters.readAll(
                s.config.bootstrapServers(), s.config.topics().deadLetters(), Duration.ofSeconds(30));
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(r.value()).isEqualTo(notification);
            assertThat(r.headers().lastHeader("thumbstream.truncated")).isNull();
        });
    }

    @Test
    void createsMissingOutputTopicsAtStartUp() throws Exception {
        // given: only the uploads topic exists
        Scenario s = new Scenario("topics-created", 1);
        String id = "created-" + Instant.now().toEpochMilli();
        Topics topics = new Topics(
                s.config.topics().uploads(),
                id + ".thumbnails",
                id + ".dlq",
                s.config.topics().backfill(),
                id + ".jobs");
        ThumbstreamConfig config = withTopics(s.config, topics);

        // when
        try (ThumbstreamService service = start(config);
                Admin admin = SharedInfrastructure.get().admin()) {
            // then
            assertThat(admin.listTopics().names().get())
                    .contains(topics.results(), topics.deadLetters(), topics.jobs());
        }
    }

    @Test
    void jobProgressRecoversOnceAMissingJobsTopicIsCreated() throws Exception {
        // given: a jobs topic that does not exist, and topic creation switched off
        Scenario s = new Scenario("jobs-later", 1);
        String jobsTopic = s.config.topics().jobs() + "-later";
        ThumbstreamConfig config = withTopics(
                        s.config,
                        new Topics(
                                s.config.topics().uploads(),
                                s.config.topics().results(),
                                s.config.topics().deadLetters(),
                                s.config.topics().backfill(),
                                jobsTopic))
                .withPipeline(s.config.pipeline().withTopicCreation(new TopicCreation(false, 1, 1)));
        HttpClient http = HttpClient.newHttpClient();

        try (ThumbstreamService service = start(config);
                Admin admin = SharedInfrastructure.get().admin();
                UploadPublisher announcements = new UploadPublisher(config.bootstrapServers(), jobsTopic)) {
            URI jobs = URI.create("http://127.0.0.1:" + service.httpPort() + "/jobs");
            // then: while the topic is missing, /jobs says so
            assertThat(get(http, jobs).statusCode()).isEqualTo(503);

            // when: the topic appears and a job is announced on it
            admin.createTopics(List.of(new NewTopic(jobsTopic, 1, (short) 1)))
                    .all()
                    .get();
            awaitLeader(admin, jobsTopic);
            announcements.publishRaw(
                    0,
                    "late-job",
                    JobAnnouncement.started("late-job", "media", "x/", Instant.now())
                            .toBytes());

            // then: /jobs recovers by itself and knows the job
            URI job = URI.create(jobs + "/late-job");
            HttpResponse<String> answer = get(http, job);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (answer.statusCode() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                answer = get(http, job);
            }
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"jobId\":\"late-job\"");
        }
    }

    private static ThumbstreamService start(ThumbstreamConfig config) throws Exception {
        return new ThumbstreamService(config).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private static ThumbstreamConfig withTopics(ThumbstreamConfig c, Topics topics) {
        return new ThumbstreamConfig(
                c.kafka(),
                c.s3(),
                topics,
                c.groupId(),
                c.renditions(),
                c.outputPrefix(),
                c.httpPort(),
                c.maxPixels(),
                c.maxSourceBytes(),
                c.pipeline(),
                c.stateDir());
    }

    private static void awaitAllCommitted(Scenario s) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!s.allCommitted()) {
            assertThat(System.nanoTime())
                    .as("every offset committed within a minute")
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void awaitLeader(Admin admin, String topic) throws Exception {
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

    private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An S3 notification of {@code count} created objects, as compact as S3 allows (under 1 MiB). */
    private static byte[] notification(int count) {
        StringBuilder json = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"media\"},")
                    .append("\"object\":{\"key\":\"o")
                    .append(i)
                    .append("\"}}}");
        }
        byte[] bytes = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).as("notification size").isLessThan(1024 * 1024);
        return bytes;
    }

    private static byte[] upload(String key) {
        return EventJson.toBytes(UploadEvent.created("media", key));
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
