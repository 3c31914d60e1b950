package thumbstream.cli;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import thumbstream.ThumbstreamService;
import thumbstream.config.ConfigException;
import thumbstream.config.EnvConfigLoader;
import thumbstream.config.ThumbstreamConfig;

/** {@code thumbstream run}: the service against external Kafka and S3, configured by environment. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run the service. Configured by THUMBSTREAM_* and KAFKA_* environment variables (see README).")
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    static final int EXIT_CONFIG = 2;
    static final int EXIT_FAILED = 1;

    @Override
    public Integer call() throws Exception {
        ThumbstreamConfig config;
        try {
            config = new EnvConfigLoader(System.getenv()).load();
        } catch (ConfigException e) {
            System.err.println("thumbstream: configuration error: " + e.getMessage());
            return EXIT_CONFIG;
        }
        LOG.info("configuration: {}", config);
        ThumbstreamService service;
        try {
            service = new ThumbstreamService(config)
                    .start(new InetSocketAddress(config.safeguards().httpBind(), config.httpPort()));
        } catch (ConfigException e) {
            // Found at start-up against the cluster, e.g. a missing uploads topic.
            System.err.println("thumbstream: configuration error: " + e.getMessage());
            return EXIT_CONFIG;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM/SIGINT: stop polling, drain, commit, flush, then exit 0 (a clean stop is not an
        // error, and Kubernetes should not count it as a crash).
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            service.close();
                            stopped.countDown();
                            Runtime.getRuntime().halt(0);
                        },
                        "thumbstream-shutdown"));
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            if (service.hasFailed()) {
                LOG.error("pipeline failed; exiting with code {} so the process is restarted", EXIT_FAILED);
                service.close();
                Runtime.getRuntime().halt(EXIT_FAILED); // not exit(): the shutdown hook would exit 0
            }
        }
        return 0;
    }
}
