package thumbstream.storage;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;
import io.minio.MinioAsyncClient;
import io.minio.ObjectWriteResponse;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Single-request PUTs of bytes already in memory. The SDK's public {@code putObject} takes only a
 * stream: it copies the stream into a part buffer on a {@code CompletableFuture.supplyAsync} task
 * (the common pool, which on 2 cores starts a thread per call) and builds a new OkHttp client per
 * request for a streamed body. Its protected {@code putObjectAsync} with a {@code byte[]} sends the
 * array as the body as is, on the shared client: no copy, no extra thread, no client.
 */
final class ByteUploads extends MinioAsyncClient {

    private final String region;

    ByteUploads(MinioAsyncClient client, String region) {
        super(client);
        this.region = region;
    }

    /** One PUT of {@code bytes}; user metadata names without the {@code x-amz-meta-} prefix. */
    ObjectWriteResponse put(String bucket, String key, byte[] bytes, String contentType, Map<String, String> metadata)
            throws Exception {
        Multimap<String, String> headers = HashMultimap.create();
        headers.put("Content-Type", contentType);
        metadata.forEach((name, value) -> headers.put("x-amz-meta-" + name, value));
        try {
            return putObjectAsync(bucket, region, key, bytes, bytes.length, headers, null)
                    .get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
