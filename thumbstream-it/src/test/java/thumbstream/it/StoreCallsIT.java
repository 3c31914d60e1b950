package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.Interceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import thumbstream.storage.MinioObjectStore;
import thumbstream.storage.SourceHead;
import thumbstream.storage.StorageException;

/**
 * The store's per-upload requests run on the thread that makes them (no hand-off to the HTTP
 * client's threads and back), against the real S3 server, and fail as they did through the SDK.
 */
class StoreCallsIT {

    private static final String BUCKET = "media";

    private final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    private MinioObjectStore store;
    private String key;

    @BeforeEach
    void setUp() {
        Interceptor recorder = chain -> {
            threads.add(
                    chain.request().method() + " on " + Thread.currentThread().getName());
            return chain.proceed(chain.request());
        };
        store = new MinioObjectStore(SharedInfrastructure.get().s3Settings(), List.of(recorder));
        key = "calls-" + UUID.randomUUID() + "/shoe.jpg";
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void everyPerUploadRequestRunsOnTheCallingThread() throws Exception {
        // given an object the store wrote
        byte[] bytes = TestImages.jpeg(300, 200);
        store.put(BUCKET, key, bytes, "image/jpeg", Map.of("thumbstream-source-etag", "abc"));

        // when it is stat'ed, sniffed, read and fetched, then deleted
        var stat = store.stat(BUCKET, key).orElseThrow();
        SourceHead head = store.head(BUCKET, key, 64);
        SourceHead read = store.read(BUCKET, key, stat.size(), stat.etag(), 64, first -> true);
        byte[] got = store.get(BUCKET, key, bytes.length, stat.etag()).bytes();
        store.delete(BUCKET, key);

        // then each answer is right, and every request went out from this very thread
        assertThat(stat.size()).isEqualTo(bytes.length);
        assertThat(stat.contentType()).isEqualTo("image/jpeg");
        assertThat(stat.userMetadata()).containsEntry("thumbstream-source-etag", "abc");
        assertThat(head.size()).isEqualTo(bytes.length);
        assertThat(head.bytes()).hasSize(64);
        assertThat(read.bytes()).isEqualTo(bytes);
        assertThat(read.etag()).isEqualTo(stat.etag());
        assertThat(got).isEqualTo(bytes);
        assertThat(store.stat(BUCKET, key)).isEmpty();
        String here = Thread.currentThread().getName();
        assertThat(threads)
                .containsExactly(
                        "PUT on " + here,
                        "HEAD on " + here,
                        "GET on " + here,
                        "GET on " + here,
                        "GET on " + here,
                        "DELETE on " + here,
                        "HEAD on " + here);
    }

    @Test
    void failuresAreClassifiedAsTheSdksWereMissingReplacedEmpty() throws Exception {
        // a missing object: not found for a GET, empty for a stat, no error for a delete
        assertThatThrownBy(() -> store.get(BUCKET, key, 1000))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> store.head(BUCKET, key, 64))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.NOT_FOUND));
        assertThat(store.stat(BUCKET, key)).isEmpty();
        store.delete(BUCKET, key);

        // a replaced object: If-Match misses, which is transient (start over)
        store.put(BUCKET, key, TestImages.jpeg(40, 40), "image/jpeg", Map.of());
        assertThatThrownBy(() -> store.get(BUCKET, key, 1 << 20, "0123456789abcdef0123456789abcdef"))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.TRANSIENT));

        // an empty object: the ranged sniff's 416 becomes a stat, size 0
        store.put(BUCKET, key + ".empty", new byte[0], "image/jpeg", Map.of());
        SourceHead empty = store.head(BUCKET, key + ".empty", 64);
        assertThat(empty.size()).isZero();
        assertThat(empty.bytes()).isEmpty();

        // a body above the limit is refused before it is read
        assertThatThrownBy(() -> store.get(BUCKET, key, 10))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.TOO_LARGE));
    }
}
