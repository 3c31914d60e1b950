package thumbstream.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
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
    private static class RangedStore implements ObjectStore {

        final byte[] object;
        final AtomicInteger wholeGets = new AtomicInteger();
        final java.util.List<Integer> headBytes = new java.util.ArrayList<>();
        String ifMatch;
        final AtomicInteger reads = new AtomicInteger();
        long bytesRead;
        Budget budget;
        long budgetDuringRead;

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

        /** Like S3: one GET, of which only the first bytes are read when {@code readOn} refuses them. */
        @Override
        public SourceHead read(
                String bucket, String key, long size, String etag, int sniffBytes, Predicate<byte[]> readOn)
                throws StorageException {
            reads.incrementAndGet();
            ifMatch = etag;
            budgetDuringRead = budget == null ? -1 : budget.availableBytes();
            byte[] first = Arrays.copyOf(object, Math.min(sniffBytes, object.length));
            boolean on = readOn.test(first);
            bytesRead += on ? object.length : first.length;
            return new SourceHead(on ? object : first, object.length, "e1", "x", Map.of());
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

    private static StoredObject statOf(RangedStore store) {
        return new StoredObject("k", "e1", store.object.length, "x", Map.of());
    }

    @Test
    void aStatedLargeImageIsReadByOneGetIfMatchTheStatWithItsSizeHeldDuringTheRead() throws StorageException {
        int size = 64 * FormatSniffer.SNIFF_BYTES; // 4 MiB: above the eager limit, any size goes
        RangedStore store = new RangedStore(startingWith(JobFixtures.jpeg(64, 64), size));
        Budget budget = Budget.ofBytes(8 << 20);
        store.budget = budget;
        SourceFetcher fetcher = new SourceFetcher(store, Long.MAX_VALUE, budget);

        SourceFetcher.Fetch fetch = fetcher.fetchStated("media", "a.jpg", statOf(store));

        assertThat(fetch)
                .isInstanceOfSatisfying(
                        SourceFetcher.Fetch.Ready.class,
                        r -> assertThat(r.source().bytes()).isEqualTo(store.object));
        assertThat(store.reads).hasValue(1);
        assertThat(store.headBytes).isEmpty();
        assertThat(store.wholeGets).hasValue(0);
        assertThat(store.ifMatch).isEqualTo("e1");
        assertThat(store.budgetDuringRead).isEqualTo((8 << 20) - size);
        ((SourceFetcher.Fetch.Ready) fetch).lease().close();
        assertThat(budget.availableBytes()).isEqualTo(8 << 20);
    }

    @Test
    void aStatedLargeNonImageIsRefusedAfterOneSniffOfReadingAndGivesItsBudgetBack() throws StorageException {
        RangedStore store = new RangedStore(startingWith(new byte[] {'P', 'K', 3, 4}, 64 * FormatSniffer.SNIFF_BYTES));
        Budget budget = Budget.ofBytes(8 << 20);
        SourceFetcher fetcher = new SourceFetcher(store, Long.MAX_VALUE, budget);

        SourceFetcher.Fetch fetch = fetcher.fetchStated("media", "a.zip", statOf(store));

        assertThat(fetch)
                .isInstanceOfSatisfying(
                        SourceFetcher.Fetch.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(FailureReason.UNSUPPORTED_FORMAT));
        assertThat(store.reads).hasValue(1);
        assertThat(store.bytesRead).isEqualTo(FormatSniffer.SNIFF_BYTES);
        assertThat(budget.availableBytes()).isEqualTo(8 << 20);
    }

    @Test
    void aStatedObjectAboveTheLimitOrEmptyIsRefusedWithoutAnyGet() throws StorageException {
        RangedStore large = new RangedStore(startingWith(JobFixtures.jpeg(64, 64), 2 * FormatSniffer.SNIFF_BYTES));
        RangedStore empty = new RangedStore(new byte[0]);
        SourceFetcher fetcher = new SourceFetcher(large, FormatSniffer.SNIFF_BYTES, Budget.unlimited());
        SourceFetcher emptyFetcher = new SourceFetcher(empty, Long.MAX_VALUE, Budget.unlimited());

        SourceFetcher.Fetch tooLarge = fetcher.fetchStated("media", "a.jpg", statOf(large));
        SourceFetcher.Fetch nothing = emptyFetcher.fetchStated("media", "a.jpg", statOf(empty));

        assertThat(tooLarge)
                .isInstanceOfSatisfying(
                        SourceFetcher.Fetch.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(FailureReason.TOO_LARGE));
        assertThat(nothing)
                .isInstanceOfSatisfying(
                        SourceFetcher.Fetch.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(FailureReason.CORRUPT_IMAGE));
        assertThat(large.reads.get() + empty.reads.get()).isZero();
        assertThat(large.headBytes).isEmpty();
    }

    @Test
    void aStatedOwnThumbnailIsNotRead() throws StorageException {
        RangedStore store = new RangedStore(JobFixtures.jpeg(64, 64));
        SourceFetcher fetcher = new SourceFetcher(store, Long.MAX_VALUE, Budget.unlimited());
        StoredObject own = new StoredObject(
                "k", "e1", store.object.length, "image/jpeg", Map.of(ThumbnailMetadata.GENERATED_BY, "thumbstream"));

        SourceFetcher.Fetch fetch = fetcher.fetchStated("media", "a.jpg", own);

        assertThat(fetch).isInstanceOf(SourceFetcher.Fetch.OwnThumbnail.class);
        assertThat(store.reads).hasValue(0);
    }

    @Test
    void aFailedReadGivesItsBudgetBack() {
        Budget budget = Budget.ofBytes(1 << 20);
        ObjectStore failing = new RangedStore(JobFixtures.jpeg(64, 64)) {
            @Override
            public SourceHead read(
                    String bucket, String key, long size, String etag, int sniffBytes, Predicate<byte[]> readOn)
                    throws StorageException {
                throw new StorageException(StorageException.Kind.TRANSIENT, "412: replaced since the stat");
            }
        };
        SourceFetcher fetcher = new SourceFetcher(failing, Long.MAX_VALUE, budget);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> fetcher.fetchStated("media", "a.jpg", new StoredObject("k", "e1", 1000, "x", Map.of())))
                .isInstanceOf(StorageException.class);
        assertThat(budget.availableBytes()).isEqualTo(1 << 20);
    }
}
