package thumbstream.progress;

import com.sun.net.httpserver.HttpHandler;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers queries about job progress from the job store of the Kafka Streams client that
 * {@link ProgressStreams} keeps running, and serves them over HTTP. Holds no state of its own: each
 * query asks {@link ProgressStreams#running()} for the current client, so a query made while the
 * view is not started, restarting or failed answers {@link UnavailableException} (503), never a
 * stale client's answer.
 *
 * <p>Thread-safe: called on the management server's threads.
 */
public final class ProgressQueries implements JobLookup {

    /** The path prefix {@link #httpHandler()} serves. */
    public static final String PATH = JobsEndpoint.PATH;

    /** The path {@link #statusPage} serves. */
    public static final String STATUS_PATH = StatusEndpoint.PATH;

    private final ProgressStreams streams;

    public ProgressQueries(ProgressStreams streams) {
        this.streams = streams;
    }

    /** Serves {@code /jobs} and {@code /jobs/{id}}; register it under {@link #PATH}. */
    public HttpHandler httpHandler() {
        return new JobsEndpoint(this);
    }

    /** Serves the HTML status page: this instance's jobs and {@code results}' latest; register it under {@link #STATUS_PATH}. */
    public HttpHandler statusPage(LatestResults results) {
        return new StatusEndpoint(this, results::latest, Clock.systemUTC());
    }

    @Override
    public Optional<JobProgress> job(String jobId) {
        try {
            return Optional.ofNullable(store().get(jobId));
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<JobProgress> jobs() {
        List<JobProgress> all = new ArrayList<>();
        try (KeyValueIterator<String, JobProgress> it = store().all()) {
            while (it.hasNext()) {
                KeyValue<String, JobProgress> next = it.next();
                all.add(next.value);
            }
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
        return all;
    }

    /** Reads at most {@code limit} (+1, the cursor itself) entries: the store's keys are in {@link #ID_ORDER}. */
    @Override
    public List<JobProgress> jobs(String after, int limit) {
        try {
            return page(store(), after, limit);
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    /** {@link JobLookup#jobs(String, int)} on {@code store}, reading at most {@code limit} + 1 entries. */
    static List<JobProgress> page(ReadOnlyKeyValueStore<String, JobProgress> store, String after, int limit) {
        List<JobProgress> page = new ArrayList<>(Math.min(limit, 1024));
        try (KeyValueIterator<String, JobProgress> it = after == null ? store.all() : store.range(after, null)) {
            while (it.hasNext() && page.size() < limit) {
                KeyValue<String, JobProgress> next = it.next();
                if (!next.key.equals(after)) {
                    page.add(next.value);
                }
            }
        }
        return page;
    }

    @Override
    public Optional<URI> elsewhere(String jobId) {
        KafkaStreams s = streams.running();
        KeyQueryMetadata metadata = s.queryMetadataForKey(
                ProgressTopology.JOBS_STORE, jobId, Serdes.String().serializer());
        if (metadata == null
                || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)
                || metadata.activeHost().equals(streams.self())) {
            return Optional.empty();
        }
        HostInfo host = metadata.activeHost();
        return Optional.of(URI.create("http://" + host.host() + ":" + host.port()));
    }

    private ReadOnlyKeyValueStore<String, JobProgress> store() {
        try {
            // Stale stores too: answer from the local copy while a rebalance moves tasks, rather than 503.
            return streams.running()
                    .store(StoreQueryParameters.fromNameAndType(
                                    ProgressTopology.JOBS_STORE,
                                    QueryableStoreTypes.<String, JobProgress>keyValueStore())
                            .enableStaleStores());
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    private UnavailableException unavailable(InvalidStateStoreException e) {
        return new UnavailableException(
                "job progress is not queryable right now (" + streams.running().state() + "): " + e.getMessage(), e);
    }
}
