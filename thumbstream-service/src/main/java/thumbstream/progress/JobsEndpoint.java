package thumbstream.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import thumbstream.event.EventJson;

/**
 * {@code GET /jobs?limit=&after=}: {@code {"jobs":[…],"next":"…"}}, one page of summaries of the
 * jobs this instance holds, by job id ({@link JobLookup#ID_ORDER}): {@value #DEFAULT_LIMIT} unless
 * {@code limit} says otherwise, never more than {@value #MAX_LIMIT}; {@code next}, present when
 * more may follow, is the {@code after} of the next page;
 * {@code GET /jobs/{id}}: one {@link JobReport} with its failures.
 *
 * <p>With several instances, each holds the jobs of its own partitions. A request for a job that
 * another instance holds is answered with {@code 307} to that instance (Kafka Streams' metadata
 * knows which, through {@code application.server}); {@code 404} means no instance knows the job
 * (yet: its first result or announcement may still be on its way). {@code 503} with
 * {@code Retry-After} while progress cannot be queried, e.g. before the topology has started.
 */
final class JobsEndpoint implements HttpHandler {

    static final String PATH = "/jobs";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final JobLookup lookup;

    JobsEndpoint(JobLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                json(ex, 405, Map.of("error", "method not allowed"));
                return;
            }
            String path = ex.getRequestURI().getPath();
            try {
                if (path.equals(PATH) || path.equals(PATH + "/")) {
                    list(ex);
                } else if (path.startsWith(PATH + "/") && path.indexOf('/', PATH.length() + 1) < 0) {
                    job(ex, path.substring(PATH.length() + 1));
                } else {
                    json(ex, 404, Map.of("error", "no such resource: " + path));
                }
            } catch (JobLookup.UnavailableException e) {
                ex.getResponseHeaders().set("Retry-After", "1");
                json(ex, 503, Map.of("error", e.getMessage()));
            }
        } finally {
            ex.close();
        }
    }

    /** One page of summaries, and {@code next} (the cursor for {@code after}) when more may follow. */
    private void list(HttpExchange ex) throws IOException {
        JobsPage page;
        try {
            page = JobsPage.parse(ex.getRequestURI().getRawQuery());
        } catch (JobsPage.BadQueryException e) {
            json(ex, 400, Map.of("error", e.getMessage()));
            return;
        }
        List<JobProgress> found = lookup.jobs(page.after(), page.limit() + 1); // one more: is there a next page?
        List<JobReport> jobs = found.stream()
                .limit(page.limit())
                .map(p -> JobReport.of(p).summary())
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobs", jobs);
        if (found.size() > page.limit()) {
            body.put("next", jobs.get(jobs.size() - 1).jobId());
        }
        json(ex, 200, body);
    }

    private void job(HttpExchange ex, String jobId) throws IOException {
        Optional<JobProgress> progress = lookup.job(jobId);
        if (progress.isPresent()) {
            json(ex, 200, JobReport.of(progress.get()));
            return;
        }
        Optional<URI> other = lookup.elsewhere(jobId);
        if (other.isPresent()) {
            URI location = other.get().resolve(ex.getRequestURI().getRawPath());
            ex.getResponseHeaders().set("Location", location.toString());
            json(
                    ex,
                    307,
                    Map.of(
                            "error",
                            "job '" + jobId + "' is held by another instance",
                            "location",
                            location.toString()));
            return;
        }
        json(ex, 404, Map.of("error", "no job '" + jobId + "' yet: no announcement of it has been seen"));
    }

    private static void json(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = EventJson.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IOException("cannot serialise the response", e);
        }
        ex.getResponseHeaders().set("Content-Type", "application/json");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
