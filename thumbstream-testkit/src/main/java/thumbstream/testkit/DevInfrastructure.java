package thumbstream.testkit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import thumbstream.config.S3Settings;
import thumbstream.config.Topics;
import thumbstream.storage.MinioObjectStore;

/**
 * The embedded broker and S3 server with everything a service needs created: every topic of
 * {@link Topics} ({@code uploads} with 6 partitions unless told otherwise) and bucket {@code media}. {@link #environment()} gives the variables a {@code thumbstream run}
 * process needs to use them.
 */
public final class DevInfrastructure implements AutoCloseable {

    public static final String ACCESS_KEY = "thumbstream";
    /** A fixed development credential for a server bound to 127.0.0.1; not a secret. */
    public static final String SECRET_KEY = "thumbstream-dev-secret";

    public static final String BUCKET = "media";
    public static final int DEFAULT_UPLOAD_PARTITIONS = 6;

    private final EmbeddedKafka kafka;
    private final EmbeddedS3 s3;

    private DevInfrastructure(EmbeddedKafka kafka, EmbeddedS3 s3) {
        this.kafka = kafka;
        this.s3 = s3;
    }

    /**
     * Starts both servers under {@code dataDir} ({@code kafka/} and {@code s3/}) and creates the
     * topics and bucket. Ports 0 mean "any free port".
     */
    public static DevInfrastructure start(Path dataDir, int kafkaPort, int s3Port, int uploadPartitions)
            throws Exception {
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir.resolve("kafka"), kafkaPort).start();
        EmbeddedS3 s3;
        try {
            s3 = new EmbeddedS3(dataDir.resolve("s3"), s3Port, ACCESS_KEY, SECRET_KEY).start();
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
        DevInfrastructure infra = new DevInfrastructure(kafka, s3);
        try {
            infra.createTopics(Topics.DEFAULT, uploadPartitions);
            try (MinioObjectStore store = new MinioObjectStore(infra.s3Settings())) {
                store.ensureBucket(BUCKET);
            }
        } catch (Exception e) {
            infra.close();
            throw e;
        }
        return infra;
    }

    public void createTopics(Topics topics, int uploadPartitions) throws Exception {
        try (Admin admin = admin()) {
            TopicAdmin.createTopics(
                    admin,
                    Map.of(
                            topics.uploads(),
                            uploadPartitions,
                            topics.results(),
                            3,
                            topics.deadLetters(),
                            1,
                            topics.backfill(),
                            uploadPartitions,
                            topics.jobs(),
                            1));
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public S3Settings s3Settings() {
        return new S3Settings(s3.endpoint(), ACCESS_KEY, SECRET_KEY, "us-east-1", true);
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedS3 s3() {
        return s3;
    }

    /** The environment of a {@code thumbstream run} process that uses this infrastructure. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
        env.put("THUMBSTREAM_S3_ENDPOINT", s3.endpoint());
        env.put("THUMBSTREAM_S3_ACCESS_KEY", ACCESS_KEY);
        env.put("THUMBSTREAM_S3_SECRET_KEY", SECRET_KEY);
        env.put("THUMBSTREAM_S3_REGION", "us-east-1");
        return env;
    }

    @Override
    public void close() throws Exception {
        try {
            s3.close();
        } finally {
            kafka.close();
        }
    }
}
