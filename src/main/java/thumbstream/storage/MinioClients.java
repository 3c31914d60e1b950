package thumbstream.storage;

import io.minio.MinioClient;
import java.util.concurrent.TimeUnit;
import thumbstream.config.S3Settings;

/** Builds the MinIO SDK client for an S3-compatible endpoint, the same way for every user. */
public final class MinioClients {

    private MinioClients() {}

    public static MinioClient create(S3Settings settings) {
        MinioClient client = MinioClient.builder()
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey())
                .region(settings.region())
                .build();
        if (settings.pathStyle()) {
            client.disableVirtualStyleEndpoint();
        } else {
            client.enableVirtualStyleEndpoint();
        }
        // The SDK's default connect timeout is minutes; a dead endpoint must fail fast and be retried.
        client.setTimeout(TimeUnit.SECONDS.toMillis(5), TimeUnit.SECONDS.toMillis(60), TimeUnit.SECONDS.toMillis(60));
        return client;
    }
}
