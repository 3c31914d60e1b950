package thumbstream.progress;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import thumbstream.event.EventJson;

/**
 * The client side of {@code thumbstream watch}: polls {@code GET /jobs/{id}} and draws a progress
 * line until the job is done. Follows redirects, so any instance of the service will do.
 */
public final class JobWatcher {

    /** The service could not be asked (unreachable, or the watch timed out). */
    public static final class WatchException extends Exception {

        private static final long serialVersionUID = 1L;

        WatchException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final int BAR_WIDTH = 30;
    private static final int MAX_CONSECUTIVE_ERRORS = 10;

    private final URI jobUri;
    private final String jobId;
    private final ProgressLine line;
    private final Duration interval;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    /**
     * @param baseUrl  the service, e.g. {@code http://127.0.0.1:8080}
     * @param timeout  give up after this long; null to wait as long as it takes
     */
    public JobWatcher(URI baseUrl, String jobId, ProgressLine line, Duration interval, Duration timeout) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        this.jobUri = URI.create(base + "/jobs/"
                + URLEncoder.encode(jobId, StandardCharsets.UTF_8).replace("+", "%20"));
        this.jobId = jobId;
        this.line = line;
        this.interval = interval;
        this.timeout = timeout;
    }

    /** Polls until the job is done; returns its final report. */
    public JobReport await() throws WatchException, InterruptedException {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        int errors = 0;
        while (true) {
            HttpResponse<byte[]> response = null;
            try {
                response = http.send(
                        HttpRequest.newBuilder(jobUri)
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                errors = 0;
            } catch (IOException e) {
                if (++errors >= MAX_CONSECUTIVE_ERRORS) {
                    throw new WatchException("cannot reach " + jobUri + ": " + e, e);
                }
                line.update("job " + jobId + ": cannot reach " + jobUri.getAuthority() + " ("
                        + e.getClass().getSimpleName() + "), retrying");
            }
            if (response != null && response.statusCode() == 200) {
                JobReport report = parse(response.body());
                if (report.finished()) {
                    line.finish(describe(report));
                    return report;
                }
                line.update(describe(report));
            } else if (response != null && response.statusCode() == 404) {
                line.update("job " + jobId + ": not seen yet (not announced so far), waiting");
            } else if (response != null) {
                line.update("job " + jobId + ": service answers HTTP " + response.statusCode() + ", waiting");
            }
            if (System.nanoTime() > deadline) {
                throw new WatchException("job " + jobId + " not done after " + timeout.toSeconds() + " s", null);
            }
            Thread.sleep(interval.toMillis());
        }
    }

    /** A 200 that is not a job report is not something waiting fixes: probably not a Thumbstream URL. */
    private JobReport parse(byte[] body) throws WatchException {
        try {
            return EventJson.mapper().readValue(body, JobReport.class);
        } catch (IOException e) {
            throw new WatchException(
                    jobUri + " did not answer with a job report (is it a Thumbstream service?): " + e.getMessage(), e);
        }
    }

    /** E.g. {@code [#########.....]  1,500/2,000  75.0%  120.5/s  ETA 4s  (completed 1,490, skipped 0, failed 10)}. */
    static String describe(JobReport r) {
        if (r.total() == null) {
            return String.format(
                    Locale.ROOT, "job %s: listing…  %,d done so far  %,.1f/s", r.jobId(), r.done(), r.ratePerSecond());
        }
        long total = r.total();
        int filled = total == 0 ? BAR_WIDTH : (int) Math.min(BAR_WIDTH, r.done() * BAR_WIDTH / total);
        String bar = "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
        return String.format(
                Locale.ROOT,
                "[%s] %,d/%,d %5.1f%%  %,.1f/s  ETA %s  (completed %,d, skipped %,d, failed %,d)",
                bar,
                r.done(),
                total,
                r.percent(),
                r.ratePerSecond(),
                eta(r),
                r.completed(),
                r.skipped(),
                r.failed());
    }

    private static String eta(JobReport r) {
        long remaining = Math.max(0, r.total() - r.done());
        if (remaining == 0) {
            return "0s";
        }
        if (r.ratePerSecond() <= 0) {
            return "--";
        }
        long seconds = (long) Math.ceil(remaining / r.ratePerSecond());
        return seconds < 60
                ? seconds + "s"
                : seconds < 3600
                        ? (seconds / 60) + "m" + (seconds % 60) + "s"
                        : (seconds / 3600) + "h" + (seconds % 3600 / 60) + "m";
    }
}
