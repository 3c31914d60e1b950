package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import thumbstream.ThumbstreamService;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.config.TopicCreation;
import thumbstream.config.Topics;
import thumbstream.event.JobAnnouncement;

/** The topic check at start-up and a job-progress view that waits for its topics, on the real broker. */
class StartupTopicsIT {

    @Test
    void aMissingUploadsTopicStopsTheServiceWithExitCodeTwoNamingTheTopic() throws Exception {
        Scenario s = new Scenario("no-uploads", 1);
        Map<String, String> env = new HashMap<>(s.env(Map.of()));
        env.put("THUMBSTREAM_UPLOADS_TOPIC", "no-such-uploads-topic");

        try (ServiceProcess service = ServiceProcess.start("no-uploads", env)) {
            assertThat(service.waitFor(Duration.ofMinutes(2))).as("exited").isTrue();
            assertThat(service.exitValue()).as(service.logTail()).isEqualTo(2);
            assertThat(service.logTail()).contains("topic 'no-such-uploads-topic'", "does not exist");
        }
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
                .with(b ->
                        b.pipeline = s.config.pipeline().with(p -> p.topicCreation = new TopicCreation(false, 1, 1)));
        HttpClient http = HttpClient.newHttpClient();

        try (ThumbstreamService service = start(config);
                Admin admin = SharedInfrastructure.get().admin();
                RawPublisher announcements = new RawPublisher(config.bootstrapServers(), jobsTopic)) {
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

    @Test
    void jobProgressComesBackAfterItsJobsTopicIsDeletedAndCreatedAgain() throws Exception {
        // given: a running service whose job progress knows a job
        Scenario s = new Scenario("jobs-deleted", 1);
        String jobsTopic = s.config.topics().jobs();
        HttpClient http = HttpClient.newHttpClient();
        try (ThumbstreamService service = start(s.config);
                Admin admin = SharedInfrastructure.get().admin()) {
            URI jobs = URI.create("http://127.0.0.1:" + service.httpPort() + "/jobs");
            announce(s, jobsTopic, "before");
            awaitStatus(http, URI.create(jobs + "/before"), 200);

            // when: the jobs topic is deleted (Kafka Streams fails with MissingSourceTopicException),
            // then created again and a new job announced on it
            admin.deleteTopics(List.of(jobsTopic)).all().get();
            awaitStatus(http, jobs, 503);
            awaitCreated(admin, jobsTopic);
            announce(s, jobsTopic, "after");

            // then: /jobs recovers by itself and knows the new job
            HttpResponse<String> answer = awaitStatus(http, URI.create(jobs + "/after"), 200);
            assertThat(answer.body()).contains("\"jobId\":\"after\"");
        }
    }

    private static void announce(Scenario s, String topic, String jobId) throws Exception {
        try (RawPublisher announcements = new RawPublisher(s.config.bootstrapServers(), topic)) {
            announcements.publishRaw(
                    0,
                    jobId,
                    JobAnnouncement.started(jobId, "media", "x/", Instant.now()).toBytes());
        }
    }

    /** Creates the topic again, retrying while the broker still finishes deleting it. */
    private static void awaitCreated(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                        .all()
                        .get();
                awaitLeader(admin, topic);
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(System.nanoTime())
                        .as("topic %s created again: %s", topic, e)
                        .isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    private static HttpResponse<String> awaitStatus(HttpClient http, URI uri, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        HttpResponse<String> answer = get(http, uri);
        while (answer.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(500);
            answer = get(http, uri);
        }
        assertThat(answer.statusCode()).as("%s: %s", uri, answer.body()).isEqualTo(status);
        return answer;
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
}
