package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import thumbstream.ThumbstreamService;
import thumbstream.backfill.Backfill;
import thumbstream.backfill.BackfillOptions;
import thumbstream.backfill.BackfillSummary;
import thumbstream.config.PipelineSettings;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.event.EventJson;
import thumbstream.event.UploadEvent;
import thumbstream.progress.JobReport;
import thumbstream.progress.JobWatcher;
import thumbstream.progress.ProgressLine;

/**
 * The status page at {@code /} in a real browser (headless Debian chromium) against a live service
 * during a backfill: the job's row and numbers are those {@code /jobs/{id}} reports, an object key
 * that is an HTML script tag is shown as text and never becomes an element, and the page's own
 * stylesheet passes its Content-Security-Policy (chromium logs every violation to its console).
 * Leaves a screenshot in {@code target/status-page.png}.
 */
class StatusPageIT {

    private static final int IMAGES = 400;
    private static final String JOB = "status-page";
    private static final String SCRIPT_KEY = "<script>alert(1)</script>.jpg";
    private static final String QUOTES_KEY = "\"quoted\" & 'single'.jpg";
    private static final Path SCREENSHOT = Path.of("target", "status-page.png");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void givenABackfillWithHostileKeys_whenTheStatusPageIsOpenedInABrowser_thenItShowsTheJobAsReportedAndTheKeysAsText()
            throws Exception {
        Chromium chromium = Chromium.required();
        Scenario scenario = new Scenario("status", 3);
        // One render at a time, so that the job is still running when the browser looks.
        ThumbstreamConfig config = scenario.config.with(
                b -> b.pipeline = PipelineSettings.defaults().with(p -> {
                    p.renderThreads = 1;
                    p.maxInFlightPerPartition = 1;
                }));
        scenario.uploadImages(IMAGES, 640, 480);
        scenario.store.put(
                "media",
                scenario.prefix + SCRIPT_KEY,
                "not a jpeg".getBytes(StandardCharsets.UTF_8),
                "image/jpeg",
                Map.of());
        scenario.store.put("media", scenario.prefix + QUOTES_KEY, TestImages.jpeg(64, 48), "image/jpeg", Map.of());

        try (ThumbstreamService service =
                new ThumbstreamService(config).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            URI base = URI.create("http://127.0.0.1:" + service.httpPort() + "/");
            FutureTask<BackfillSummary> backfill = new FutureTask<>(() ->
                    Backfill.run(config, new BackfillOptions("media", scenario.prefix, JOB, false, 0), quietLine()));
            new Thread(backfill, "it-status-backfill").start();

            // given the backfill is under way: listed, announced, and some results in
            awaitAnnouncedWithResults(base);

            // when the page is opened while it runs
            JobReport before = report(base);
            Chromium.Run shot = chromium.screenshot(base, SCREENSHOT, 1200, 1000);
            Chromium.Run running = chromium.dumpDom(base);
            JobReport after = report(base);

            // then the job is there, with numbers between the reports taken before and after
            String duringRun = jobSection(running.stdout());
            assertThat(number(duringRun, "data-field=\"done\"")).isBetween(before.done(), after.done());
            assertThat(number(duringRun, "data-count=\"completed\"")).isBetween(before.completed(), after.completed());
            System.out.printf(
                    "status page during the backfill: %s, %d of %s done; screenshot %s%n",
                    before.state(),
                    number(duringRun, "data-field=\"done\""),
                    before.total(),
                    SCREENSHOT.toAbsolutePath());

            // when the job is done and the page is opened again
            assertThat(backfill.get(2, TimeUnit.MINUTES).published()).isEqualTo(IMAGES + 2);
            JobReport done = watch(base);
            // (and the two hostile objects announced again, outside the job, so they are among the latest results)
            scenario.announce(List.of(
                    UploadEvent.created("media", scenario.prefix + SCRIPT_KEY),
                    UploadEvent.created("media", scenario.prefix + QUOTES_KEY)));
            awaitHostileResultsWithoutJob(base);
            Chromium.Run finished = chromium.dumpDom(base);

            // then every number on it is the one /jobs/{id} reports
            String dom = finished.stdout();
            String job = jobSection(dom);
            assertThat(done.state()).isEqualTo("done");
            assertThat(job).contains("data-field=\"state\">done<");
            assertThat(number(job, "data-field=\"total\""))
                    .isEqualTo(done.total())
                    .isEqualTo(IMAGES + 2L);
            assertThat(number(job, "data-field=\"done\"")).isEqualTo(done.done());
            assertThat(number(job, "data-count=\"completed\""))
                    .isEqualTo(done.completed())
                    .isEqualTo(IMAGES + 1L);
            assertThat(number(job, "data-count=\"skipped\"")).isEqualTo(done.skipped());
            assertThat(number(job, "data-count=\"failed\""))
                    .isEqualTo(done.failed())
                    .isEqualTo(1);
            assertThat(job).contains("data-field=\"percent\">100.0<");
            assertThat(job).contains(String.format(Locale.ROOT, "%.1f/s", done.ratePerSecond()));
            assertThat(done.failedByReason()).hasSize(1); // the script-named object is not an image
            done.failedByReason()
                    .forEach((reason, n) ->
                            assertThat(job).contains("data-reason=\"" + reason + "\">" + reason + ": " + n + "<"));

            // and the hostile keys are text: no script element, and the key's characters are all there
            assertThat(dom).doesNotContainIgnoringCase("<script");
            assertThat(job).contains(escaped(scenario.prefix + SCRIPT_KEY));
            assertThat(dom).contains("&lt;script&gt;alert(1)&lt;/script&gt;.jpg");
            assertThat(dom)
                    .contains("<tr data-status=\"failed\">")
                    .contains("class=\"key\">media/" + escaped(scenario.prefix + SCRIPT_KEY) + "<")
                    .contains("class=\"key\">media/" + escaped(scenario.prefix + QUOTES_KEY) + "<");
            // and the latest results carry colour swatches drawn from #rrggbb values
            assertThat(dom).containsPattern("<rect width=\"14\" height=\"14\" fill=\"#[0-9a-f]{6}\">");

            // and the browser saw nothing the page's Content-Security-Policy had to block
            assertThat(shot.stderr() + running.stderr() + finished.stderr()).doesNotContain("Content Security Policy");
            byte[] png = Files.readAllBytes(SCREENSHOT);
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        }
    }

    private void awaitAnnouncedWithResults(URI base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(base.resolve("/jobs/" + JOB));
            if (r.statusCode() == 200) {
                JobReport job = EventJson.mapper().readValue(r.body(), JobReport.class);
                if (job.total() != null && job.done() > 0) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + JOB + " was not announced with results within 2 minutes");
    }

    /** Waits until the page (as the service sends it) lists both hostile objects as results of no job. */
    private void awaitHostileResultsWithoutJob(URI base) throws Exception {
        String noJob = "(<br><span class=\"muted\">[^<]*</span>)?</td><td></td>";
        Pattern script = Pattern.compile(Pattern.quote("alert(1)&lt;/script&gt;.jpg") + noJob);
        Pattern quotes = Pattern.compile(Pattern.quote("&#39;single&#39;.jpg") + noJob);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            String page = get(base).body();
            if (script.matcher(page).find() && quotes.matcher(page).find()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the two hostile uploads were not among the latest results within a minute");
    }

    private JobReport report(URI base) throws Exception {
        HttpResponse<String> r = get(base.resolve("/jobs/" + JOB));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return EventJson.mapper().readValue(r.body(), JobReport.class);
    }

    private static JobReport watch(URI base) throws Exception {
        return new JobWatcher(
                        base,
                        JOB,
                        new ProgressLine(System.err, false, 5),
                        Duration.ofMillis(250),
                        Duration.ofMinutes(4))
                .await();
    }

    /** The job's section of the page, as the browser has it. */
    private static String jobSection(String dom) {
        Matcher m = Pattern.compile("<section class=\"job\" data-job=\"" + JOB + "\">.*?</section>", Pattern.DOTALL)
                .matcher(dom);
        assertThat(m.find())
                .as("a section for job %s in the DOM:%n%s", JOB, dom)
                .isTrue();
        return m.group();
    }

    /** The number in the element with {@code attribute}, e.g. {@code <dd data-count="failed">1</dd>}. */
    private static long number(String html, String attribute) {
        Matcher m = Pattern.compile(Pattern.quote(attribute) + ">([0-9]+)<").matcher(html);
        assertThat(m.find()).as("%s in %s", attribute, html).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** How a browser serialises the text: {@code & < >} as entities, quotes as they are. */
    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static ProgressLine quietLine() {
        return new ProgressLine(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, 60);
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
