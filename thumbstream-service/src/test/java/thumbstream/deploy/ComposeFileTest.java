package thumbstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import thumbstream.config.ThumbstreamConfig;

/**
 * docker-compose.yml runs the pipeline end to end: MinIO announces uploads and deletions (never
 * reads) and gives the service a user that writes only thumbnails, the replicas share the
 * partitions and stop cleanly, Prometheus finds every replica.
 */
class ComposeFileTest {

    private static final String MINIO_INIT = "deploy/minio-init.sh";
    private static final String PROMETHEUS = "deploy/prometheus.yml";
    private static final Pattern EVENT_ADD =
            Pattern.compile("mc\\s+event\\s+add\\s+(\\S+)\\s+(\\S+)\\s+--event\\s+(\\S+)");

    private final ComposeFile compose = new ComposeFile();
    private final String service = single(compose.thumbstreamServices());
    private final ThumbstreamConfig config = ServiceContract.load(compose.environmentWithDefaults(service));

    @Test
    void minioNotifiesOnPutAndDeleteOnly() {
        Matcher add = EVENT_ADD.matcher(DeployFiles.read(MINIO_INIT));

        assertThat(add.find())
                .as("%s runs `mc event add <alias>/media <arn> --event ...`", MINIO_INIT)
                .isTrue();
        assertThat(List.of(add.group(3).split(",")))
                .as(
                        "%s: events of bucket media sent to Kafka. `get` would announce every download, the "
                                + "service's own included",
                        MINIO_INIT)
                .containsExactlyInAnyOrder("put", "delete");
        assertThat(add.group(1)).as("%s: bucket", MINIO_INIT).endsWith("/media");
        assertThat(add.group(2))
                .as(
                        "%s: the ARN names the Kafka target that the minio service configures "
                                + "(MINIO_NOTIFY_KAFKA_*_PRIMARY)",
                        MINIO_INIT)
                .isEqualTo("arn:minio:sqs::PRIMARY:kafka");
        assertThat(add.find()).as("%s adds one notification only", MINIO_INIT).isFalse();
    }

    @Test
    void serviceUserMayWriteOnlyUnderTheThumbnailPrefix() {
        String init = DeployFiles.read(MINIO_INIT);
        String prefix = config.outputPrefix();

        assertThat(init)
                .as("%s: the service's MinIO user gets the policy `thumbstream`, not `readwrite`", MINIO_INIT)
                .contains("mc admin policy create local thumbstream")
                .contains("mc admin policy attach local thumbstream --user")
                .doesNotContain("policy attach local readwrite");
        assertThat(init)
                .as(
                        "%s: PUT and DELETE under the prefix the compose service writes thumbnails to (%s)",
                        MINIO_INIT, prefix)
                .contains("prefix=${THUMBSTREAM_OUTPUT_PREFIX:-" + ThumbstreamConfig.DEFAULT_OUTPUT_PREFIX + "}")
                .contains("arn:aws:s3:::media/${prefix}*")
                .contains("\"s3:PutObject\", \"s3:DeleteObject\"");
        assertThat(prefix)
                .as("%s: THUMBSTREAM_OUTPUT_PREFIX of '%s' (minio-init assumes the default)", ComposeFile.FILE, service)
                .isEqualTo(ThumbstreamConfig.DEFAULT_OUTPUT_PREFIX);
    }

    @Test
    void replicasShareTheUploadsPartitions() {
        int replicas = compose.service(service).path("deploy").path("replicas").asInt(1);
        Integer partitions = compose.createdTopics().get(config.topics().uploads());

        assertThat(replicas)
                .as("%s: deploy.replicas of '%s'", ComposeFile.FILE, service)
                .isGreaterThanOrEqualTo(2);
        assertThat(partitions)
                .as("%s: partitions of %s", ComposeFile.FILE, config.topics().uploads())
                .isNotNull();
        assertThat(replicas)
                .as(
                        "%s: more replicas than partitions of %s only adds idle consumers",
                        ComposeFile.FILE, config.topics().uploads())
                .isLessThanOrEqualTo(partitions);
    }

    @Test
    void stopGracePeriodOutlastsTheServicesShutdownGrace() {
        String shutdownGrace = compose.environmentWithDefaults(service).get("THUMBSTREAM_SHUTDOWN_GRACE");
        assertThat(shutdownGrace)
                .as("%s: '%s' sets THUMBSTREAM_SHUTDOWN_GRACE", ComposeFile.FILE, service)
                .isNotNull();
        Duration grace = ServiceContract.duration(shutdownGrace);
        JsonNode stop = compose.service(service).path("stop_grace_period");

        assertThat(stop.isMissingNode())
                .as("%s: '%s' needs stop_grace_period (docker's default is 10 s)", ComposeFile.FILE, service)
                .isFalse();
        assertThat(ServiceContract.duration(stop.asText()))
                .as(
                        "%s: stop_grace_period must exceed THUMBSTREAM_SHUTDOWN_GRACE (%s), or docker kills "
                                + "the replica before it commits what it finished",
                        ComposeFile.FILE, grace)
                .isGreaterThan(grace);
    }

    @Test
    void replicasStartAfterTheTopicsAndTheBucketExist() {
        JsonNode dependsOn = compose.service(service).path("depends_on");

        for (String init : List.of("topic-init", "minio-init")) {
            assertThat(dependsOn.path(init).path("condition").asText())
                    .as("%s: '%s' must wait for one-shot '%s' to finish", ComposeFile.FILE, service, init)
                    .isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void prometheusFindsEveryReplicaOnTheMetricsPath() {
        JsonNode job = null;
        for (JsonNode candidate : DeployFiles.yaml(PROMETHEUS).path("scrape_configs")) {
            if (candidate.has("dns_sd_configs")) {
                job = candidate;
            }
        }
        assertThat(job).as("%s: a scrape job with dns_sd_configs", PROMETHEUS).isNotNull();
        JsonNode dns = job.path("dns_sd_configs").get(0);

        assertThat(textList(dns.path("names")))
                .as("%s: DNS names to resolve; the compose service name answers with every replica", PROMETHEUS)
                .contains(service);
        assertThat(dns.path("port").asInt())
                .as("%s: port vs THUMBSTREAM_HTTP_PORT", PROMETHEUS)
                .isEqualTo(config.httpPort());
        assertThat(job.path("metrics_path").asText("/metrics"))
                .as("%s: metrics_path", PROMETHEUS)
                .isEqualTo("/metrics");
        assertThat(ServiceContract.serves("/metrics"))
                .as("the management server serves /metrics")
                .isTrue();
        assertThat(compose.service("prometheus").path("volumes").toString())
                .as("%s: the prometheus service mounts %s", ComposeFile.FILE, PROMETHEUS)
                .contains("./" + PROMETHEUS);
    }

    @Test
    void prometheusLoadsTheAlertsWhereItsConfigSaysTheyAre() {
        List<String> ruleFiles = textList(DeployFiles.yaml(PROMETHEUS).path("rule_files"));

        assertThat(ruleFiles).as("%s rule_files", PROMETHEUS).containsExactly("prometheus/alerts.yml");
        assertThat(textList(compose.service("prometheus").path("volumes")))
                .as("%s: rule_files are relative to /etc/prometheus/prometheus.yml in the container", ComposeFile.FILE)
                .contains("./deploy/prometheus/alerts.yml:/etc/prometheus/prometheus/alerts.yml:ro");
    }

    private static List<String> textList(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    private static String single(List<String> services) {
        assertThat(services)
                .as("%s: one service built from the Dockerfile", ComposeFile.FILE)
                .hasSize(1);
        return services.get(0);
    }
}
