package thumbstream.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import thumbstream.event.EventJson;
import thumbstream.event.JobAnnouncement;

class JobsEndpointTest {

    private static final Instant AT = Instant.parse("2026-11-23T07:00:00Z");

    private final Map<String, JobProgress> local = new HashMap<>();
    private final Map<String, URI> remote = new HashMap<>();
    private boolean available = true;
    private HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        JobLookup lookup = new JobLookup() {
            @Override
            public Optional<JobProgress> job(String jobId) {
                check();
                return Optional.ofNullable(local.get(jobId));
            }

            @Override
            public List<JobProgress> jobs() {
                check();
                return List.copyOf(local.values());
            }

            @Override
            public Optional<URI> elsewhere(String jobId) {
                return Optional.ofNullable(remote.get(jobId));
            }

            private void check() {
                if (!available) {
                    throw new UnavailableException("job progress is not queryable right now (REBALANCING)", null);
                }
            }
        };
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(JobsEndpoint.PATH, new JobsEndpoint(lookup));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void servesAJobWithItsCountsStateAndFailures() throws Exception {
        local.put(
                "rebrand",
                JobProgress.empty("rebrand")
                        .announced(JobAnnouncement.started("rebrand", "media", "", AT)
                                .finished(2, AT))
                        .replaced(
                                null,
                                new JobInput.Result("rebrand", "media", "x.jpg", "failed", "corrupt-image", "bad", AT),
                                AT));

        HttpResponse<String> response = get("/jobs/rebrand");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode json = EventJson.mapper().readTree(response.body());
        assertThat(json.path("state").asText()).isEqualTo("running");
        assertThat(json.path("total").asLong()).isEqualTo(2);
        assertThat(json.path("done").asLong()).isEqualTo(1);
        assertThat(json.path("failedByReason").path("corrupt-image").asLong()).isEqualTo(1);
        assertThat(json.path("failures").get(0).path("key").asText()).isEqualTo("x.jpg");
    }

    @Test
    void listsJobsByIdWithoutTheirFailures() throws Exception {
        local.put("b", JobProgress.empty("b"));
        local.put("a", JobProgress.empty("a"));

        JsonNode json = EventJson.mapper().readTree(get("/jobs").body());

        assertThat(json.path("jobs").findValuesAsText("jobId")).containsExactly("a", "b");
        assertThat(json.path("jobs").get(0).has("failures")).isFalse();
    }

    @Test
    void pagesTheListWithLimitAndAfter() throws Exception {
        for (String id : List.of("e", "c", "a", "d", "b")) {
            local.put(id, JobProgress.empty(id));
        }

        JsonNode first = EventJson.mapper().readTree(get("/jobs?limit=2").body());
        JsonNode second = EventJson.mapper()
                .readTree(get("/jobs?limit=2&after=" + first.path("next").asText())
                        .body());
        JsonNode last = EventJson.mapper()
                .readTree(get("/jobs?limit=2&after=" + second.path("next").asText())
                        .body());

        assertThat(first.path("jobs").findValuesAsText("jobId")).containsExactly("a", "b");
        assertThat(first.path("next").asText()).isEqualTo("b");
        assertThat(second.path("jobs").findValuesAsText("jobId")).containsExactly("c", "d");
        assertThat(last.path("jobs").findValuesAsText("jobId")).containsExactly("e");
        assertThat(last.has("next")).as("no page after the last").isFalse();
    }

    @Test
    void listsAtMostTheDefaultLimitAndNeverMoreThanTheMaximum() throws Exception {
        for (int i = 0; i < JobsEndpoint.MAX_LIMIT + 5; i++) {
            String id = String.format("job-%05d", i);
            local.put(id, JobProgress.empty(id));
        }

        JsonNode byDefault = EventJson.mapper().readTree(get("/jobs").body());
        JsonNode askedForMore =
                EventJson.mapper().readTree(get("/jobs?limit=1000000").body());

        assertThat(byDefault.path("jobs")).hasSize(JobsEndpoint.DEFAULT_LIMIT);
        assertThat(byDefault.path("next").asText())
                .isEqualTo(String.format("job-%05d", JobsEndpoint.DEFAULT_LIMIT - 1));
        assertThat(askedForMore.path("jobs")).hasSize(JobsEndpoint.MAX_LIMIT);
    }

    @Test
    void aLimitThatIsNotAPositiveNumberOrAnOverlongCursorIs400() throws Exception {
        for (String query : List.of(
                "limit=0", "limit=00", "limit=-1", "limit=ten", "limit=", "after=" + "x".repeat(300), "limit=2.5")) {
            HttpResponse<String> response = get("/jobs?" + query);

            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(EventJson.mapper()
                            .readTree(response.body())
                            .path("error")
                            .asText())
                    .as(query)
                    .isNotEmpty();
        }
    }

    @Test
    void anUnknownJobIs404() throws Exception {
        assertThat(get("/jobs/nope").statusCode()).isEqualTo(404);
        assertThat(get("/jobs/a/b").statusCode()).isEqualTo(404);
    }

    @Test
    void aJobHeldByAnotherInstanceRedirectsThere() throws Exception {
        remote.put("elsewhere", URI.create("http://10.0.0.7:8080"));

        HttpResponse<String> response = get("/jobs/elsewhere");

        assertThat(response.statusCode()).isEqualTo(307);
        assertThat(response.headers().firstValue("Location")).hasValue("http://10.0.0.7:8080/jobs/elsewhere");
    }

    @Test
    void answers503WithRetryAfterWhileProgressCannotBeQueried() throws Exception {
        available = false;

        HttpResponse<String> response = get("/jobs/rebrand");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
