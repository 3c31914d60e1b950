package thumbstream.dev.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import thumbstream.testkit.DevInfrastructure;

/** {@code thumbstream infra}: a local broker and S3 server for {@code thumbstream run} processes. */
@Command(
        name = "infra",
        mixinStandardHelpOptions = true,
        description =
                "Start an embedded Kafka broker and S3 server on 127.0.0.1, print the settings, run until Ctrl-C.")
final class InfraCommand implements Callable<Integer> {

    @Option(names = "--kafka-port", description = "Kafka port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int kafkaPort = 9092;

    @Option(names = "--s3-port", description = "S3 port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int s3Port = 9000;

    @Option(names = "--data", description = "Folder for broker and object data (default: a new temporary folder)")
    Path data;

    @Option(names = "--partitions", description = "Partitions of the uploads topic (default: ${DEFAULT-VALUE})")
    int partitions = DevInfrastructure.DEFAULT_UPLOAD_PARTITIONS;

    @Override
    public Integer call() throws Exception {
        Path dir = data != null ? data : Files.createTempDirectory("thumbstream-infra-");
        DevInfrastructure infra = DevInfrastructure.start(dir, kafkaPort, s3Port, partitions);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                infra.close();
                            } catch (Exception e) {
                                System.err.println("thumbstream infra: stop failed: " + e);
                            }
                            stopped.countDown();
                        },
                        "thumbstream-infra-shutdown"));
        System.out.println("# thumbstream infra is up (data in " + dir + "). Topics: uploads and uploads.backfill ("
                + partitions + " partitions each), thumbnails, uploads.dlq, thumbstream.jobs; bucket: "
                + DevInfrastructure.BUCKET);
        System.out.println("# In another shell, paste these lines and run: thumbstream run");
        infra.environment().forEach((k, v) -> System.out.println("export " + k + "=" + v));
        System.out.println("# Ctrl-C stops the broker and the S3 server.");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
