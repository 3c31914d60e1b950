package thumbstream.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import thumbstream.event.FailureReason;
import thumbstream.event.JobAnnouncement;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.ErrorInfo;
import thumbstream.event.ThumbnailEvent.Placeholder;
import thumbstream.event.ThumbnailEvent.Status;

class StatusPageTest {

    private static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");
    private static final String HOSTILE = "<script>alert(1)</script>\"' onmouseover=\"x";

    @Test
    void showsAJobWithItsProgressCountsRateEtaAndFailures() {
        JobProgress p = JobProgress.empty("rebrand")
                .announced(JobAnnouncement.started("rebrand", "media", "originals/", AT)
                        .finished(4, AT));
        p = p.replaced(null, result("a.jpg", "completed", null), AT);
        p = p.replaced(null, result("b.jpg", "failed", "corrupt-image"), AT.plusSeconds(2));

        String html = render(List.of(JobReport.of(p)), List.of());

        assertThat(html).contains("<section class=\"job\" data-job=\"rebrand\">");
        assertThat(html).contains("<progress max=\"4\" value=\"2\"></progress>");
        assertThat(html).contains("<span data-field=\"percent\">50.0</span>%");
        assertThat(html).contains("<dd data-count=\"completed\">1</dd>", "<dd data-count=\"failed\">1</dd>");
        assertThat(html).contains("<dd data-field=\"rate\">1.0/s</dd>", "<dd data-field=\"eta\">2 s</dd>");
        assertThat(html).contains("<span data-reason=\"corrupt-image\">corrupt-image: 1</span>");
        assertThat(html).contains("<td class=\"key\">b.jpg</td>");
    }

    @Test
    void escapesEveryProducerTextSoNoMarkupOrAttributeCanBeInjected() {
        JobProgress p = JobProgress.empty(HOSTILE)
                .announced(
                        JobAnnouncement.started(HOSTILE, HOSTILE, HOSTILE, AT).finished(1, AT))
                .replaced(null, new JobInput.Result(HOSTILE, "media", HOSTILE, "failed", HOSTILE, HOSTILE, AT), AT);
        ThumbnailEvent failed = new ThumbnailEvent(
                "id",
                Status.FAILED,
                HOSTILE,
                HOSTILE,
                HOSTILE,
                HOSTILE,
                null,
                new ErrorInfo(FailureReason.CORRUPT_IMAGE, HOSTILE),
                1,
                5,
                AT);

        String html = render(List.of(JobReport.of(p)), List.of(failed));

        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContain("onmouseover=\"");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39; onmouseover=&quot;x");
        // apart from the page's own attributes, no quote survives: each attribute value is closed by us
        assertThat(html.replace("&quot;", "")).doesNotContain("\"x");
    }

    @Test
    void drawsOnlyColoursThatAreExactlyRrggbbAndShowsTheRestAsEscapedText() {
        ThumbnailEvent good = completed("good.jpg", new Placeholder(null, null, "#A1B2C3", "#000000"));
        ThumbnailEvent bad =
                completed("bad.jpg", new Placeholder(null, null, "red;background:url(//evil)", "#12345\"><script>"));

        String html = render(List.of(), List.of(good, bad));

        assertThat(html).contains("fill=\"#a1b2c3\"", "fill=\"#000000\"");
        assertThat(fills(html)).containsExactly("#a1b2c3", "#000000");
        assertThat(html).contains("invalid red;background:url(…", "invalid #12345&quot;&gt;&lt;script&gt;");
        assertThat(html).doesNotContain("url(//evil)\"", "<script");
    }

    @Test
    void rendersAtMostTheLatestTwentyJobsAndTwentyResults() {
        List<JobReport> jobs = IntStream.range(0, 50)
                .mapToObj(i -> JobReport.of(JobProgress.empty("job-" + i)
                        .replaced(null, result("k" + i, "completed", null), AT.plusSeconds(i))))
                .toList();
        List<ThumbnailEvent> results = new ArrayList<>();
        IntStream.range(0, 50).forEach(i -> results.add(completed("r" + i, null)));

        String html = render(jobs, results);

        assertThat(count(html, "<section class=\"job\"")).isEqualTo(StatusPage.MAX_JOBS);
        assertThat(html).contains("data-job=\"job-49\"").doesNotContain("data-job=\"job-29\"");
        assertThat(html).contains("30 older jobs not shown");
        assertThat(count(html, "<tr data-status=")).isEqualTo(StatusPage.MAX_RESULTS);
    }

    @Test
    void cutsLongKeysAndShowsInvisibleCharactersVisibly() {
        String longKey = "k".repeat(5000);
        String spoof = "invoice\u202Egpj.exe\nforged";

        String html = render(List.of(), List.of(completed(longKey, null), completed(spoof, null)));

        assertThat(html).doesNotContain("k".repeat(301)).contains("k".repeat(299) + "…");
        assertThat(html).contains("invoice\\u202egpj.exe\\u000aforged");
    }

    @Test
    void theOnlyStyleIsTheOneThePolicyAllowsByItsHashAndNothingElseMayLoad() throws Exception {
        String html = render(List.of(), List.of());

        Matcher style = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(html);
        assertThat(style.find()).isTrue();
        String digest = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest(style.group(1).getBytes(StandardCharsets.UTF_8)));
        assertThat(StatusPage.CONTENT_SECURITY_POLICY)
                .startsWith("default-src 'none'; style-src 'sha256-" + digest + "';")
                .doesNotContain("unsafe");
        assertThat(html).contains("<meta http-equiv=\"refresh\" content=\"5\">");
        assertThat(html).doesNotContain("<script", "<link", "<img", "http://", "https://");
    }

    @Test
    void aJobStillListingHasAnOpenEndedBarAndNoEta() {
        JobProgress p = JobProgress.empty("listing").announced(JobAnnouncement.started("listing", "m", "", AT));

        String html = render(List.of(JobReport.of(p)), List.of());

        assertThat(html).contains("<progress></progress> listing…", "<dd data-field=\"eta\">–</dd>");
    }

    @Test
    void saysWhyJobsAreMissingWhenProgressIsUnavailable() {
        String html = StatusPage.render(
                new StatusPage.Snapshot(AT, List.of(), "job progress has not started <yet>", List.of()));

        assertThat(html).contains("Job progress is unavailable: job progress has not started &lt;yet&gt;");
    }

    private static String render(List<JobReport> jobs, List<ThumbnailEvent> results) {
        return StatusPage.render(new StatusPage.Snapshot(AT, jobs, null, results));
    }

    private static JobInput.Result result(String key, String status, String reason) {
        return new JobInput.Result("job", "media", key, status, reason, reason == null ? null : "bad bytes", AT);
    }

    private static ThumbnailEvent completed(String key, Placeholder placeholder) {
        return new ThumbnailEvent(
                "id", Status.COMPLETED, "media", key, "etag", "job", List.of(), placeholder, null, 1, 12, AT);
    }

    private static List<String> fills(String html) {
        Matcher m = Pattern.compile("fill=\"([^\"]*)\"").matcher(html);
        List<String> fills = new ArrayList<>();
        while (m.find()) {
            fills.add(m.group(1));
        }
        return fills;
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
