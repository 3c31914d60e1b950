package thumbstream.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thumbstream.config.ConfigException;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.config.TopicCreation;
import thumbstream.config.Topics;

/**
 * Checks the service's topics at start-up, before anything consumes or produces:
 * <ul>
 *   <li>the uploads topic must exist: creating it would hide a misspelt name, so start-up fails
 *       ({@link ConfigException}, exit code 2) naming the topic;</li>
 *   <li>missing topics of the service's own (results, dead letters, the backfill lane, jobs) are
 *       created when {@code THUMBSTREAM_CREATE_TOPICS} is on, with the configured partitions and
 *       replication;</li>
 *   <li>otherwise a missing results or dead-letter topic fails start-up the same way (nothing could
 *       be published, so no offset could move), and a missing backfill or jobs topic is reported:
 *       the poll loop subscribes to the lane anyway and the job-progress view waits for its topic,
 *       so each starts by itself once its topic appears.</li>
 * </ul>
 * When the broker cannot be asked in time, start-up goes on with a warning: the clients retry.
 */
final class StartupTopics {

    private static final Logger LOG = LoggerFactory.getLogger(StartupTopics.class);
    private static final long TIMEOUT_SECONDS = 30;

    private StartupTopics() {}

    static void ensure(Admin admin, ThumbstreamConfig config) {
        Topics topics = config.topics();
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("could not list the topics to check them ({}); starting anyway", e.toString());
            return;
        }
        if (!existing.contains(topics.uploads())) {
            throw new ConfigException("topic '" + topics.uploads() + "' (THUMBSTREAM_UPLOADS_TOPIC) does not exist: "
                    + "create it, or point THUMBSTREAM_UPLOADS_TOPIC at the topic the bucket notifications go to");
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put(topics.results(), "THUMBSTREAM_RESULTS_TOPIC");
        outputs.put(topics.deadLetters(), "THUMBSTREAM_DLQ_TOPIC");
        TopicCheck.backfillLane(topics).ifPresent(lane -> outputs.put(lane, "THUMBSTREAM_BACKFILL_TOPIC"));
        outputs.put(topics.jobs(), "THUMBSTREAM_JOBS_TOPIC");
        outputs.keySet().removeIf(existing::contains);
        if (outputs.isEmpty()) {
            return;
        }
        TopicCreation creation = config.pipeline().topicCreation();
        if (creation.create()) {
            create(admin, List.copyOf(outputs.keySet()), creation);
            return;
        }
        List<String> required = new ArrayList<>(outputs.keySet());
        required.remove(topics.jobs());
        required.remove(topics.backfill());
        if (!required.isEmpty()) {
            String first = required.get(0);
            throw new ConfigException("topic '" + first + "' (" + outputs.get(first) + ") does not exist and "
                    + "THUMBSTREAM_CREATE_TOPICS is false: create it, or set THUMBSTREAM_CREATE_TOPICS=true");
        }
        if (outputs.containsKey(topics.backfill())) {
            LOG.warn(
                    "topic '{}' (THUMBSTREAM_BACKFILL_TOPIC) does not exist and THUMBSTREAM_CREATE_TOPICS is false: "
                            + "the backfill lane is idle until the topic is created; the service then consumes "
                            + "it within about {} s, without a restart",
                    topics.backfill(),
                    KafkaClients.METADATA_MAX_AGE_MS / 1000);
        }
        if (outputs.containsKey(topics.jobs())) {
            LOG.warn(
                    "topic '{}' (THUMBSTREAM_JOBS_TOPIC) does not exist and THUMBSTREAM_CREATE_TOPICS is false: "
                            + "job progress starts once it is created",
                    topics.jobs());
        }
    }

    private static void create(Admin admin, List<String> names, TopicCreation creation) {
        Optional<Integer> partitions = creation.partitions() == TopicCreation.BROKER_DEFAULT
                ? Optional.empty()
                : Optional.of(creation.partitions());
        Optional<Short> replicas = creation.replicationFactor() == TopicCreation.BROKER_DEFAULT
                ? Optional.empty()
                : Optional.of((short) creation.replicationFactor());
        List<NewTopic> missing =
                names.stream().map(n -> new NewTopic(n, partitions, replicas)).toList();
        try {
            admin.createTopics(missing).values().forEach((name, future) -> {
                try {
                    future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    LOG.info("created topic '{}'", name);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // another instance was faster
                        throw new ConfigException("could not create topic '" + name + "': " + e.getCause());
                    }
                } catch (TimeoutException e) {
                    throw new ConfigException("could not create topic '" + name + "' within " + TIMEOUT_SECONDS + " s");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ConfigException("interrupted while creating topic '" + name + "'");
                }
            });
        } catch (RuntimeException e) {
            if (e instanceof ConfigException) {
                throw e;
            }
            throw new ConfigException("could not create topics " + names + ": " + e);
        }
        awaitLeaders(admin, names);
    }

    /**
     * Producing right after a topic was created can fail on a fresh broker until every partition
     * has a serving leader (KAFKA-15591): wait until listing their latest offsets succeeds.
     */
    private static void awaitLeaders(Admin admin, List<String> names) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(names)
                        .allTopicNames()
                        .get(10, TimeUnit.SECONDS)
                        .values()
                        .forEach(d -> d.partitions()
                                .forEach(p ->
                                        latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
                admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("created topics {} have no serving leader yet ({}); starting anyway", names, e.toString());
                    return;
                }
                sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
