package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static thumbstream.pipeline.PipelineFixtures.CLOCK;
import static thumbstream.pipeline.PipelineFixtures.RESULTS;
import static thumbstream.pipeline.PipelineFixtures.removedEvent;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import thumbstream.event.EventDecoder;
import thumbstream.event.FailureReason;
import thumbstream.event.ThumbnailEvent;
import thumbstream.imaging.Budget;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.ThumbnailRenderer;
import thumbstream.security.LogCapture;
import thumbstream.upload.ThumbnailJob;
import thumbstream.upload.ThumbnailKeys;

/** {@link RecordHandler}'s classification of what a record and its job can throw or contain. */
class RecordHandlerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PipelineMetrics metrics = new PipelineMetrics(registry);

    @Test
    void anUnexpectedRuntimeExceptionFromTheJobBecomesAFailedInternalResultWithADeadLetter() throws Exception {
        // given: a store that fails with a bug, not a storage error
        RecordHandler handler = handlerOver(() -> new IllegalStateException("bug in the store adapter"), 100, metrics);

        // when
        Outcome outcome = handler.handle(removedEvent("a.jpg"), "uploads-0@7", () -> false, true);

        // then
        assertThat(outcome.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(ThumbnailEvent.Status.FAILED);
            assertThat(r.key()).isEqualTo("a.jpg");
            assertThat(r.error().reason()).isEqualTo(FailureReason.INTERNAL);
            assertThat(r.error().message()).contains("bug in the store adapter");
        });
        assertThat(outcome.deadLetter()).isNotNull();
        assertThat(outcome.deadLetter().reason()).isEqualTo("internal");
        assertThat(registry.get("thumbstream.internal.errors").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void aStackOverflowIsHandledLikeAnyOtherErrorOfOneRecord() throws Exception {
        RecordHandler handler = handlerOver(StackOverflowError::new, 100, metrics);

        Outcome outcome = handler.handle(removedEvent("deep.jpg"), "uploads-0@8", () -> false, true);

        assertThat(outcome.results())
                .singleElement()
                .satisfies(r -> assertThat(r.error().reason()).isEqualTo(FailureReason.INTERNAL));
        assertThat(outcome.deadLetter().reason()).isEqualTo("internal");
    }

    @Test
    void anOutOfMemoryErrorIsThrownOnForThePipelineToStop() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        RecordHandler handler = handlerOver(() -> oom, 100, metrics);

        assertThatThrownBy(() -> handler.handle(removedEvent("big.jpg"), "uploads-0@9", () -> false, true))
                .isSameAs(oom);
        assertThat(RecordHandler.leavesJvmUnsafe(oom)).isTrue();
        assertThat(RecordHandler.leavesJvmUnsafe(new StackOverflowError())).isFalse();
        assertThat(RecordHandler.leavesJvmUnsafe(new IllegalStateException())).isFalse();
    }

    @Test
    void aNotificationWithMoreRecordsThanTheLimitFailsWholeAsInvalidEvent() throws Exception {
        // given: a limit of 3 and a notification naming 4 objects; the store would fail every call
        RecordHandler handler = handlerOver(() -> new AssertionError("no object may be touched"), 3, metrics);

        // when
        Outcome outcome = handler.handle(notification(4), "uploads-0@10", () -> false, true);

        // then: one invalid-event result, a dead letter, and no job ran
        assertThat(outcome.results()).singleElement().satisfies(r -> {
            assertThat(r.error().reason()).isEqualTo(FailureReason.INVALID_EVENT);
            assertThat(r.error().message()).contains("4", "limit is 3", "THUMBSTREAM_MAX_RECORDS_PER_EVENT");
        });
        assertThat(outcome.deadLetter().reason()).isEqualTo("invalid-event");
    }

    @Test
    void aNotificationAtTheLimitIsProcessed() throws Exception {
        RecordHandler handler = handlerOver(() -> new IllegalStateException("reached the store"), 3, metrics);

        Outcome outcome = handler.handle(notification(3), "uploads-0@11", () -> false, true);

        assertThat(outcome.results())
                .hasSize(3)
                .allSatisfy(r -> assertThat(r.error().reason()).isEqualTo(FailureReason.INTERNAL));
    }

    @Test
    void aTokenFloodUnderTheByteLimitFailsAsInvalidEventWithADeadLetterSayingWhy() throws Exception {
        // given: {"Records":[{},{},…]} just under 1 MiB, 700,000 tokens
        String start = "{\"Records\":[";
        byte[] flood = (start + "{},".repeat((EventDecoder.MAX_VALUE_BYTES - start.length() - 4) / 3) + "{}]}")
                .getBytes(StandardCharsets.UTF_8);
        RecordHandler handler = handlerOver(() -> new AssertionError("no object may be touched"), 100, metrics);

        // when
        Outcome outcome = handler.handle(flood, "uploads-0@12", () -> false, true);

        // then
        assertThat(outcome.results()).singleElement().satisfies(r -> {
            assertThat(r.error().reason()).isEqualTo(FailureReason.INVALID_EVENT);
            assertThat(r.error().message()).startsWith("event too complex: token count");
        });
        assertThat(outcome.deadLetter().reason()).isEqualTo("invalid-event");
        assertThat(outcome.deadLetter().message()).startsWith("event too complex: token count");
    }

    @Test
    void decodingWaitsWhileTheSharedDecodeBudgetIsTaken() throws Exception {
        // given: a decode budget of 64 KiB, all of it held elsewhere (other partitions' decodes)
        Budget budget = Budget.ofBytes(64 * 1024);
        RecordHandler handler = handlerOver(() -> new IllegalStateException("reached the store"), 100, metrics, budget);
        CompletableFuture<Outcome> handled;
        try (Budget.Lease others = budget.acquire(64 * 1024)) {
            // when
            handled = CompletableFuture.supplyAsync(() -> handle(handler, removedEvent("a.jpg")));

            // then: the record is not decoded while the budget is taken
            Thread.sleep(300);
            assertThat(handled).isNotDone();
        }
        // and it is once the budget is given back
        assertThat(handled.get(10, TimeUnit.SECONDS).results()).hasSize(1);
        assertThat(budget.availableBytes()).isEqualTo(budget.capacityBytes());
    }

    @Test
    void aRecordIsChargedForWhatParsingItCostsAndGivesItBackWhateverItDecodesTo() {
        Budget budget = Budget.ofBytes(64L * 1024 * 1024);
        RecordHandler handler = handlerOver(() -> new IllegalStateException("reached the store"), 100, metrics, budget);

        for (byte[] value : List.of(removedEvent("a.jpg"), "not json".getBytes(StandardCharsets.UTF_8), new byte[0])) {
            handle(handler, value);
            assertThat(budget.availableBytes()).isEqualTo(budget.capacityBytes());
        }
        assertThat(RecordHandler.decodeCost(new byte[1000])).isEqualTo(4000);
        assertThat(RecordHandler.decodeCost(new byte[EventDecoder.MAX_VALUE_BYTES + 1]))
                .as("refused unread: costs nothing")
                .isZero();
        assertThat(RecordHandler.decodeBudgetFor(512L * 1024 * 1024).capacityBytes())
                .as("a sixteenth of the heap: eight 1 MiB records at once in 512 MiB")
                .isEqualTo(32L * 1024 * 1024);
    }

    @Test
    void aRecordLargerThanTheWholeBudgetStillDecodesAlone() {
        Budget budget = Budget.ofBytes(1024);
        RecordHandler handler = handlerOver(() -> new IllegalStateException("reached the store"), 100, metrics, budget);

        assertThat(handle(handler, removedEvent("k".repeat(10_000) + ".jpg")).results())
                .hasSize(1);
    }

    @Test
    void theMessageOfAnInvalidEventIsLoggedOnOneBoundedLine() {
        RecordHandler handler = handlerOver(() -> new AssertionError("no object may be touched"), 100, metrics);
        String action = LogCapture.HOSTILE.replace("\n", "\\n").replace("\u001b", "\\u001b");
        byte[] value = ("{\"bucket\":\"media\",\"key\":\"a.jpg\",\"action\":\"" + action + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        try (LogCapture log = LogCapture.of(RecordHandler.class)) {
            Outcome outcome = handle(handler, value);

            assertThat(outcome.results().get(0).error().message()).contains("\n", "\u001b"); // the result keeps it
            assertThat(log.formatted()).singleElement().satisfies(LogCapture::isOneSafeLine);
        }
    }

    @Test
    void theMessageOfAnInternalErrorIsLoggedEscaped() {
        RecordHandler handler = handlerOver(() -> new IllegalStateException(LogCapture.HOSTILE), 100, metrics);

        try (LogCapture log = LogCapture.of(RecordHandler.class)) {
            handle(handler, removedEvent("a.jpg"));

            assertThat(log.formatted()).singleElement().satisfies(line -> {
                String firstLine = line.substring(0, line.indexOf('\n') + 1); // the stack trace follows
                LogCapture.isOneSafeLine(firstLine);
                assertThat(firstLine).contains("forged");
            });
        }
    }

    private static Outcome handle(RecordHandler handler, byte[] value) {
        try {
            return handler.handle(value, "uploads-0@1", () -> false, true);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An S3 "ObjectRemoved" notification naming {@code count} objects (removals need no image). */
    private static byte[] notification(int count) {
        StringBuilder json = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"eventName\":\"s3:ObjectRemoved:Delete\",\"s3\":{\"bucket\":{\"name\":\"media\"},")
                    .append("\"object\":{\"key\":\"o-")
                    .append(i)
                    .append(".jpg\"}}}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anInterruptedStorageCallIsNeverAVerdictEvenOnTheLastAttempt() {
        // given: the store's call was interrupted (the worker is being abandoned); the storage
        // layer restored the interrupt and called it transient; no attempt is left
        RecordHandler handler = handlerOver(
                () -> {
                    Thread.currentThread().interrupt();
                    return new thumbstream.storage.StorageException(
                            thumbstream.storage.StorageException.Kind.TRANSIENT, "get: interrupted");
                },
                100,
                metrics);

        // then: no failed result, no dead letter: the record stays for the next owner
        try {
            assertThatThrownBy(() -> handler.handle(removedEvent("a.jpg"), "uploads-0@9", () -> false, true))
                    .isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theSameObjectNamedTwiceInOneNotificationIsWorkedOnOnceAsItsLastEvent() throws Exception {
        RecordHandler handler = PipelineFixtures.handler(metrics);
        String records = "{\"Records\":[" + s3Record("ObjectCreated:Put", "a.jpg") + ","
                + s3Record("ObjectCreated:Put", "b.jpg") + "," + s3Record("ObjectRemoved:Delete", "a.jpg") + "]}";

        Outcome outcome = handler.handle(records.getBytes(StandardCharsets.UTF_8), "uploads-0@11", () -> false, true);

        // then: b once; a once, as its last event says (removed), not first rendered and then deleted
        assertThat(outcome.results()).extracting(ThumbnailEvent::key).containsExactly("b.jpg", "a.jpg");
        assertThat(outcome.results().get(1).status()).isEqualTo(ThumbnailEvent.Status.DELETED);
    }

    private static String s3Record(String eventName, String key) {
        return "{\"eventName\":\"s3:" + eventName + "\",\"s3\":{\"bucket\":{\"name\":\"media\"},"
                + "\"object\":{\"key\":\"" + key + "\"}}}";
    }

    static RecordHandler handlerOver(Supplier<Throwable> failure, int maxRecordsPerEvent, PipelineMetrics metrics) {
        return handlerOver(failure, maxRecordsPerEvent, metrics, RecordHandler.decodeBudgetFor(256L * 1024 * 1024));
    }

    static RecordHandler handlerOver(
            Supplier<Throwable> failure, int maxRecordsPerEvent, PipelineMetrics metrics, Budget decodeBudget) {
        List<RenditionSpec> specs = RenditionSpec.parseList("small:320x320:fit:jpg");
        ThumbnailJob job = new ThumbnailJob(
                new FailingStore(failure),
                new ThumbnailRenderer(100_000_000),
                specs,
                new ThumbnailKeys("thumbnails/"),
                1024 * 1024,
                RESULTS);
        RetryPolicy once = new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1));
        return new RecordHandler(job, RESULTS, once, CLOCK, metrics, maxRecordsPerEvent, decodeBudget);
    }
}
