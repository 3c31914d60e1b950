package thumbstream.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates topics and waits until every partition has a leader that serves requests. */
public final class TopicAdmin {

    private TopicAdmin() {}

    /** Creates the missing topics of {@code partitionsByTopic} and waits until they can be produced to. */
    public static void createTopics(Admin admin, Map<String, Integer> partitionsByTopic)
            throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = new ArrayList<>();
        partitionsByTopic.forEach((name, partitions) -> {
            if (!existing.contains(name)) {
                missing.add(new NewTopic(name, partitions, (short) 1));
            }
        });
        try {
            admin.createTopics(missing).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        awaitLeaders(admin, partitionsByTopic);
    }

    /**
     * Producing right after createTopics can lose records on a fresh broker (KAFKA-15591): wait
     * until listing the latest offset of every partition succeeds, which needs a serving leader.
     */
    private static void awaitLeaders(Admin admin, Map<String, Integer> partitionsByTopic) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> request = partitionsByTopic.entrySet().stream()
                .flatMap(e -> java.util.stream.IntStream.range(0, e.getValue())
                        .mapToObj(p -> new TopicPartition(e.getKey(), p)))
                .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics not ready after 60 s: " + partitionsByTopic.keySet(), e);
                }
                Thread.sleep(100);
            }
        }
    }
}
