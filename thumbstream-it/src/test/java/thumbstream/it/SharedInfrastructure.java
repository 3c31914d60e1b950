package thumbstream.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.config.Topics;
import thumbstream.testkit.DevInfrastructure;

/**
 * The real Kafka broker and S3 server shared by every integration test in this JVM: started on
 * first use, stopped when the JVM exits. Tests isolate themselves with their own topics, group and
 * key prefix ({@link #newScenario}), not with their own servers, which keeps the suite fast.
 */
final class SharedInfrastructure {

    private static DevInfrastructure infra;

    private SharedInfrastructure() {}

    static synchronized DevInfrastructure get() {
        if (infra == null) {
            try {
                Path dir = Files.createTempDirectory("thumbstream-it-");
                infra = DevInfrastructure.start(dir, 0, 0, DevInfrastructure.DEFAULT_UPLOAD_PARTITIONS);
                DevInfrastructure started = infra;
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    try {
                                        started.close();
                                    } catch (Exception e) {
                                        // the JVM is exiting; nothing useful to do
                                    }
                                },
                                "it-infra-shutdown"));
            } catch (Exception e) {
                throw new IllegalStateException("could not start the embedded broker and S3 server", e);
            }
        }
        return infra;
    }

    /** Fresh topics and consumer group for one test, and a service config pointing at them. */
    static ThumbstreamConfig newScenario(String name, int uploadPartitions) throws Exception {
        DevInfrastructure i = get();
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Topics topics = Topics.prefixed(id);
        i.createTopics(topics, uploadPartitions);
        return ThumbstreamConfig.defaults(i.bootstrapServers(), i.s3Settings(), topics, id + "-group")
                .with(b -> b.httpPort = 0);
    }
}
