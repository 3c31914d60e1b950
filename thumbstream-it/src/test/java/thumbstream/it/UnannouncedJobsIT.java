package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import thumbstream.ThumbstreamService;
import thumbstream.backfill.Backfill;
import thumbstream.backfill.BackfillOptions;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.event.EventJson;
import thumbstream.event.JobAnnouncement;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.Status;
import thumbstream.progress.JobReport;
import thumbstream.progress.JobWatcher;
import thumbstream.progress.ProgressLine;

/**
 * Job progress counts only jobs announced on the jobs topic: a result written straight to the
 * results topic with a made-up job id, and the result of an upload event that names a job nobody
 * announced, create no job; results that reach the view before their job's announcement are
 * counted once it comes; a real backfill counts every object. In-process service, real broker and
 * S3 server.
 */
class UnannouncedJobsIT {

    private static final String HELD = "thumbstream_progress_unannounced_results_total{outcome=\"held\"}";
    private static final String COUNTED = "thumbstream_progress_unannounced_results_total{outcome=\"counted\"}";
    private static final int OBJECTS = 20;
    private static final int EARLY = 3;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void onlyAnnouncedJobsCountAndResultsThatComeBeforeTheirAnnouncementStillDo() throws Exception {
        Scenario s = new Scenario("unannounced", 3);
        ThumbstreamConfig config = s.config;
        s.uploadImages(OBJECTS);
        String forgedUploadKey = s.prefix + "img-0.jpg";

        try (ThumbstreamService service = new ThumbstreamService(config)
                        .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                RawPublisher results = new RawPublisher(
                        config.bootstrapServers(), config.topics().results());
                RawPublisher uploads = new RawPublisher(
                        config.bootstrapServers(), config.topics().uploads());
                RawPublisher jobs = new RawPublisher(
                        config.bootstrapServers(), config.topics().jobs())) {
            URI base = URI.create("http://127.0.0.1:" + service.httpPort());

            // given: a result with a forged job id written straight to the results topic,
            results.publishRaw(null, "media/forged.jpg", result("forged-result", "forged.jpg"));
            // an upload event naming a job nobody announced (the service renders it and says so in its result),
            uploads.publishRaw(
                    null,
                    "media/" + forgedUploadKey,
                    ("{\"bucket\":\"media\",\"key\":\"" + forgedUploadKey + "\",\"jobId\":\"forged-upload\"}")
                            .getBytes(StandardCharsets.UTF_8));
            // and results of a job that reach the view before its announcement
            for (int i = 0; i < EARLY; i++) {
                results.publishRaw(null, "media/early-" + i + ".jpg", result("early", "early-" + i + ".jpg"));
            }
            awaitMetric(service, HELD, 2 + EARLY);

            // then: none of them is a job
            assertThat(status(base, "/jobs/forged-result")).isEqualTo(404);
            assertThat(status(base, "/jobs/forged-upload")).isEqualTo(404);
            assertThat(status(base, "/jobs/early")).isEqualTo(404);

            // when: the early job is announced after its results
            jobs.publishRaw(
                    null,
                    "early",
                    JobAnnouncement.started("early", "media", "", Instant.now()).toBytes());

            // then: the results it was waiting for count
            JsonNode early = awaitJob(base, "early", EARLY);
            assertThat(early.path("completed").asLong()).isEqualTo(EARLY);
            assertThat(Metrics.scrape(service.httpPort()).value(COUNTED)).isEqualTo(EARLY);

            // when: a real backfill runs
            Backfill.run(config, new BackfillOptions("media", s.prefix, "real", false, 0), quietLine());

            // then: it counts every object, and the forged jobs still do not exist
            JobReport real = new JobWatcher(
                            base,
                            "real",
                            new ProgressLine(System.err, false, 5),
                            Duration.ofMillis(250),
                            Duration.ofMinutes(3))
                    .await();
            assertThat(real.total()).isEqualTo(OBJECTS);
            assertThat(real.done()).isEqualTo(OBJECTS);
            assertThat(real.completed() + real.skipped()).isEqualTo(OBJECTS);
            JsonNode list = EventJson.mapper().readTree(get(base, "/jobs").body());
            assertThat(list.path("jobs").findValuesAsText("jobId")).containsExactlyInAnyOrder("early", "real");
        }
    }

    private static byte[] result(String jobId, String key) {
        return EventJson.toBytes(new ThumbnailEvent(
                "id-" + key,
                Status.COMPLETED,
                "media",
                key,
                "etag",
                jobId,
                List.of(),
                null,
                null,
                1,
                5,
                Instant.now()));
    }

    private static void awaitMetric(ThumbstreamService service, String series, double atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        double value = 0;
        while (System.nanoTime() < deadline) {
            value = Metrics.scrape(service.httpPort()).value(series);
            if (value >= atLeast) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(series + " stayed at " + value + ", expected at least " + atLeast);
    }

    private JsonNode awaitJob(URI base, String jobId, long done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(base, "/jobs/" + jobId);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonNode job = EventJson.mapper().readTree(r.body());
                if (job.path("done").asLong() >= done) {
                    return job;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + jobId + " did not reach " + done + " results: " + last);
    }

    private int status(URI base, String path) throws Exception {
        return get(base, path).statusCode();
    }

    private HttpResponse<String> get(URI base, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ProgressLine quietLine() {
        return new ProgressLine(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, 60);
    }
}
