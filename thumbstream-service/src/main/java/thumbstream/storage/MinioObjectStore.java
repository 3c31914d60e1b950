package thumbstream.storage;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import okhttp3.Headers;
import okhttp3.Interceptor;
import thumbstream.config.S3Settings;

/**
 * {@link ObjectStore} for any S3-compatible endpoint (MinIO, AWS S3, Ceph, S3Proxy, ...) through the
 * MinIO Java SDK. One instance is shared by all worker threads; the SDK client is thread-safe.
 *
 * <p>All requests go through one HTTP client whose threads, connection pool and timeouts this
 * store owns ({@link S3Http}); {@link #close} releases them. The per-upload requests (GET, HEAD,
 * PUT, DELETE) run on the calling thread ({@link S3Calls}); thumbnails are PUT from the rendered
 * bytes as they are. Only the rare bucket calls go through the SDK's client.
 */
public final class MinioObjectStore implements ObjectStore, AutoCloseable {

    private final S3Http http;
    private final MinioClient client;
    private final S3Calls calls;

    public MinioObjectStore(S3Settings settings) {
        this(settings, List.of());
    }

    /** @param networkInterceptors see every HTTP request sent to the store (for counting them) */
    public MinioObjectStore(S3Settings settings, List<Interceptor> networkInterceptors) {
        this.http = new S3Http(settings, networkInterceptors);
        this.client = MinioClients.create(settings, http.client());
        this.calls = new S3Calls(
                MinioClients.createAsync(settings, http.client()), settings.region(), settings.maxConnections());
    }

    @Override
    public SourceObject get(String bucket, String key, long maxBytes) throws StorageException {
        return get(bucket, key, maxBytes, null);
    }

    @Override
    public SourceObject get(String bucket, String key, long maxBytes, String etag) throws StorageException {
        try (S3Calls.Answer answer = calls.get(bucket, key, etag, null);
                InputStream response = answer.response().body().byteStream()) {
            Headers headers = answer.response().headers();
            String length = headers.get("Content-Length");
            if (length != null && Long.parseLong(length) > maxBytes) {
                throw new StorageException(
                        StorageException.Kind.TOO_LARGE,
                        "object is " + length + " bytes, above the limit of " + maxBytes);
            }
            byte[] bytes =
                    length == null ? readAtMost(response, maxBytes) : readExactly(response, Long.parseLong(length));
            return new SourceObject(bytes, headers.get("ETag"), headers.get("Content-Type"), userMetadata(headers));
        } catch (StorageException e) {
            throw e;
        } catch (Exception e) {
            throw StorageErrors.classify("get " + bucket + "/" + key, e);
        }
    }

    /**
     * One GET of the whole object: the first {@code sniffBytes} go to {@code readOn} before the rest
     * is read into one array of the stated size; a refusal closes the body there, and {@link
     * AbortUnreadBodies} aborts the request rather than letting OkHttp drain the rest.
     */
    @Override
    public SourceHead read(String bucket, String key, long size, String etag, int sniffBytes, Predicate<byte[]> readOn)
            throws StorageException {
        if (size > Integer.MAX_VALUE - 8L) {
            throw new StorageException(
                    StorageException.Kind.TOO_LARGE, "object is " + size + " bytes, more than one array holds");
        }
        try (S3Calls.Answer answer = calls.get(bucket, key, etag, null);
                InputStream response = answer.response().body().byteStream()) {
            Headers headers = answer.response().headers();
            String length = headers.get("Content-Length");
            if (length != null && Long.parseLong(length) != size) {
                throw new StorageException(
                        StorageException.Kind.TRANSIENT,
                        "read " + bucket + "/" + key + ": " + length + " bytes, the stat said " + size
                                + " (replaced since)");
            }
            int firstLength = (int) Math.min(sniffBytes, size);
            byte[] first = new byte[firstLength];
            int got = response.readNBytes(first, 0, firstLength);
            if (got < firstLength) {
                throw new IOException("connection ended after " + got + " of " + size + " bytes");
            }
            String responseEtag = headers.get("ETag");
            String contentType = headers.get("Content-Type");
            Map<String, String> metadata = userMetadata(headers);
            if (!readOn.test(first)) {
                return new SourceHead(first, size, responseEtag, contentType, metadata); // closed unread
            }
            byte[] bytes = first;
            if (size > firstLength) {
                bytes = java.util.Arrays.copyOf(first, (int) size);
                int rest = response.readNBytes(bytes, firstLength, bytes.length - firstLength);
                if (rest < bytes.length - firstLength) {
                    throw new IOException("connection ended after " + (firstLength + rest) + " of " + size + " bytes");
                }
            }
            if (response.read() >= 0) {
                throw new StorageException(
                        StorageException.Kind.TRANSIENT,
                        "read " + bucket + "/" + key + ": longer than the " + size + " bytes the stat said");
            }
            return new SourceHead(bytes, size, responseEtag, contentType, metadata);
        } catch (StorageException e) {
            throw e;
        } catch (Exception e) {
            throw StorageErrors.classify("read " + bucket + "/" + key, e);
        }
    }

    /**
     * One ranged GET of {@code bytes} bytes from offset 0. The total size comes from Content-Range
     * (206), or Content-Length when the server ignored the range (200; then only {@code bytes} are
     * read and the rest of the body is dropped with the connection). A 0-byte object answers a
     * range with 416, so it is stat'ed instead.
     */
    @Override
    public SourceHead head(String bucket, String key, int bytes) throws StorageException {
        try (S3Calls.Answer answer = calls.get(bucket, key, null, (long) bytes);
                InputStream response = answer.response().body().byteStream()) {
            Headers headers = answer.response().headers();
            // A range answer's Content-Length is the range's: read it into one array of that size.
            String length = headers.get("Content-Length");
            byte[] first = length != null && Long.parseLong(length) <= bytes
                    ? readExactly(response, Long.parseLong(length))
                    : response.readNBytes(bytes);
            long size = totalSize(headers, first.length);
            return new SourceHead(first, size, headers.get("ETag"), headers.get("Content-Type"), userMetadata(headers));
        } catch (io.minio.errors.ErrorResponseException e) {
            if ("InvalidRange".equals(e.errorResponse().code())) {
                StoredObject empty = stat(bucket, key)
                        .orElseThrow(() ->
                                new StorageException(StorageException.Kind.NOT_FOUND, "head " + bucket + "/" + key));
                return new SourceHead(
                        new byte[0], empty.size(), empty.etag(), empty.contentType(), empty.userMetadata());
            }
            throw StorageErrors.classify("head " + bucket + "/" + key, e);
        } catch (Exception e) {
            throw StorageErrors.classify("head " + bucket + "/" + key, e);
        }
    }

    private static long totalSize(Headers headers, int read) {
        String range = headers.get("Content-Range");
        if (range != null && range.lastIndexOf('/') >= 0) {
            String total = range.substring(range.lastIndexOf('/') + 1).strip();
            if (!total.equals("*")) {
                return Long.parseLong(total);
            }
        }
        String length = headers.get("Content-Length");
        return length != null ? Long.parseLong(length) : read;
    }

    @Override
    public Optional<StoredObject> stat(String bucket, String key) throws StorageException {
        try {
            Optional<S3Calls.Answer> found = calls.headIfExists(bucket, key);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            try (S3Calls.Answer answer = found.get()) {
                Headers headers = answer.response().headers();
                String etag = headers.get("ETag");
                String length = headers.get("Content-Length");
                return Optional.of(new StoredObject(
                        key,
                        etag == null ? "" : etag.replace("\"", ""), // as the SDK's StatObjectResponse
                        length == null ? -1 : Long.parseLong(length),
                        headers.get("Content-Type"),
                        userMetadata(headers)));
            }
        } catch (Exception e) {
            StorageException classified = StorageErrors.classify("stat " + bucket + "/" + key, e);
            if (classified.kind() == StorageException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw classified;
        }
    }

    @Override
    public void put(String bucket, String key, byte[] bytes, String contentType, Map<String, String> userMetadata)
            throws StorageException {
        try {
            calls.put(bucket, key, bytes, contentType, userMetadata);
        } catch (Exception e) {
            throw StorageErrors.classify("put " + bucket + "/" + key, e);
        }
    }

    @Override
    public void delete(String bucket, String key) throws StorageException {
        try {
            calls.delete(bucket, key);
        } catch (Exception e) {
            StorageException classified = StorageErrors.classify("delete " + bucket + "/" + key, e);
            if (classified.kind() != StorageException.Kind.NOT_FOUND) {
                throw classified;
            }
        }
    }

    @Override
    public void ensureBucket(String bucket) throws StorageException {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (Exception e) {
            throw StorageErrors.classify("create bucket " + bucket, e);
        }
    }

    /**
     * True when the endpoint answers at all. An S3 error answer counts as reachable: with
     * least-privilege credentials the probe bucket (or someone else's bucket of that name on AWS)
     * answers 403, and that must not keep the service "not ready" forever.
     */
    @Override
    public boolean isReachable() {
        try {
            client.bucketExists(BucketExistsArgs.builder()
                    .bucket("thumbstream-readiness-probe")
                    .build());
            return true;
        } catch (io.minio.errors.ErrorResponseException e) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static Map<String, String> userMetadata(Headers headers) {
        Map<String, String> metadata = new java.util.TreeMap<>();
        for (String name : headers.names()) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("x-amz-meta-")) {
                metadata.put(lower.substring("x-amz-meta-".length()), headers.get(name));
            }
        }
        return metadata;
    }

    /**
     * Reads a body of known length into one array of exactly that size: no doubling buffers, so a
     * download takes the memory it was admitted for, not up to twice that.
     */
    private static byte[] readExactly(InputStream in, long length) throws IOException, StorageException {
        if (length > Integer.MAX_VALUE - 8L) {
            throw new StorageException(
                    StorageException.Kind.TOO_LARGE, "object is " + length + " bytes, more than one array holds");
        }
        byte[] bytes = new byte[(int) length];
        int read = in.readNBytes(bytes, 0, bytes.length);
        if (read < bytes.length) {
            throw new IOException("connection ended after " + read + " of " + length + " bytes");
        }
        if (in.read() >= 0) {
            throw new IOException("body is longer than its Content-Length of " + length);
        }
        return bytes;
    }

    private static byte[] readAtMost(InputStream in, long maxBytes) throws IOException, StorageException {
        // one byte past the limit tells "exactly at the limit" from "above it"
        int cap = (int) Math.min(Integer.MAX_VALUE - 8L, maxBytes == Long.MAX_VALUE ? maxBytes : maxBytes + 1);
        byte[] bytes = in.readNBytes(cap);
        if (bytes.length > maxBytes) {
            throw new StorageException(
                    StorageException.Kind.TOO_LARGE, "object is larger than the limit of " + maxBytes + " bytes");
        }
        return bytes;
    }

    /** Releases the HTTP client's threads and connections; requests in flight still finish. */
    @Override
    public void close() {
        http.close();
    }
}
