package thumbstream.progress;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import thumbstream.event.ThumbnailEvent;

/**
 * {@code GET /}: the {@link StatusPage}. Registered at {@code /}, which the JDK server also hands
 * every path no other context claims, so anything but {@code /} itself is a 404 here.
 *
 * <p>Every answer carries {@code X-Content-Type-Options: nosniff}; the page also carries the
 * page's strict {@link StatusPage#CONTENT_SECURITY_POLICY} and {@code Cache-Control: no-store}.
 * When job progress cannot be read, the page still answers (200) with the latest results and says
 * why the jobs are missing.
 */
final class StatusEndpoint implements HttpHandler {

    static final String PATH = "/";

    private final JobLookup lookup;
    private final Supplier<List<ThumbnailEvent>> latest;
    private final Clock clock;

    StatusEndpoint(JobLookup lookup, Supplier<List<ThumbnailEvent>> latest, Clock clock) {
        this.lookup = lookup;
        this.latest = latest;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            String method = ex.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n");
                return;
            }
            if (!PATH.equals(ex.getRequestURI().getPath())) {
                send(ex, 404, "text/plain; charset=utf-8", "not found\n");
                return;
            }
            ex.getResponseHeaders().set("Content-Security-Policy", StatusPage.CONTENT_SECURITY_POLICY);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            send(ex, 200, "text/html; charset=utf-8", StatusPage.render(snapshot()));
        } finally {
            ex.close();
        }
    }

    private StatusPage.Snapshot snapshot() {
        List<JobReport> jobs = List.of();
        String unavailable = null;
        try {
            jobs = lookup.jobs().stream().map(JobReport::of).toList();
        } catch (JobLookup.UnavailableException e) {
            unavailable = e.getMessage();
        }
        return new StatusPage.Snapshot(clock.instant(), jobs, unavailable, latest.get());
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
