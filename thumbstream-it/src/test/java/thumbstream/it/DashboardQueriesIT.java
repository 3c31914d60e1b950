package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import thumbstream.ThumbstreamService;
import thumbstream.config.EnvConfigLoader;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.event.UploadEvent;
import thumbstream.testkit.ResultsReader;

/**
 * Every query of deploy/grafana/thumbstream.json returns data from a real Prometheus scraping a
 * running service, and names only metrics that service exports. A panel on a misspelt or missing
 * metric is empty without an error, so nobody notices until the day it is needed.
 *
 * <p>Grafana variables are replaced before querying, as Grafana would expand them:
 * {@code $__rate_interval} by {@value #RATE_INTERVAL} (what Grafana computes for the default 15 s
 * scrape interval of a data source: four times it), {@code $__range} by {@value #RANGE},
 * {@code $job} by the generated configuration's job and {@code $instance} by the services'
 * host:port (a regular expression of both, as Grafana expands a multi-value variable), the values
 * the variables' own {@code label_values} queries offer (checked too).
 *
 * <p>Two services run, scraped by one Prometheus: one in consumer-group mode and one in share-group
 * mode (its own topics and group), so the share-group row has data too.
 */
class DashboardQueriesIT {

    static final String RATE_INTERVAL = "1m";
    static final String RANGE = "5m";

    private static final Path ROOT =
            Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
    /** Kafka's per-partition lag reaches /metrics only when Micrometer next looks (once a minute). */
    private static final Duration DATA_TIMEOUT = Duration.ofSeconds(120);

    @Test
    void everyPanelQueryReturnsSeriesFromAPrometheusScrapingTheService(@TempDir Path dir) throws Exception {
        GrafanaDashboard dashboard = GrafanaDashboard.read(ROOT.resolve(GrafanaDashboard.FILE));
        assertThat(dashboard.targets())
                .as("targets in %s", GrafanaDashboard.FILE)
                .hasSizeGreaterThanOrEqualTo(15);
        Path prometheusBinary = PrometheusServer.binary();

        // given a service with good uploads, two that fail (not-found, unsupported-format) and a
        // record that is no event (failed invalid-event, and a dead letter)
        Scenario s = new Scenario("dashboard", 2);
        List<UploadEvent> uploads = new ArrayList<>(s.uploadImages(6));
        s.store.put(
                "media",
                s.prefix + "notes.jpg",
                "not a picture\n".getBytes(StandardCharsets.UTF_8),
                "image/jpeg",
                Map.of());
        uploads.add(UploadEvent.created("media", s.prefix + "notes.jpg"));
        uploads.add(UploadEvent.created("media", s.prefix + "nope.jpg"));
        Scenario shared = new Scenario("dashboard-share", 2);
        List<UploadEvent> sharedUploads = shared.uploadImages(4);
        ThumbstreamConfig shareMode = new EnvConfigLoader(shared.env(Map.of("THUMBSTREAM_GROUP_TYPE", "share"))).load();

        try (ThumbstreamService service = new ThumbstreamService(s.config)
                        .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ThumbstreamService member = new ThumbstreamService(shareMode)
                        .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                PrometheusServer prometheus = PrometheusServer.start(
                        prometheusBinary,
                        dir,
                        List.of("127.0.0.1:" + service.httpPort(), "127.0.0.1:" + member.httpPort()),
                        Duration.ofSeconds(1));
                ResultsReader reader = new ResultsReader(
                        s.config.bootstrapServers(), s.config.topics().results());
                ResultsReader sharedReader = new ResultsReader(
                        shared.config.bootstrapServers(), shared.config.topics().results());
                RawPublisher publisher = new RawPublisher(
                        s.config.bootstrapServers(), s.config.topics().uploads())) {
            s.announce(uploads);
            shared.announce(sharedUploads);
            publisher.publishRaw(0, "not-an-event", "{\"foo\": 1}".getBytes(StandardCharsets.UTF_8));
            assertThat(reader.read(uploads.size() + 1, Duration.ofMinutes(2)))
                    .as("results")
                    .hasSize(uploads.size() + 1);
            assertThat(sharedReader.read(sharedUploads.size(), Duration.ofMinutes(2)))
                    .as("share-group results")
                    .hasSize(sharedUploads.size());
            // JvmGcMetrics creates jvm_gc_pause_seconds at the first collection after it was bound
            System.gc();

            Map<String, String> values = Map.of(
                    "__rate_interval",
                    RATE_INTERVAL,
                    "__range",
                    RANGE,
                    "job",
                    PrometheusServer.JOB,
                    "instance",
                    "127.0.0.1:(" + service.httpPort() + "|" + member.httpPort() + ")");

            // when every query is evaluated, until each has a series or the time is up
            Map<String, String> pending = new LinkedHashMap<>();
            dashboard.targets().forEach(t -> pending.put(t.toString(), GrafanaDashboard.substitute(t.expr(), values)));
            for (GrafanaDashboard.LabelValues v : dashboard.labelValues()) {
                pending.put("variable $" + v.variable(), GrafanaDashboard.substitute(v.selector(), values));
            }
            long started = System.nanoTime();
            long deadline = started + DATA_TIMEOUT.toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                for (var it = pending.values().iterator(); it.hasNext(); ) {
                    JsonNode result = prometheus.query(it.next());
                    if (!result.isEmpty()) {
                        it.remove();
                    }
                }
                if (!pending.isEmpty()) {
                    Thread.sleep(1000);
                }
            }
            Metrics scraped = Metrics.scrape(service.httpPort()).and(Metrics.scrape(member.httpPort()));
            Path saved = ROOT.resolve("thumbstream-it/target/dashboard-scrape.txt");
            Files.createDirectories(saved.getParent());
            Files.writeString(saved, scraped.text());

            // then each returned at least one series, and each name it uses is in /metrics
            SoftAssertions softly = new SoftAssertions();
            softly.assertThat(pending)
                    .as(
                            "queries with no series after %d s (service scrape in %s; prometheus log:%n%s)",
                            Duration.ofNanos(System.nanoTime() - started).toSeconds(), saved, prometheus.logText())
                    .isEmpty();
            softly.assertThat(missingFrom(dashboard, scraped))
                    .as("used by %s but not in /metrics (the scrape is in %s)", GrafanaDashboard.FILE, saved)
                    .isEmpty();
            softly.assertAll();
        }
    }

    /** Metric names and equality label matchers of every target and variable that /metrics lacks. */
    private static Set<String> missingFrom(GrafanaDashboard dashboard, Metrics scraped) {
        Map<String, String> exprs = new LinkedHashMap<>();
        dashboard.targets().forEach(t -> exprs.put(t.toString(), t.expr()));
        dashboard.labelValues().forEach(v -> exprs.put("variable $" + v.variable(), v.selector()));
        Set<String> missing = new TreeSet<>();
        exprs.forEach((where, expr) -> {
            Set<String> names = AlertRules.metricNames(expr);
            if (names.isEmpty()) {
                missing.add(where + ": no metric name found");
            }
            for (String metric : names) {
                if (!scraped.hasSeries(metric)) {
                    missing.add(where + ": " + metric);
                }
            }
            for (AlertRules.LabelMatch match : AlertRules.equalityMatchers(expr)) {
                if (!scraped.hasSeries(match.metric(), match.label(), match.value())) {
                    missing.add(where + ": " + match.metric() + "{" + match.label() + "=\"" + match.value() + "\"}");
                }
            }
        });
        return missing;
    }
}
