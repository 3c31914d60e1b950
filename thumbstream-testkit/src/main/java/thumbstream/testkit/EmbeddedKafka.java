package thumbstream.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node KRaft Kafka broker (combined broker + controller) running in this JVM, built
 * from Kafka's own server artifacts. It binds 127.0.0.1 only and keeps its log under a folder the
 * caller owns, so it can be stopped and started again on the same port and data.
 *
 * <p>Not thread-safe: one owner starts and stops it.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    /**
     * @param dataDir folder for the broker's log and metadata (created if missing, reused if formatted)
     * @param port client port on 127.0.0.1; 0 picks a free one
     */
    public EmbeddedKafka(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port == 0 ? Ports.free() : port;
        this.controllerPort = Ports.free();
    }

    /** Formats the storage on first use, then starts the broker; returns once it serves requests. */
    public EmbeddedKafka start() throws IOException {
        Files.createDirectories(dataDir);
        Path configFile = dataDir.resolve("server.properties");
        Properties props = serverProperties();
        try (Writer w = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            props.store(w, "thumbstream embedded broker");
        }
        if (!Files.exists(dataDir.resolve("log").resolve("meta.properties"))) {
            format(configFile); // first start only: a restart keeps the cluster id and the data
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        return this;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops the broker and waits for it; the data stays for a later {@link #start()}. */
    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.setProperty("log.dirs", dataDir.resolve("log").toString());
        // A single node cannot replicate internal topics three times.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "6");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        // Tests shorten a share group's acquisition lock (a killed member's records come back when
        // it expires); Kafka's default floor is 15 s.
        p.setProperty("group.share.min.record.lock.duration.ms", "1000");
        // ... or lengthen it, to tell records given back at once from records whose lock expired.
        p.setProperty("group.share.max.record.lock.duration.ms", "600000");
        // Developers and tests want the first consumer to get its partitions now, not in 3 s.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "false");
        return p;
    }

    /** Same as {@code kafka-storage.sh format --standalone --ignore-formatted}. */
    private void format(Path configFile) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = StorageTool.execute(
                new String[] {
                    "format",
                    "-t",
                    Uuid.randomUuid().toString(),
                    "-c",
                    configFile.toString(),
                    "--standalone",
                    "--ignore-formatted"
                },
                new PrintStream(out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed: " + out.toString(StandardCharsets.UTF_8));
        }
    }
}
