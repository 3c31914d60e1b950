package thumbstream.progress;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thumbstream.config.PipelineSettings;
import thumbstream.config.Topics;
import thumbstream.event.EventJson;
import thumbstream.event.JobAnnouncement;
import thumbstream.event.ThumbnailEvent;
import thumbstream.security.LogText;

/**
 * The {@code progress} topology: results of jobs (from the results topic) and job announcements
 * (from the jobs topic) are re-keyed by job id into one repartition topic, and one processor keeps
 * each job's {@link JobProgress} in the persistent store {@value #JOBS_STORE}.
 *
 * <pre>
 * thumbnails (key bucket/key) --bytes hold "jobId"? decode, only with jobId--+
 *                                                                           +--merge--> progress-by-job (key jobId) --> JobProgressProcessor
 * thumbstream.jobs (key jobId) --decode-------------------------------------+                                           stores: progress-jobs, progress-seen
 * </pre>
 *
 * Merging before the one repartition avoids co-partitioning the two topics (which differ in
 * partition count). Records that cannot be decoded are logged and dropped: progress is a view, and
 * a bad record must not stop it. On the results topic, only records whose bytes hold {@code "jobId"}
 * are decoded at all ({@link #mayNameAJob}); the rest, live uploads' results, are dropped unread.
 *
 * <p>A result counts only toward a job announced on the jobs topic. Merging also means that
 * Kafka Streams gives no order between an announcement and a result read by another task (another
 * partition number): a result may reach the processor before an announcement published long
 * before it. Such results are held ({@link HeldResults}, stores {@value #HELD_STORE} and
 * {@value #HELD_JOBS_STORE}) for {@value #DEFAULT_HOLD_MINUTES} minutes and counted when the
 * announcement arrives; results of jobs never announced are dropped.
 */
final class ProgressTopology {

    /** jobId -> {@link JobProgress}; queried by the HTTP endpoint. */
    public static final String JOBS_STORE = "progress-jobs";
    /** jobId NUL bucket/key -> outcome counted for that object, for de-duplication. */
    public static final String SEEN_STORE = "progress-seen";
    /** jobId NUL bucket/key -> a result of a job not announced yet. */
    public static final String HELD_STORE = "progress-held";
    /** jobId -> when its first held result arrived and how many are held. */
    public static final String HELD_JOBS_STORE = "progress-held-jobs";

    static final int DEFAULT_HOLD_MINUTES = 5;
    /** How long results of a job not announced wait for its announcement. */
    static final Duration DEFAULT_HOLD = Duration.ofMinutes(DEFAULT_HOLD_MINUTES);

    static final JsonSerde<JobProgress> PROGRESS_SERDE = new JsonSerde<>(JobProgress.class);
    private static final JsonSerde<JobInput> INPUT_SERDE = new JsonSerde<>(JobInput.class);
    private static final JsonSerde<JobInput.Result> RESULT_SERDE = new JsonSerde<>(JobInput.Result.class);
    private static final JsonSerde<HeldResults.Held> HELD_SERDE = new JsonSerde<>(HeldResults.Held.class);
    private static final Logger LOG = LoggerFactory.getLogger(ProgressTopology.class);
    /** Producers choose what they write: one warning a minute about records progress skips. */
    private static final WarnThrottle SKIPPED = new WarnThrottle(Duration.ofMinutes(1), System::nanoTime);

    private ProgressTopology() {}

    /** Longer job ids are not counted: the id is a store key, and a producer chooses it. */
    static final int MAX_JOB_ID_CHARS = 256;

    /** {@link #build(StreamsBuilder, Topics, Duration, Duration, ProgressMetrics)} with the defaults. */
    static void build(StreamsBuilder builder, Topics topics) {
        build(builder, topics, PipelineSettings.DEFAULT_JOB_RETENTION, DEFAULT_HOLD, ProgressMetrics.discarded());
    }

    /**
     * Adds the progress topology to {@code builder}, reading {@code topics.results()} and {@code
     * topics.jobs()}; jobs unchanged for {@code retention} are forgotten, results of jobs not
     * announced are held for {@code hold}.
     */
    static void build(
            StreamsBuilder builder, Topics topics, Duration retention, Duration hold, ProgressMetrics metrics) {
        // Cached: a job's record changes with every result, and without a cache each change is a
        // RocksDB write and a changelog record. With it, the changes between two commits (1 s) are
        // one write and one record per job; reads (the processor's and /jobs) see the cache first.
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JOBS_STORE), Serdes.String(), PROGRESS_SERDE)
                        .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(SEEN_STORE), Serdes.String(), Serdes.String())
                .withCachingEnabled());
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HELD_STORE), Serdes.String(), RESULT_SERDE)
                        .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(HELD_JOBS_STORE), Serdes.String(), HELD_SERDE)
                .withCachingEnabled());

        // Most results belong to no job (live uploads): they are dropped by a byte scan, before any
        // decoding (the keys are not even read as strings), and never reach the repartition topic
        // or a store.
        KStream<byte[], JobInput> results = builder.stream(
                        topics.results(),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("progress-results"))
                .filter((key, value) -> mayNameAJob(value), Named.as("progress-only-job-results"))
                .flatMapValues(ProgressTopology::resultOfAJob, Named.as("progress-decode-results"));
        KStream<byte[], JobInput> announcements = builder.stream(
                        topics.jobs(),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("progress-announcements"))
                .flatMapValues(ProgressTopology::announcement, Named.as("progress-decode-announcements"));

        results.merge(announcements, Named.as("progress-merge"))
                .selectKey((key, input) -> input.jobId(), Named.as("progress-key-by-job"))
                .repartition(Repartitioned.with(Serdes.String(), INPUT_SERDE).withName("progress-by-job"))
                .process(
                        () -> new JobProgressProcessor(retention, hold, metrics),
                        Named.as("progress-aggregate"),
                        JOBS_STORE,
                        SEEN_STORE,
                        HELD_STORE,
                        HELD_JOBS_STORE);
    }

    /** How a result event names its job: the field's name as our serializer writes it. */
    private static final byte[] JOB_FIELD = "\"jobId\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * False only when {@code value} cannot be a result of a job: it does not hold the bytes {@code
     * "jobId"}, so decoding it would find no job id. A false true (those bytes inside a string, or
     * a record that is no event) only costs the decoding that then finds no job.
     */
    static boolean mayNameAJob(byte[] value) {
        if (value == null) {
            return false;
        }
        int last = value.length - JOB_FIELD.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (value[i] != '"') {
                continue;
            }
            for (int j = 1; j < JOB_FIELD.length; j++) {
                if (value[i + j] != JOB_FIELD[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static List<JobInput> resultOfAJob(byte[] value) {
        if (value == null) {
            return List.of();
        }
        try {
            ThumbnailEvent event = EventJson.thumbnailEvent(value);
            if (event.jobId() == null || event.key() == null) {
                return List.of(); // a live upload's result (or an invalid event's): no job to count it for
            }
            if (!usableJobId(event.jobId())) {
                skipped("a result whose job id is longer than " + MAX_JOB_ID_CHARS + " characters or holds NUL");
                return List.of();
            }
            return List.of(JobInput.of(event));
        } catch (IllegalArgumentException e) {
            skipped("a record that is not a result event: " + LogText.message(e.getMessage()));
            return List.of();
        }
    }

    private static void skipped(String what) {
        long leftOut = SKIPPED.next();
        if (leftOut < 0) {
            LOG.debug("progress: skipping {}", what);
        } else {
            LOG.warn("progress: skipping {} ({} more skipped since the last warning)", what, leftOut);
        }
    }

    /** Store keys are "jobId NUL object": an id with a NUL in it could reach into another job's range. */
    private static boolean usableJobId(String jobId) {
        return jobId.length() <= MAX_JOB_ID_CHARS && jobId.indexOf('\0') < 0;
    }

    private static List<JobInput> announcement(byte[] value) {
        if (value == null) {
            return List.of();
        }
        try {
            JobAnnouncement a = JobAnnouncement.fromBytes(value);
            if (!usableJobId(a.jobId())) {
                skipped("an announcement whose job id is longer than " + MAX_JOB_ID_CHARS + " characters or holds NUL");
                return List.of();
            }
            return List.of(JobInput.of(a));
        } catch (IllegalArgumentException e) {
            skipped("a record that is not a job announcement: " + LogText.message(e.getMessage()));
            return List.of();
        }
    }
}
