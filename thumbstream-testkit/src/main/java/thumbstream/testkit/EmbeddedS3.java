package thumbstream.testkit;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * A real S3-compatible HTTP server (S3Proxy with a filesystem backend) running in this JVM. It
 * binds 127.0.0.1 only, checks AWS SigV2/SigV4 signatures, and keeps every object as a file under
 * the given folder, so data survives a stop and start on the same folder.
 *
 * <p>Not thread-safe: one owner starts and stops it.
 */
public final class EmbeddedS3 implements AutoCloseable {

    private static final long START_TIMEOUT_MS = 30_000;

    private final Path dataDir;
    private final int requestedPort;
    private final String accessKey;
    private final String secretKey;
    private S3Proxy proxy;
    private int port;

    /**
     * @param dataDir folder holding one sub-folder per bucket (created if missing)
     * @param port port on 127.0.0.1; 0 lets the server pick a free one
     */
    public EmbeddedS3(Path dataDir, int port, String accessKey, String secretKey) {
        this.dataDir = dataDir;
        this.requestedPort = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Starts the server; returns once it accepts connections. */
    public EmbeddedS3 start() throws Exception {
        Files.createDirectories(dataDir);
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", dataDir.toString());
        int bindPort = port != 0 ? port : requestedPort; // a restart keeps the first port
        proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("filesystem-nio2", props))
                .endpoint(URI.create("http://127.0.0.1:" + bindPort))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        proxy.start();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("S3 server did not start within " + START_TIMEOUT_MS + " ms");
            }
            Thread.sleep(20);
        }
        port = proxy.getPort();
        return this;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** Stops the server; the objects stay on disk for a later {@link #start()}. */
    @Override
    public void close() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }
}
