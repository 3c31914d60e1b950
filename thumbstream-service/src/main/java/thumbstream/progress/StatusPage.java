package thumbstream.progress;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import thumbstream.event.ThumbnailEvent;

/**
 * The status page at {@code /} of the management port, as a pure function from a {@link Snapshot}
 * to HTML: the latest jobs with a progress bar, counts by status, rate, ETA, failures by reason and
 * the latest failed keys; then the latest results with their placeholder colours.
 *
 * <p>Hostile input: every text from events (keys, buckets, job ids, messages, colours) passes
 * {@link Html#text}; a colour is drawn only when it is exactly {@code #rrggbb}, and then as an SVG
 * {@code fill}, not as CSS. The only stylesheet is {@link #CSS}, allowed by its hash in
 * {@link #CONTENT_SECURITY_POLICY}; there is no script, image or other resource to load. The page
 * is bounded whatever the producers do: at most {@value #MAX_JOBS} jobs, {@value #MAX_FAILED_KEYS}
 * failed keys each, {@value #MAX_RESULTS} results, every text cut.
 */
final class StatusPage {

    static final int MAX_JOBS = 20;
    static final int MAX_RESULTS = 20;
    static final int MAX_FAILED_KEYS = 5;
    static final int REFRESH_SECONDS = 5;
    private static final int MAX_KEY_CHARS = 300;
    private static final int MAX_NAME_CHARS = 200;
    private static final int MAX_MESSAGE_CHARS = 200;

    static final String CSS = "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;background:#fafafa}"
            + "h1{font-size:1.4em;margin:0}h2{font-size:1.15em;margin:1.4em 0 .5em}h3{font-size:1em;margin:0}"
            + ".muted{color:#666}.warn{color:#a40}"
            + ".job{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.7em 1em;margin:.6em 0}"
            + "progress{width:24em;height:1em;vertical-align:middle}"
            + ".state{font-size:.8em;padding:.1em .5em;border-radius:1em;background:#eee}"
            + ".state-done{background:#d7f0d7}.state-running{background:#dde8fb}"
            + "dl{display:flex;flex-wrap:wrap;gap:.3em 1.5em;margin:.5em 0}dt{color:#666;font-size:.85em}dd{margin:0}"
            + "table{border-collapse:collapse;background:#fff}td,th{border-bottom:1px solid #eee;padding:.2em .6em;"
            + "text-align:left;vertical-align:top}.key{font-family:monospace;word-break:break-all;max-width:40em}"
            + ".failed{color:#a00}.swatch{vertical-align:middle;border:1px solid #ccc;margin-right:.2em}"
            + "code{font-size:.85em}.nw{white-space:nowrap}";

    /** Nothing but the stylesheet above: no script, no image, no frame, no form target. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src " + hash(CSS)
            + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /**
     * What the page shows.
     *
     * @param now             when the snapshot was taken
     * @param jobs            every job this instance holds (the page picks the latest)
     * @param jobsUnavailable why job progress could not be read right now, or null
     * @param latest          the latest results, newest first
     */
    record Snapshot(Instant now, List<JobReport> jobs, String jobsUnavailable, List<ThumbnailEvent> latest) {
        Snapshot {
            jobs = jobs == null ? List.of() : jobs;
            latest = latest == null ? List.of() : latest;
        }
    }

    private StatusPage() {}

    static String render(Snapshot s) {
        StringBuilder h = new StringBuilder(16 * 1024);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"")
                .append(REFRESH_SECONDS)
                .append("\"><title>Thumbstream status</title><style>")
                .append(CSS)
                .append("</style></head><body><h1>Thumbstream</h1><p class=\"muted\">")
                .append(s.now().truncatedTo(ChronoUnit.SECONDS))
                .append(" · this instance's jobs and results · refreshes every ")
                .append(REFRESH_SECONDS)
                .append(" s</p>\n<h2>Jobs</h2>\n");
        jobs(h, s);
        h.append("<h2>Latest results</h2>\n");
        ResultsTable.render(h, s.latest().stream().limit(MAX_RESULTS).toList());
        return h.append("</body></html>\n").toString();
    }

    private static void jobs(StringBuilder h, Snapshot s) {
        if (s.jobsUnavailable() != null) {
            h.append("<p class=\"warn\">Job progress is unavailable: ")
                    .append(Html.text(s.jobsUnavailable(), MAX_MESSAGE_CHARS))
                    .append("</p>\n");
        } else if (s.jobs().isEmpty()) {
            h.append("<p class=\"muted\">No jobs yet.</p>\n");
        }
        List<JobReport> shown = s.jobs().stream()
                .filter(Objects::nonNull)
                .sorted(Comparator.comparing(StatusPage::lastActivity, Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(JobReport::jobId, Comparator.nullsLast(Comparator.naturalOrder())))
                .limit(MAX_JOBS)
                .toList();
        shown.forEach(job -> job(h, job));
        if (s.jobs().size() > shown.size()) {
            h.append("<p class=\"muted\">")
                    .append(s.jobs().size() - shown.size())
                    .append(" older jobs not shown; GET /jobs lists them all.</p>\n");
        }
    }

    private static void job(StringBuilder h, JobReport j) {
        h.append("<section class=\"job\" data-job=\"")
                .append(Html.text(j.jobId(), MAX_NAME_CHARS))
                .append("\"><h3>")
                .append(Html.text(j.jobId(), MAX_NAME_CHARS))
                .append(" <span class=\"state state-")
                .append(Html.text(j.state(), 20))
                .append("\" data-field=\"state\">")
                .append(Html.text(j.state(), 20))
                .append("</span></h3>");
        if (j.bucket() != null) {
            h.append("<p class=\"muted key\">")
                    .append(Html.text(j.bucket(), MAX_NAME_CHARS))
                    .append('/')
                    .append(Html.text(j.prefix(), MAX_NAME_CHARS))
                    .append("</p>");
        }
        h.append("<p>");
        if (j.total() == null) {
            h.append("<progress></progress> listing… <span data-field=\"done\">")
                    .append(j.done())
                    .append("</span> done");
        } else {
            long max = Math.max(1, j.total());
            h.append("<progress max=\"")
                    .append(max)
                    .append("\" value=\"")
                    .append(Math.min(max, j.total() == 0 ? 1 : j.done()))
                    .append("\"></progress> <span data-field=\"percent\">")
                    .append(String.format(Locale.ROOT, "%.1f", j.percent()))
                    .append("</span>% · <span data-field=\"done\">")
                    .append(j.done())
                    .append("</span> of <span data-field=\"total\">")
                    .append(j.total())
                    .append("</span>");
        }
        h.append("</p><dl>");
        count(h, "completed", j.completed());
        count(h, "skipped", j.skipped());
        count(h, "deleted", j.deleted());
        count(h, "failed", j.failed());
        h.append("<div><dt>rate</dt><dd data-field=\"rate\">")
                .append(String.format(Locale.ROOT, "%.1f", j.ratePerSecond()))
                .append("/s</dd></div><div><dt>ETA</dt><dd data-field=\"eta\">")
                .append(eta(j))
                .append("</dd></div></dl>");
        failures(h, j);
        h.append("</section>\n");
    }

    private static void count(StringBuilder h, String status, long n) {
        h.append("<div><dt>")
                .append(status)
                .append("</dt><dd data-count=\"")
                .append(status)
                .append("\">")
                .append(n)
                .append("</dd></div>");
    }

    private static void failures(StringBuilder h, JobReport j) {
        Map<String, Long> byReason = j.failedByReason() == null ? Map.of() : j.failedByReason();
        if (byReason.isEmpty()) {
            return;
        }
        h.append("<p class=\"failed\">Failures by reason: ");
        byReason.entrySet().stream()
                .limit(20)
                .forEach(e -> h.append("<span data-reason=\"")
                        .append(Html.text(e.getKey(), 40))
                        .append("\">")
                        .append(Html.text(e.getKey(), 40))
                        .append(": ")
                        .append(e.getValue())
                        .append("</span> "));
        h.append("</p>");
        List<JobProgress.Failure> listed = j.failures() == null ? List.of() : j.failures();
        if (listed.isEmpty()) {
            return;
        }
        h.append("<table><thead><tr><th>latest failed</th><th>reason</th><th>message</th></tr></thead><tbody>");
        // The list keeps failures in the order they came: the latest are at its end.
        for (int i = listed.size() - 1; i >= Math.max(0, listed.size() - MAX_FAILED_KEYS); i--) {
            JobProgress.Failure f = listed.get(i);
            h.append("<tr><td class=\"key\">")
                    .append(Html.text(f.key(), MAX_KEY_CHARS))
                    .append("</td><td>")
                    .append(Html.text(f.reason(), 40))
                    .append("</td><td>")
                    .append(Html.text(f.message(), MAX_MESSAGE_CHARS))
                    .append("</td></tr>");
        }
        h.append("</tbody></table>");
    }

    /** Time left at the job's rate so far; a dash while the total or the rate is unknown. */
    static String eta(JobReport j) {
        if (j.finished()) {
            return "done";
        }
        if (j.total() == null || j.ratePerSecond() <= 0) {
            return "–";
        }
        long seconds = (long) Math.ceil(Math.max(0, j.total() - j.done()) / j.ratePerSecond());
        Duration d = Duration.ofSeconds(seconds);
        if (d.toHours() > 0) {
            return String.format(Locale.ROOT, "%d h %02d min", d.toHours(), d.toMinutesPart());
        }
        return d.toMinutes() > 0
                ? String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart())
                : d.toSeconds() + " s";
    }

    private static Instant lastActivity(JobReport j) {
        return Stream.of(j.lastResultAt(), j.finishedListingAt(), j.startedAt())
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    private static String hash(String css) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(css.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
