package thumbstream.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import thumbstream.event.JobAnnouncement;

class StatusEndpointTest {

    private static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");

    private final List<JobProgress> jobs = new ArrayList<>();
    private final LatestResults latest = new LatestResults(LatestResults.DEFAULT_CAPACITY);
    private boolean available = true;
    private HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        JobLookup lookup = new JobLookup() {
            @Override
            public Optional<JobProgress> job(String jobId) {
                return Optional.empty();
            }

            @Override
            public List<JobProgress> jobs() {
                if (!available) {
                    throw new UnavailableException("job progress has not started yet", null);
                }
                return List.copyOf(jobs);
            }

            @Override
            public Optional<URI> elsewhere(String jobId) {
                return Optional.empty();
            }
        };
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                StatusEndpoint.PATH, new StatusEndpoint(lookup, latest::latest, Clock.fixed(AT, ZoneOffset.UTC)));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void servesThePageAsHtmlWithAStrictPolicyAndNoSniffing() throws Exception {
        jobs.add(JobProgress.empty("rebrand").announced(JobAnnouncement.started("rebrand", "media", "", AT)));

        HttpResponse<String> response = get("/", "GET");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .hasValue(StatusPage.CONTENT_SECURITY_POLICY);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.body()).contains("data-job=\"rebrand\"");
    }

    @Test
    void stillAnswersWithTheLatestResultsWhileJobProgressIsUnavailable() throws Exception {
        available = false;

        HttpResponse<String> response = get("/", "GET");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Job progress is unavailable: job progress has not started yet");
    }

    @Test
    void everyOtherPathIsNotFoundAndOnlyReadsAreAllowed() throws Exception {
        assertThat(get("/favicon.ico", "GET").statusCode()).isEqualTo(404);
        assertThat(get("/index.html", "GET").statusCode()).isEqualTo(404);
        assertThat(get("/", "POST").statusCode()).isEqualTo(405);
        assertThat(get("/favicon.ico", "GET").headers().firstValue("X-Content-Type-Options"))
                .hasValue("nosniff");
    }

    private HttpResponse<String> get(String path, String method) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return client.send(
                HttpRequest.newBuilder(uri)
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
