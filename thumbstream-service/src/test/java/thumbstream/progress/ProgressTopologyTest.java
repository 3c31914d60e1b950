package thumbstream.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import thumbstream.config.PipelineSettings;
import thumbstream.config.Topics;
import thumbstream.event.EventJson;
import thumbstream.event.FailureReason;
import thumbstream.event.JobAnnouncement;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.Status;

/** The progress topology on Kafka Streams' TopologyTestDriver: no broker, same code path. */
class ProgressTopologyTest {

    private static final Topics TOPICS = Topics.DEFAULT;
    private static final Instant T0 = Instant.parse("2026-11-23T07:00:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> results;
    private TestInputTopic<String, byte[]> jobs;
    private KeyValueStore<String, JobProgress> store;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @TempDir
    Path stateDir;

    @BeforeEach
    void startDriver() {
        StreamsBuilder builder = new StreamsBuilder();
        ProgressTopology.build(
                builder,
                TOPICS,
                PipelineSettings.DEFAULT_JOB_RETENTION,
                ProgressTopology.DEFAULT_HOLD,
                new ProgressMetrics(registry));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "progress-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        driver = new TopologyTestDriver(builder.build(), props);
        results = driver.createInputTopic(TOPICS.results(), new StringSerializer(), new ByteArraySerializer());
        jobs = driver.createInputTopic(TOPICS.jobs(), new StringSerializer(), new ByteArraySerializer());
        store = driver.getKeyValueStore(ProgressTopology.JOBS_STORE);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void countsEachStatusOfAJobAndFailuresByReason() {
        announced("job-1");
        result("job-1", "a.jpg", Status.COMPLETED, null, 1);
        result("job-1", "b.jpg", Status.COMPLETED, null, 2);
        result("job-1", "c.jpg", Status.SKIPPED, null, 3);
        result("job-1", "d.jpg", Status.FAILED, FailureReason.CORRUPT_IMAGE, 4);
        result("job-1", "e.jpg", Status.FAILED, FailureReason.CORRUPT_IMAGE, 5);
        result("job-1", "f.jpg", Status.FAILED, FailureReason.TOO_LARGE, 6);
        result("job-1", "g.jpg", Status.DELETED, null, 7);

        JobProgress p = store.get("job-1");
        assertThat(p.completed()).isEqualTo(2);
        assertThat(p.skipped()).isEqualTo(1);
        assertThat(p.deleted()).isEqualTo(1);
        assertThat(p.failed()).isEqualTo(3);
        assertThat(p.done()).isEqualTo(7);
        assertThat(p.failedByReason()).containsExactly(Map.entry("corrupt-image", 2L), Map.entry("too-large", 1L));
        assertThat(p.failures())
                .extracting(JobProgress.Failure::key, JobProgress.Failure::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("d.jpg", "corrupt-image"),
                        org.assertj.core.groups.Tuple.tuple("e.jpg", "corrupt-image"),
                        org.assertj.core.groups.Tuple.tuple("f.jpg", "too-large"));
    }

    @Test
    void ignoresResultsOfLiveUploadsWhichHaveNoJob() {
        result(null, "live.jpg", Status.COMPLETED, null, 1);

        assertThat(allJobs()).isEmpty();
    }

    @Test
    void aResultWithoutAJobIsDroppedByItsBytesAloneBeforeDecoding() {
        // given a live upload's result as the pipeline serializes it, one of a job, and one whose
        // object key ends in the field's name in quotes (a string value that ends in it)
        byte[] live = EventJson.toBytes(event(null, "live.jpg"));
        byte[] ofAJob = EventJson.toBytes(event("job-1", "a.jpg"));
        byte[] lookalike = EventJson.toBytes(event(null, "x\"jobId"));

        // then only the first is known to have no job without decoding it
        assertThat(ProgressTopology.mayNameAJob(live)).isFalse();
        assertThat(ProgressTopology.mayNameAJob(ofAJob)).isTrue();
        assertThat(ProgressTopology.mayNameAJob(lookalike)).isTrue();
        assertThat(ProgressTopology.mayNameAJob("{\"jobId".getBytes(StandardCharsets.UTF_8)))
                .isFalse();

        // and through the topology: the job's result counts, the lookalike (decoded) counts nowhere
        announced("job-1");
        results.pipeInput("media/live.jpg", live);
        results.pipeInput("media/x.jpg", lookalike);
        results.pipeInput("media/a.jpg", ofAJob);
        assertThat(allJobs()).containsExactly("job-1");
        assertThat(store.get("job-1").completed()).isEqualTo(1);
    }

    @Test
    void countsADuplicateResultOnce() {
        announced("job-1");
        for (int i = 0; i < 3; i++) {
            result("job-1", "a.jpg", Status.COMPLETED, null, 1);
            result("job-1", "b.jpg", Status.FAILED, FailureReason.NOT_FOUND, 2);
        }

        JobProgress p = store.get("job-1");
        assertThat(p.completed()).isEqualTo(1);
        assertThat(p.failed()).isEqualTo(1);
        assertThat(p.failedByReason()).containsExactly(Map.entry("not-found", 1L));
        assertThat(p.failures()).hasSize(1);
    }

    @Test
    void aLaterOutcomeOfTheSameObjectReplacesTheEarlierOne() {
        announced("job-1");
        result("job-1", "a.jpg", Status.FAILED, FailureReason.STORAGE, 1);
        result("job-1", "a.jpg", Status.COMPLETED, null, 2);

        JobProgress p = store.get("job-1");
        assertThat(p.failed()).isZero();
        assertThat(p.failedByReason()).isEmpty();
        assertThat(p.failures()).isEmpty();
        assertThat(p.completed()).isEqualTo(1);
        assertThat(p.done()).isEqualTo(1);
    }

    @Test
    void theSameObjectCountsInEachJobItBelongsTo() {
        announced("job-1", "job-2");
        result("job-1", "a.jpg", Status.COMPLETED, null, 1);
        result("job-2", "a.jpg", Status.SKIPPED, null, 2);

        assertThat(store.get("job-1").completed()).isEqualTo(1);
        assertThat(store.get("job-2").skipped()).isEqualTo(1);
        assertThat(store.get("job-2").completed()).isZero();
    }

    @Test
    void totalFromAnAnnouncementThatArrivesBeforeTheResults() {
        announce(JobAnnouncement.started("job-1", "media", "originals/", T0));
        announce(JobAnnouncement.started("job-1", "media", "originals/", T0).finished(2, T0.plusSeconds(1)));
        result("job-1", "a.jpg", Status.COMPLETED, null, 2);

        assertThat(JobReport.of(store.get("job-1")).state()).isEqualTo(JobReport.RUNNING);
        result("job-1", "b.jpg", Status.COMPLETED, null, 3);

        JobReport report = JobReport.of(store.get("job-1"));
        assertThat(report.total()).isEqualTo(2);
        assertThat(report.state()).isEqualTo(JobReport.DONE);
        assertThat(report.bucket()).isEqualTo("media");
        assertThat(report.prefix()).isEqualTo("originals/");
        assertThat(report.startedAt()).isEqualTo(T0);
        assertThat(report.finishedListingAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void resultsThatArriveBeforeTheAnnouncementAreHeldAndCountedWhenItComes() {
        // given: results of a job that reach the processor before its announcement (another task wrote them first)
        result("job-1", "a.jpg", Status.COMPLETED, null, 1);
        result("job-1", "b.jpg", Status.SKIPPED, null, 2);
        assertThat(store.get("job-1")).as("not a job before its announcement").isNull();
        assertThat(unannounced("held")).isEqualTo(2);

        // when: the announcement arrives within the hold
        driver.advanceWallClockTime(ProgressTopology.DEFAULT_HOLD.minusSeconds(60));

        announce(JobAnnouncement.started("job-1", "media", "", T0).finished(2, T0.plusSeconds(3)));

        JobReport report = JobReport.of(store.get("job-1"));
        assertThat(report.total()).isEqualTo(2);
        assertThat(report.done()).isEqualTo(2);
        assertThat(report.state()).isEqualTo(JobReport.DONE);
        assertThat(report.percent()).isEqualTo(100.0);
        assertThat(unannounced("counted")).isEqualTo(2);
        assertThat(heldKeys()).isEmpty();
    }

    @Test
    void aResultOfAJobThatIsNeverAnnouncedCountsNowhereAndIsDroppedAfterTheHold() {
        // given: a result with a job id nobody announced (a forged result, or an upload event's made-up jobId)
        announced("real");
        result("forged", "a.jpg", Status.COMPLETED, null, 1);
        result("real", "a.jpg", Status.COMPLETED, null, 1);

        // then: no such job, while its result is held
        assertThat(allJobs()).containsExactly("real");
        assertThat(heldKeys()).hasSize(1);

        // when: the hold passes without an announcement
        driver.advanceWallClockTime(ProgressTopology.DEFAULT_HOLD.plusSeconds(60));

        // then: the result is dropped and counted as such; an announcement now starts from zero
        assertThat(heldKeys()).isEmpty();
        assertThat(unannounced("dropped")).isEqualTo(1);
        announced("forged");
        assertThat(store.get("forged").done()).isZero();
        assertThat(store.get("real").completed()).isEqualTo(1);
    }

    @Test
    void aHeldObjectKeepsOnlyItsLatestResult() {
        result("job-1", "a.jpg", Status.FAILED, FailureReason.STORAGE, 1);
        result("job-1", "a.jpg", Status.COMPLETED, null, 2);
        assertThat(heldKeys()).hasSize(1);

        announced("job-1");

        JobProgress p = store.get("job-1");
        assertThat(p.completed()).isEqualTo(1);
        assertThat(p.failed()).isZero();
    }

    @Test
    void holdsAtMostALimitedNumberOfResultsPerJobJobsAndInAll() {
        // given: one unannounced job with more results than one job may hold
        for (int i = 0; i <= HeldResults.MAX_PER_JOB; i++) {
            result("flood-0", "k" + i, Status.COMPLETED, null, 1);
        }
        // then: the limit is held, the rest dropped at once
        assertThat(heldKeys()).hasSize(HeldResults.MAX_PER_JOB);
        assertThat(unannounced("dropped")).isEqualTo(1);

        // when: more jobs fill the overall limit, and one more result comes for a job with room
        int jobsToFill = HeldResults.MAX_RESULTS / HeldResults.MAX_PER_JOB;
        for (int j = 1; j < jobsToFill; j++) {
            for (int i = 0; i < HeldResults.MAX_PER_JOB; i++) {
                result("flood-" + j, "k" + i, Status.COMPLETED, null, 1);
            }
        }
        result("one-more", "k", Status.COMPLETED, null, 1);
        assertThat(heldKeys()).hasSize(HeldResults.MAX_RESULTS);
        assertThat(unannounced("dropped")).isEqualTo(2);

        // and: once the hold passed, everything held is dropped and nothing became a job
        driver.advanceWallClockTime(ProgressTopology.DEFAULT_HOLD.plusSeconds(60));
        assertThat(heldKeys()).isEmpty();
        assertThat(unannounced("dropped")).isEqualTo(2 + HeldResults.MAX_RESULTS);
        assertThat(allJobs()).isEmpty();
    }

    @Test
    void holdsResultsOfAtMostALimitedNumberOfJobs() {
        for (int j = 0; j <= HeldResults.MAX_JOBS; j++) {
            result("job-" + j, "a.jpg", Status.COMPLETED, null, 1);
        }

        assertThat(heldKeys()).hasSize(HeldResults.MAX_JOBS);
        assertThat(unannounced("dropped")).isEqualTo(1);
    }

    @Test
    void anEarlyAnnouncementArrivingLateDoesNotForgetTheTotal() {
        JobAnnouncement started = JobAnnouncement.started("job-1", "media", "", T0);
        announce(started.finished(5, T0.plusSeconds(1)));
        announce(started);

        assertThat(store.get("job-1").total()).isEqualTo(5);
    }

    @Test
    void keepsFirstAndLastResultTimeAndTheRateBetweenThem() {
        announced("job-1");
        result("job-1", "b.jpg", Status.COMPLETED, null, 10);
        result("job-1", "a.jpg", Status.COMPLETED, null, 0); // decided earlier, arrived later
        result("job-1", "c.jpg", Status.COMPLETED, null, 4);

        JobProgress p = store.get("job-1");
        assertThat(p.firstResultAt()).isEqualTo(T0);
        assertThat(p.lastResultAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(JobReport.of(p).ratePerSecond()).isEqualTo(0.3);
    }

    @Test
    void forgetsAJobUnchangedForTheRetentionPeriodWithTheObjectsItCounted() {
        // given: a job with one result
        announced("job-1");
        result("job-1", "a.jpg", Status.COMPLETED, null, 1);
        assertThat(store.get("job-1").updatedAt()).isNotNull();

        // when: nothing happens to it for longer than the retention (7 days by default)
        driver.advanceWallClockTime(Duration.ofDays(8));

        // then: it is gone, and so is what was counted for its objects
        assertThat(allJobs()).isEmpty();
        assertThat(seenKeys()).isEmpty();
        result("job-1", "a.jpg", Status.COMPLETED, null, 2);
        assertThat(store.get("job-1"))
                .as("a forgotten job is not announced any more")
                .isNull();
        announced("job-1");
        assertThat(store.get("job-1").completed()).as("counted again from zero").isEqualTo(1);
    }

    @Test
    void keepsAJobThatChangedWithinTheRetentionPeriod() {
        announced("job-1");
        result("job-1", "a.jpg", Status.COMPLETED, null, 1);
        driver.advanceWallClockTime(Duration.ofDays(6));
        result("job-1", "b.jpg", Status.COMPLETED, null, 2);

        driver.advanceWallClockTime(Duration.ofDays(2));

        assertThat(store.get("job-1").completed()).isEqualTo(2);
    }

    @Test
    void listsFailuresOnlyUpToACharacterBudgetSoOneJobRecordStaysSmall() {
        announced("job-1");
        // given: 1,000 failures whose keys are 5,000 characters long and messages 10,000
        for (int i = 0; i < 1000; i++) {
            String key = "k".repeat(5000) + i;
            ThumbnailEvent event = new ThumbnailEvent(
                    "id-" + i,
                    Status.FAILED,
                    "media",
                    key,
                    null,
                    "job-1",
                    null,
                    new ThumbnailEvent.ErrorInfo(FailureReason.CORRUPT_IMAGE, "m".repeat(10_000)),
                    1,
                    5,
                    T0);
            results.pipeInput("media/" + i, EventJson.toBytes(event));
        }

        // then: every failure is counted, few are listed, and the stored value is far below 1 MiB
        JobProgress p = store.get("job-1");
        assertThat(p.failed()).isEqualTo(1000);
        assertThat(p.failures().size() + p.failuresOmitted()).isEqualTo(1000);
        assertThat(p.failures())
                .allSatisfy(f -> assertThat(f.key()).hasSize(JobProgress.MAX_FAILURE_KEY_CHARS))
                .allSatisfy(f -> assertThat(f.message()).hasSize(JobProgress.MAX_FAILURE_MESSAGE_CHARS));
        assertThat(ProgressTopology.PROGRESS_SERDE.serializer().serialize("t", p).length)
                .isLessThan(JobProgress.MAX_LISTED_FAILURE_CHARS + 64 * 1024);
    }

    @Test
    void doesNotCountResultsWhoseJobIdIsLongerThanTheLimit() {
        announced("j".repeat(ProgressTopology.MAX_JOB_ID_CHARS + 1), "j".repeat(ProgressTopology.MAX_JOB_ID_CHARS));
        result("j".repeat(ProgressTopology.MAX_JOB_ID_CHARS + 1), "a.jpg", Status.COMPLETED, null, 1);
        result("j".repeat(ProgressTopology.MAX_JOB_ID_CHARS), "a.jpg", Status.COMPLETED, null, 1);

        assertThat(allJobs()).containsExactly("j".repeat(ProgressTopology.MAX_JOB_ID_CHARS));
    }

    @Test
    void skipsRecordsThatAreNotEventsWithoutStopping() {
        results.pipeInput("media/x.jpg", "not json".getBytes(StandardCharsets.UTF_8));
        jobs.pipeInput("job-1", "{\"jobId\":".getBytes(StandardCharsets.UTF_8));
        announced("job-1");
        result("job-1", "a.jpg", Status.COMPLETED, null, 1);

        assertThat(store.get("job-1").completed()).isEqualTo(1);
    }

    @Test
    void pagesJobsInTheStoresKeyOrderWhichIsTheIdOrderTheEndpointDocuments() {
        // U+1F600 sorts after U+FF21 by code point (and UTF-8 bytes), before it by UTF-16 unit.
        List<String> ids = List.of("b", "a", "\u00e9t\u00e9", "\uff21", "\ud83d\ude00", "a-2");
        for (int i = 0; i < ids.size(); i++) {
            announced(ids.get(i));
            result(ids.get(i), "x.jpg", Status.COMPLETED, null, i + 1);
        }

        List<String> paged = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 10; pages++) {
            List<JobProgress> page = ProgressQueries.page(store, after, 2);
            page.forEach(p -> paged.add(p.jobId()));
            if (page.size() < 2) {
                break;
            }
            after = page.get(page.size() - 1).jobId();
        }

        assertThat(paged)
                .containsExactlyElementsOf(
                        ids.stream().sorted(JobLookup.ID_ORDER).toList())
                .containsExactly("a", "a-2", "b", "\u00e9t\u00e9", "\uff21", "\ud83d\ude00");
    }

    private static ThumbnailEvent event(String jobId, String key) {
        return new ThumbnailEvent(
                "id-" + key, Status.COMPLETED, "media", key, "etag", jobId, List.of(), null, 1, 5, T0);
    }

    private void result(String jobId, String key, Status status, FailureReason reason, int second) {
        ThumbnailEvent event = new ThumbnailEvent(
                "id-" + key + "-" + status,
                status,
                "media",
                key,
                "etag-" + key,
                jobId,
                List.of(),
                reason == null ? null : new ThumbnailEvent.ErrorInfo(reason, "because " + key),
                1,
                5,
                T0.plusSeconds(second));
        results.pipeInput("media/" + key, EventJson.toBytes(event));
    }

    private void announce(JobAnnouncement announcement) {
        jobs.pipeInput(announcement.jobId(), announcement.toBytes());
    }

    private void announced(String... jobIds) {
        for (String jobId : jobIds) {
            announce(JobAnnouncement.started(jobId, "media", "", T0));
        }
    }

    private double unannounced(String outcome) {
        return registry.get("thumbstream.progress.unannounced.results")
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    private List<String> heldKeys() {
        KeyValueStore<String, JobInput.Result> held = driver.getKeyValueStore(ProgressTopology.HELD_STORE);
        List<String> keys = new java.util.ArrayList<>();
        try (var it = held.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private List<String> seenKeys() {
        KeyValueStore<String, String> seen = driver.getKeyValueStore(ProgressTopology.SEEN_STORE);
        List<String> keys = new java.util.ArrayList<>();
        try (var it = seen.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private List<String> allJobs() {
        List<String> ids = new java.util.ArrayList<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> ids.add(kv.key));
        }
        return ids;
    }
}
