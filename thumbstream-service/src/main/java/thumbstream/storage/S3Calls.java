package thumbstream.storage;

import com.google.common.collect.LinkedListMultimap;
import com.google.common.collect.Multimap;
import io.minio.MinioAsyncClient;
import io.minio.Xml;
import io.minio.credentials.Credentials;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.errors.XmlParserException;
import io.minio.http.Method;
import io.minio.messages.ErrorResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The store's hot-path requests (GET, HEAD, PUT, DELETE of one object), each run on the thread
 * that asks, start to end.
 *
 * <p>The SDK's every call, its blocking {@code MinioClient} included, is an OkHttp async call: the
 * request goes to a dispatcher thread, the answer comes back through a chain of {@code
 * CompletableFuture}s, and the caller waits for it: two thread hand-offs and wake-ups per request,
 * a large part of the work around each render in the service's profile. The SDK offers no blocking
 * path below that, but its request building is protected API: this subclass builds the request as
 * the SDK does ({@code buildUrl}, {@code createRequest}: headers, Content-MD5 and payload hash),
 * signs it as the SDK's {@code Signer} does ({@link SigV4}), and runs it with OkHttp's blocking
 * {@code Call.execute()} on the same client, so every limit of that client still holds: timeouts
 * (call, read, write, connect), TCP_NODELAY, the network interceptors ({@link AbortUnreadBodies},
 * request counters). A blocking call is not admitted by OkHttp's dispatcher, so the connection
 * limit is a semaphore here: at most {@code maxConnections} requests of this store in flight, the
 * others wait.
 *
 * <p>Errors become the SDK's own exceptions, decided as the SDK decides them ({@code
 * ErrorResponseException} from the S3 error document, or from the status when there is none), so
 * {@link StorageErrors} classifies them unchanged. Thread-safe.
 */
final class S3Calls extends MinioAsyncClient {

    /** S3 error documents are small; a body beyond this is not an error document. */
    private static final long MAX_ERROR_BYTES = 64 << 10;

    private final String region;
    private final Semaphore inFlight;
    private final SigV4 signer;

    S3Calls(MinioAsyncClient client, String region, int maxConnections) {
        super(client);
        this.region = region;
        this.inFlight = new Semaphore(maxConnections);
        this.signer = new SigV4(region);
    }

    /** An answered request: closing it closes the body (aborting an unread one) and frees its slot. */
    static final class Answer implements AutoCloseable {
        private final Response response;
        private final Semaphore slot;
        private boolean closed;

        private Answer(Response response, Semaphore slot) {
            this.response = response;
            this.slot = slot;
        }

        Response response() {
            return response;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                try {
                    response.close();
                } finally {
                    slot.release();
                }
            }
        }
    }

    /**
     * A GET of the object, of its first {@code length} bytes when not null (a Range), only of the
     * version with {@code etag} when not null (If-Match). The caller reads the body and closes.
     */
    Answer get(String bucket, String key, String etag, Long length) throws Exception {
        Multimap<String, String> headers = LinkedListMultimap.create();
        if (length != null) {
            headers.put("Range", "bytes=0-" + (length - 1));
        }
        if (etag != null) {
            headers.put("If-Match", etag);
        }
        return execute(Method.GET, bucket, key, headers, null);
    }

    /**
     * A HEAD of the object (its stat), or empty when it does not exist. A missing object is an
     * everyday answer here (every new upload's thumbnails are missing), so it makes no exception.
     */
    Optional<Answer> headIfExists(String bucket, String key) throws Exception {
        Answer answer = send(Method.HEAD, bucket, key, LinkedListMultimap.create(), null);
        if (answer.response().code() == 404) {
            answer.close();
            return Optional.empty();
        }
        return Optional.of(checked(Method.HEAD, bucket, key, answer));
    }

    /** One PUT of {@code bytes} as they are; user metadata names without the {@code x-amz-meta-} prefix. */
    void put(String bucket, String key, byte[] bytes, String contentType, Map<String, String> metadata)
            throws Exception {
        Multimap<String, String> headers = LinkedListMultimap.create();
        headers.put("Content-Type", contentType);
        metadata.forEach((name, value) -> headers.put("x-amz-meta-" + name, value));
        execute(Method.PUT, bucket, key, headers, bytes).close();
    }

    /** A DELETE of the object (S3 answers 204 whether or not it existed). */
    void delete(String bucket, String key) throws Exception {
        execute(Method.DELETE, bucket, key, LinkedListMultimap.create(), null).close();
    }

    private Answer execute(Method method, String bucket, String key, Multimap<String, String> headers, byte[] body)
            throws Exception {
        return checked(method, bucket, key, send(method, bucket, key, headers, body));
    }

    /** {@code answer} when it is a success; otherwise closes it and throws what the SDK would. */
    private static Answer checked(Method method, String bucket, String key, Answer answer) throws Exception {
        if (answer.response().isSuccessful()) {
            return answer;
        }
        try (answer) {
            throw error(method, bucket, key, answer.response().request(), answer.response());
        }
    }

    /** Sends the request and returns whatever the server answered. */
    private Answer send(Method method, String bucket, String key, Multimap<String, String> headers, byte[] body)
            throws Exception {
        HttpUrl url = buildUrl(method, bucket, key, region, null);
        Credentials credentials = provider == null ? null : provider.fetch();
        Request request =
                createRequest(url, method, httpHeaders(headers), body, body == null ? 0 : body.length, credentials);
        if (credentials != null) {
            request = signer.sign(request, credentials.accessKey(), credentials.secretKey());
        }
        inFlight.acquire();
        Response response;
        try {
            response = httpClient.newCall(request).execute();
        } catch (Exception | Error e) {
            inFlight.release();
            throw e;
        }
        return new Answer(response, inFlight);
    }

    /** The exception the SDK's own async path makes of this answer ({@code S3Base.executeAsync}). */
    private static Exception error(Method method, String bucket, String key, Request request, Response response)
            throws Exception {
        String body = response.peekBody(MAX_ERROR_BYTES).string();
        String trace = method + " " + request.url().encodedPath() + " -> HTTP " + response.code();
        String contentType = response.header("Content-Type");
        boolean xml = contentType != null && contentType.contains("application/xml");
        if (!body.isEmpty() && method != Method.HEAD && !xml) {
            return new InvalidResponseException(
                    response.code(), contentType, body.substring(0, Math.min(body.length(), 1024)), trace);
        }
        ErrorResponse document = null;
        if (!body.isEmpty() && xml) {
            try {
                document = Xml.unmarshal(ErrorResponse.class, body);
            } catch (XmlParserException e) {
                return e;
            }
        }
        if (document == null) {
            String code = switch (response.code()) {
                case 404 -> "NoSuchKey";
                case 403 -> "AccessDenied";
                case 405, 501 -> "MethodNotAllowed";
                case 409 -> "NoSuchBucket";
                case 412 -> "PreconditionFailed";
                case 416 -> "InvalidRange";
                case 301, 307, 400 -> "BadRequest";
                default -> null;
            };
            if (code == null) {
                return new ServerException(
                        "server failed with HTTP status code " + response.code(), response.code(), trace);
            }
            document = new ErrorResponse(
                    code,
                    "HTTP " + response.code(),
                    bucket,
                    key,
                    request.url().encodedPath(),
                    response.header("x-amz-request-id"),
                    response.header("x-amz-id-2"));
        }
        return new ErrorResponseException(document, response, trace);
    }
}
