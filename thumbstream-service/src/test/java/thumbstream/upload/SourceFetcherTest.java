package thumbstream.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import thumbstream.event.FailureReason;
import thumbstream.imaging.Budget;
import thumbstream.imaging.FormatSniffer;
import thumbstream.storage.ObjectStore;
import thumbstream.storage.SourceHead;
import thumbstream.storage.SourceObject;
import thumbstream.storage.StorageException;
import thumbstream.storage.StoredObject;

/** The ranged GET decides before any whole download, and a download holds its size in the budget. */
class SourceFetcherTest {

    /** One object served like S3 serves ranges: {@link #head} returns only the first bytes. */
    private static final class RangedStore implements ObjectStore {

        final byte[] object;
        final AtomicInteger wholeGets = new AtomicInteger();
        final java.util.List<Integer> headBytes = new java.util.ArrayList<>();
        String ifMatch;

        RangedStore(byte[] object) {
            this.object = object;
        }

        @Override
        public SourceHead head(String bucket, String key, int bytes) {
            headBytes.add(bytes);
            return new SourceHead(
                    Arrays.copyOf(object, Math.min(bytes, object.length)), object.length, "e1", "x", Map.of());
        }

        @Override
        public SourceObject get(String bucket, String key, long maxBytes, String etag) {
            wholeGets.incrementAndGet();
            ifMatch = etag;
            return new SourceObject(object, "e1", "x");
        }

        @Override
        public SourceObject get(String bucket, String key, long maxBytes) {
            return get(bucket, key, maxBytes, null);
        }

        @Override
        public Optional<StoredObject> stat(String bucket, String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void put(String bucket, String key, byte[] bytes, String contentType, Map<String, String> metadata) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String bucket, String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void ensureBucket(String bucket) {}

        @Override
        public boolean isReachable() {
            return true;
        }
    }

    private static byte[] startingWith(byte[] head, int size) {
        return Arrays.copyOf(head, size);
    }

    @Test
    void aLargeNonImageIsRefusedFromItsFirstBytesWithoutAWholeDownload() throws StorageException {
        RangedStore store = new RangedStore(startingWith(new byte[] {'P', 'K', 3, 4}, 3 * FormatSniffer.SNIFF_BYTES));
        SourceFetcher fetcher = new SourceFetcher(store, Long.MAX_VALUE, Budget.ofBytes(1 << 20));

        SourceFetcher.Fetch fetch = fetcher.fetch("media", "a.zip");

        assertThat(fetch)
                .isInstanceOfSatisfying(
                        SourceFetcher.Fetch.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(FailureReason.UNSUPPORTED_FORMAT));
        assertThat(store.wholeGets).hasValue(0);
    }

    @Test
    void anImageAboveTheLimitIsRefusedWithoutAWholeDownload() throws StorageException {
        byte[] jpegHead = JobFixtures.jpeg(64, 64);
        RangedStore store = new RangedStore(startingWith(jpegHead, 2 * FormatSniffer.SNIFF_BYTES));
        SourceFetcher fetcher = new SourceFetcher(store, FormatSniffer.SNIFF_BYTES, Budget.ofBytes(1 << 20));

        SourceFetcher.Fetch fetch = fetcher.fetch("media", "a.jpg");

        assertThat(fetch)
                .isInstanceOfSatisfying(
                        SourceFetcher.Fetch.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(FailureReason.TOO_LARGE));
        assertThat(store.wholeGets).hasValue(0);
    }

    @Test
    void anAdmittedDownloadHoldsItsSizeUntilTheLeaseIsClosedAndReadsTheSniffedVersion() throws StorageException {
        int size = 2 * FormatSniffer.SNIFF_BYTES;
        RangedStore store = new RangedStore(startingWith(JobFixtures.jpeg(64, 64), size));
        Budget budget = Budget.ofBytes(1 << 20);
        SourceFetcher fetcher = new SourceFetcher(store, Long.MAX_VALUE, budget);

        SourceFetcher.Fetch fetch = fetcher.fetch("media", "a.jpg");

        assertThat(fetch).isInstanceOf(SourceFetcher.Fetch.Ready.class);
        assertThat(store.wholeGets).hasValue(1);
        assertThat(store.ifMatch).isEqualTo("e1");
        assertThat(budget.availableBytes()).isEqualTo((1 << 20) - size);
        ((SourceFetcher.Fetch.Ready) fetch).lease().close();
        assertThat(budget.availableBytes()).isEqualTo(1 << 20);
    }

    @Test
    void anObjectNoLargerThanTheSniffIsNotFetchedTwice() throws StorageException {
        RangedStore store = new RangedStore(JobFixtures.jpeg(64, 64));
        SourceFetcher fetcher = new SourceFetcher(store, Long.MAX_VALUE, Budget.unlimited());

        SourceFetcher.Fetch fetch = fetcher.fetch("media", "a.jpg");

        assertThat(fetch)
                .isInstanceOfSatisfying(
                        SourceFetcher.Fetch.Ready.class,
                        r -> assertThat(r.source().bytes()).isEqualTo(store.object));
        assertThat(store.wholeGets).hasValue(0);
    }

    @Test
    void anObjectOfTheSizeTheEventStatesIsReadByTheFirstRequestWithItsSizeHeld() throws StorageException {
        int size = 3 * FormatSniffer.SNIFF_BYTES;
        RangedStore store = new RangedStore(startingWith(JobFixtures.jpeg(64, 64), size));
        Budget budget = Budget.ofBytes(1 << 20);
        SourceFetcher fetcher = new SourceFetcher(store, Long.MAX_VALUE, budget);

        SourceFetcher.Fetch fetch = fetcher.fetch("media", "a.jpg", (long) size);

        assertThat(fetch)
                .isInstanceOfSatisfying(
                        SourceFetcher.Fetch.Ready.class,
                        r -> assertThat(r.source().bytes()).isEqualTo(store.object));
        assertThat(store.headBytes).containsExactly(size);
        assertThat(store.wholeGets).hasValue(0);
        assertThat(budget.availableBytes()).isEqualTo((1 << 20) - size);
        ((SourceFetcher.Fetch.Ready) fetch).lease().close();
        assertThat(budget.availableBytes()).isEqualTo(1 << 20);
    }

    @Test
    void anObjectLargerThanTheEventSaidIsAdmittedAtItsRealSizeAndFetchedWhole() throws StorageException {
        int size = 4 * FormatSniffer.SNIFF_BYTES;
        RangedStore store = new RangedStore(startingWith(JobFixtures.jpeg(64, 64), size));
        Budget budget = Budget.ofBytes(1 << 20);
        SourceFetcher fetcher = new SourceFetcher(store, Long.MAX_VALUE, budget);

        SourceFetcher.Fetch fetch = fetcher.fetch("media", "a.jpg", (long) 2 * FormatSniffer.SNIFF_BYTES);

        assertThat(fetch).isInstanceOf(SourceFetcher.Fetch.Ready.class);
        assertThat(store.wholeGets).hasValue(1);
        assertThat(budget.availableBytes()).isEqualTo((1 << 20) - size);
        ((SourceFetcher.Fetch.Ready) fetch).lease().close();
        assertThat(budget.availableBytes()).isEqualTo(1 << 20);
    }

    @Test
    void aStatedSizeAboveTheEagerLimitOrTheMaximumOnlyBuysTheSniff() throws StorageException {
        int size = 2 * FormatSniffer.SNIFF_BYTES;
        RangedStore store = new RangedStore(startingWith(JobFixtures.jpeg(64, 64), size));
        SourceFetcher fetcher = new SourceFetcher(store, 3L * FormatSniffer.SNIFF_BYTES, Budget.unlimited());

        fetcher.fetch("media", "a.jpg", SourceFetcher.EAGER_BYTES + 1);
        fetcher.fetch("media", "a.jpg", 4L * FormatSniffer.SNIFF_BYTES);

        assertThat(store.headBytes).containsExactly(FormatSniffer.SNIFF_BYTES, FormatSniffer.SNIFF_BYTES);
    }

    @Test
    void aRefusedObjectGivesTheEagerBudgetBack() throws StorageException {
        int size = 3 * FormatSniffer.SNIFF_BYTES;
        RangedStore store = new RangedStore(startingWith(new byte[] {'P', 'K', 3, 4}, size));
        Budget budget = Budget.ofBytes(1 << 20);
        SourceFetcher fetcher = new SourceFetcher(store, Long.MAX_VALUE, budget);

        SourceFetcher.Fetch fetch = fetcher.fetch("media", "a.zip", (long) size);

        assertThat(fetch).isInstanceOf(SourceFetcher.Fetch.Refused.class);
        assertThat(budget.availableBytes()).isEqualTo(1 << 20);
    }
}
