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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import thumbstream.ThumbstreamService;
import thumbstream.backfill.Backfill;
import thumbstream.backfill.BackfillOptions;
import thumbstream.backfill.BackfillSummary;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.event.EventJson;
import thumbstream.progress.JobReport;
import thumbstream.progress.JobWatcher;
import thumbstream.progress.ProgressLine;

/**
 * The rebrand case end to end: backfill a prefix of 2,000 images, watch the job reach 100% through
 * {@code GET /jobs/{id}}, then backfill it again as a second job, which must only skip.
 *
 * <p>"No renders" is read from the service's Prometheus metrics: the render timer's count
 * ({@code thumbstream_render_seconds_count}, one per decode-and-render) must not move during the
 * rerun, and neither may {@code thumbstream_results_total} with status {@code completed} or
 * {@code failed} (every render ends in one of them), while {@code skipped} grows by 2,000.
 */
class BackfillIT {

    private static final int OBJECTS = 2000;
    private static final String RENDERS = "thumbstream_render_seconds_count";
    private static final Pattern RESULTS = Pattern.compile(
            "^thumbstream_results_total\\{(?=[^}]*status=\"(\\w+)\")[^}]*} ([0-9.E]+)$", Pattern.MULTILINE);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void backfillsTwoThousandObjectsToOneHundredPercentAndARerunOnlySkips() throws Exception {
        Scenario scenario = new Scenario("backfill", 6);
        ThumbstreamConfig config = scenario.config; // backfill publishes to <scenario>.uploads.backfill, the lane
        scenario.uploadImages(OBJECTS);
        scenario.store.put(
                "media",
                scenario.prefix + "notes.txt",
                "not an image".getBytes(StandardCharsets.UTF_8),
                "text/plain",
                Map.of());

        try (ThumbstreamService service =
                new ThumbstreamService(config).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            URI base = URI.create("http://127.0.0.1:" + service.httpPort());

            // when the prefix is backfilled as job 1
            BackfillSummary first = Backfill.run(config, options(scenario, "rebrand-1"), quietLine());

            // then every image is published once, and the job reaches 100% with all of them completed
            assertThat(first.published()).isEqualTo(OBJECTS);
            assertThat(first.notImages()).isEqualTo(1);
            JobReport job1 = watch(base, "rebrand-1");
            assertThat(job1.total()).isEqualTo(OBJECTS);
            assertThat(job1.done()).isEqualTo(OBJECTS);
            assertThat(job1.percent()).isEqualTo(100.0);
            assertThat(job1.completed()).isEqualTo(OBJECTS);
            assertThat(job1.skipped()).isZero();
            assertThat(job1.failed()).isZero();
            assertThat(job1.failures()).isEmpty();
            Map<String, Double> afterFirst = results(base);
            double rendersAfterFirst = Metrics.scrape(service.httpPort()).value(RENDERS);
            assertThat(rendersAfterFirst).isGreaterThanOrEqualTo(OBJECTS);
            assertThat(afterFirst.get("completed")).isGreaterThanOrEqualTo(OBJECTS); // duplicates are allowed

            // when the same prefix is backfilled again as job 2
            BackfillSummary second = Backfill.run(config, options(scenario, "rebrand-2"), quietLine());

            // then all 2,000 results of job 2 are skipped, and nothing was rendered
            assertThat(second.published()).isEqualTo(OBJECTS);
            JobReport job2 = watch(base, "rebrand-2");
            assertThat(job2.done()).isEqualTo(OBJECTS);
            assertThat(job2.skipped()).isEqualTo(OBJECTS);
            assertThat(job2.completed()).isZero();
            assertThat(job2.failed()).isZero();
            Map<String, Double> afterSecond = results(base);
            assertThat(Metrics.scrape(service.httpPort()).value(RENDERS))
                    .as(RENDERS)
                    .isEqualTo(rendersAfterFirst);
            assertThat(renders(afterSecond)).as("completed + failed results").isEqualTo(renders(afterFirst));
            assertThat(afterSecond.get("skipped")).isGreaterThanOrEqualTo(OBJECTS);

            // and the job list shows both
            JsonNode list =
                    EventJson.mapper().readTree(get(base.resolve("/jobs")).body());
            assertThat(list.path("jobs").findValuesAsText("jobId")).contains("rebrand-1", "rebrand-2");
            System.out.printf("backfill: first run %s; rerun %s%n", first.describe(), second.describe());
            System.out.printf(
                    "progress: first job %.1f results/s, rerun %.1f results/s%n",
                    job1.ratePerSecond(), job2.ratePerSecond());
        }
    }

    private static BackfillOptions options(Scenario scenario, String jobId) {
        return new BackfillOptions("media", scenario.prefix, jobId, false, 0);
    }

    private static JobReport watch(URI base, String jobId) throws Exception {
        return new JobWatcher(
                        base,
                        jobId,
                        new ProgressLine(System.err, false, 5),
                        Duration.ofMillis(250),
                        Duration.ofMinutes(4))
                .await();
    }

    private static ProgressLine quietLine() {
        return new ProgressLine(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, 60);
    }

    /** {@code thumbstream_results_total} by status, summed over reasons. */
    private Map<String, Double> results(URI base) throws Exception {
        Map<String, Double> byStatus = new java.util.HashMap<>(Map.of("completed", 0.0, "skipped", 0.0, "failed", 0.0));
        Matcher m = RESULTS.matcher(get(base.resolve("/metrics")).body());
        while (m.find()) {
            byStatus.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
        return byStatus;
    }

    private static double renders(Map<String, Double> results) {
        return results.get("completed") + results.get("failed");
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
