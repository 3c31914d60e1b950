package thumbstream.storage;

import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import okhttp3.OkHttpClient;
import thumbstream.config.S3Settings;

/** Builds the MinIO SDK clients for an S3-compatible endpoint, the same way for every user. */
public final class MinioClients {

    private MinioClients() {}

    /** A client on the SDK's own HTTP client: for one-off users (listing a bucket), not the hot path. */
    public static MinioClient create(S3Settings settings) {
        MinioClient client = addressing(
                MinioClient.builder()
                        .endpoint(settings.endpoint())
                        .credentials(settings.accessKey(), settings.secretKey())
                        .region(settings.region())
                        .build(),
                settings);
        // The SDK's default connect timeout is minutes; a dead endpoint must fail fast and be retried.
        client.setTimeout(
                settings.connectTimeout().toMillis(),
                settings.requestTimeout().toMillis(),
                settings.requestTimeout().toMillis());
        return client;
    }

    /**
     * A client on {@code http}, which carries the timeouts and the connection limit. The region is
     * given, so the SDK never asks the server for a bucket's location (one request fewer per call).
     */
    static MinioClient create(S3Settings settings, OkHttpClient http) {
        return addressing(
                MinioClient.builder()
                        .endpoint(settings.endpoint())
                        .credentials(settings.accessKey(), settings.secretKey())
                        .region(settings.region())
                        .httpClient(http)
                        .build(),
                settings);
    }

    /** The async client for the same endpoint on {@code http}. */
    static MinioAsyncClient createAsync(S3Settings settings, OkHttpClient http) {
        MinioAsyncClient client = MinioAsyncClient.builder()
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey())
                .region(settings.region())
                .httpClient(http)
                .build();
        if (settings.pathStyle()) {
            client.disableVirtualStyleEndpoint();
        } else {
            client.enableVirtualStyleEndpoint();
        }
        return client;
    }

    private static MinioClient addressing(MinioClient client, S3Settings settings) {
        if (settings.pathStyle()) {
            client.disableVirtualStyleEndpoint();
        } else {
            client.enableVirtualStyleEndpoint();
        }
        return client;
    }
}
