package thumbstream.config;

import java.time.Duration;

/**
 * Where the object store is, how to sign requests to it, and how the one HTTP client talks to it.
 *
 * @param endpoint       e.g. {@code http://minio:9000} or {@code https://s3.eu-west-1.amazonaws.com}
 * @param region         signing region; S3-compatible servers mostly accept {@code us-east-1}
 * @param pathStyle      true for {@code endpoint/bucket/key} URLs (MinIO, most self-hosted stores)
 * @param maxConnections S3 requests in flight at once (and pooled connections kept); further
 *                       requests wait for one to finish
 * @param connectTimeout connecting to the endpoint; a dead endpoint must fail fast and be retried
 * @param requestTimeout one whole request, from sending to reading the last byte of the response
 */
public record S3Settings(
        String endpoint,
        String accessKey,
        String secretKey,
        String region,
        boolean pathStyle,
        int maxConnections,
        Duration connectTimeout,
        Duration requestTimeout) {

    public static final int DEFAULT_MAX_CONNECTIONS = 32;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    public S3Settings {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
    }

    /** With the default connection limit and timeouts. */
    public S3Settings(String endpoint, String accessKey, String secretKey, String region, boolean pathStyle) {
        this(
                endpoint,
                accessKey,
                secretKey,
                region,
                pathStyle,
                DEFAULT_MAX_CONNECTIONS,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT);
    }

    /** Never prints the secret key: this string ends up in logs. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=****, region=" + region
                + ", pathStyle=" + pathStyle + ", maxConnections=" + maxConnections + ", connectTimeout="
                + connectTimeout + ", requestTimeout=" + requestTimeout + "]";
    }
}
