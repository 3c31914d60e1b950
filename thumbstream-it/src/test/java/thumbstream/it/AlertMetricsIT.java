package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import thumbstream.ThumbstreamService;
import thumbstream.config.PipelineSettings;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.config.Topics;
import thumbstream.event.EventJson;
import thumbstream.event.UploadEvent;
import thumbstream.storage.MinioObjectStore;
import thumbstream.testkit.DevInfrastructure;
import thumbstream.testkit.ResultsReader;

/**
 * Every metric that deploy/prometheus/alerts.yml uses, and every label value it selects on, is in
 * the /metrics of a running service: one that consumed a good upload and a record that is no event
 * (a completed and a failed result, a dead letter), on the default topic names the rules assume;
 * and, for the share-group rules, a share-mode member of a group of its own on the same topic.
 * A rule on a metric nobody exports never fires, and says nothing about it.
 */
class AlertMetricsIT {

    private static final Path ROOT =
            Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();

    @Test
    void everyMetricAndLabelValueTheAlertsSelectIsExported() throws Exception {
        AlertRules rules = new AlertRules(ROOT);
        assertThat(rules.expressions()).as("alerts in %s", AlertRules.FILE).hasSizeGreaterThanOrEqualTo(7);
        // given a service on the deployment's topic names (no other test uses them) and its own group
        DevInfrastructure infra = SharedInfrastructure.get();
        ThumbstreamConfig config = ThumbstreamConfig.defaults(
                        infra.bootstrapServers(),
                        infra.s3Settings(),
                        Topics.DEFAULT,
                        "alert-metrics-" + UUID.randomUUID())
                .with(b -> b.httpPort = 0);
        String key = "alert-metrics-" + UUID.randomUUID() + "/photo.jpg";
        try (MinioObjectStore store = new MinioObjectStore(config.s3())) {
            store.put("media", key, TestImages.jpeg(96, 64), "image/jpeg", Map.of());
        }

        // and a share-group member of a group of its own on the same topic, for the share-mode rules
        ThumbstreamConfig shareMember = ThumbstreamConfig.defaults(
                        infra.bootstrapServers(),
                        infra.s3Settings(),
                        Topics.DEFAULT,
                        "alert-metrics-share-" + UUID.randomUUID())
                .with(b -> {
                    b.httpPort = 0;
                    b.pipeline = b.pipeline.with(p -> p.groupType = PipelineSettings.GroupType.SHARE);
                });

        try (ThumbstreamService service = new ThumbstreamService(config)
                        .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ThumbstreamService member = new ThumbstreamService(shareMember)
                        .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ResultsReader reader = new ResultsReader(config.bootstrapServers(), Topics.DEFAULT.results());
                RawPublisher publisher = new RawPublisher(config.bootstrapServers(), Topics.DEFAULT.uploads())) {
            // when it has delivered a completed result, and a failed one with a dead letter
            publisher.publishRaw(null, "media/" + key, EventJson.toBytes(UploadEvent.created("media", key)));
            publisher.publishRaw(null, "not-an-event", "{\"foo\": 1}".getBytes(StandardCharsets.UTF_8));
            assertThat(reader.read(2, Duration.ofMinutes(2))).as("results").hasSize(2);

            // then each name and selected label value appears. The per-partition lag comes last:
            // Kafka creates it at the first fetch, and Micrometer's KafkaClientMetrics looks for new
            // Kafka metrics once a minute.
            Metrics scraped = Metrics.scrape(service.httpPort()).and(Metrics.scrape(member.httpPort()));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!missingFrom(rules, scraped).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                scraped = Metrics.scrape(service.httpPort()).and(Metrics.scrape(member.httpPort()));
            }
            Path saved = ROOT.resolve("thumbstream-it/target/alert-metrics-scrape.txt");
            Files.createDirectories(saved.getParent());
            Files.writeString(saved, scraped.text());
            assertThat(missingFrom(rules, scraped))
                    .as("used by %s but not in /metrics (the scrape is in %s)", AlertRules.FILE, saved)
                    .isEmpty();
        }
    }

    private static List<String> missingFrom(AlertRules rules, Metrics scraped) {
        Set<String> missing = new TreeSet<>();
        rules.expressions().forEach((alert, expr) -> {
            for (String metric : AlertRules.metricNames(expr)) {
                if (!scraped.hasSeries(metric)) {
                    missing.add(alert + ": " + metric);
                }
            }
            for (AlertRules.LabelMatch match : AlertRules.equalityMatchers(expr)) {
                if (!scraped.hasSeries(match.metric(), match.label(), match.value())) {
                    missing.add(alert + ": " + match.metric() + "{" + match.label() + "=\"" + match.value() + "\"}");
                }
            }
        });
        return List.copyOf(missing);
    }
}
