package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import thumbstream.event.EventJson;
import thumbstream.event.FailureReason;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.testkit.ResultsReader;

/**
 * A record that kills every process that works on it must not crash-loop its partition. The test
 * build of the service dies of a JVM fatal error (as a native crash would: no shutdown hook, no
 * commit) whenever an event fails to decode ({@code -XX:AbortVMOnException}); one such record sits
 * among good uploads on a one-partition topic. Each death is followed by a fresh process, as an
 * orchestrator would restart the pod.
 */
class CrashLoopIT {

    private static final int GOOD_BEFORE = 3;
    private static final int GOOD_AFTER = 6;

    @Test
    void aRecordThatKillsTheProcessIsDeadLetteredAfterThreeDeathsAndThePartitionMovesOn() throws Exception {
        Scenario s = new Scenario("crash-loop", 1);
        Path errors = Files.createTempDirectory("thumbstream-crash-loop-");
        List<String> testBuild = List.of(
                "-XX:+UnlockDiagnosticVMOptions",
                "-XX:AbortVMOnException=thumbstream.event.InvalidEventException",
                "-XX:-CreateCoredumpOnCrash",
                "-XX:ErrorFile=" + errors.resolve("hs_err_pid%p.log"));
        // given: good uploads, then a record that kills the process, then more good uploads
        byte[] killer =
                "{\"bucket\":\"media\",\"key\":\"k.jpg\",\"action\":\"explode\"}".getBytes(StandardCharsets.UTF_8);
        List<String> keys = new ArrayList<>();
        try (RawPublisher publisher =
                new RawPublisher(s.config.bootstrapServers(), s.config.topics().uploads())) {
            for (int i = 0; i < GOOD_BEFORE + GOOD_AFTER; i++) {
                String key = s.prefix + "img-" + i + ".jpg";
                s.store.put("media", key, TestImages.jpeg(96, 64), "image/jpeg", Map.of());
                keys.add(key);
            }
            for (int i = 0; i < GOOD_BEFORE; i++) {
                publisher.publishRaw(0, keys.get(i), EventJson.toBytes(UploadEvent.created("media", keys.get(i))));
            }
            publisher.publishRaw(0, "killer", killer);
            for (int i = GOOD_BEFORE; i < keys.size(); i++) {
                publisher.publishRaw(0, keys.get(i), EventJson.toBytes(UploadEvent.created("media", keys.get(i))));
            }
        }

        // when: each process that dies is replaced, until one stays up
        Map<String, String> env = s.env(Map.of("THUMBSTREAM_MAX_IN_FLIGHT_PER_PARTITION", "4"));
        int deaths = 0;
        List<ThumbnailEvent> results = new ArrayList<>();
        ServiceProcess survivor = null;
        try (ResultsReader reader =
                new ResultsReader(s.config.bootstrapServers(), s.config.topics().results())) {
            while (survivor == null && deaths <= 6) {
                ServiceProcess p = ServiceProcess.startWithJvmFlags("crash-loop-" + (deaths + 1), env, testBuild);
                if (p.waitFor(Duration.ofSeconds(60))) {
                    System.out.printf("process %d died (exit %d)%n", deaths + 1, p.exitValue());
                    deaths++;
                } else {
                    survivor = p;
                }
            }
            assertThat(survivor)
                    .as("a process that stays up, after %d deaths", deaths)
                    .isNotNull();
            try (ServiceProcess last = survivor) {
                results.addAll(reader.readUntil(
                        r -> ResultCounts.doneByKey(concat(results, r)).size() >= keys.size()
                                && concat(results, r).stream().anyMatch(CrashLoopIT::isInternal),
                        Scenario.LONG,
                        r -> {}));
                assertThat(last.isAlive())
                        .as("the survivor is still up: %s", last.logTail())
                        .isTrue();
            }
        }

        // then: three deaths with the killer at the head (one more when the first died before the
        // head had reached it), no more; every good upload completed; the killer has its failed
        // result and dead letter with reason internal
        System.out.printf("crash loop: %d deaths before the record was dead-lettered%n", deaths);
        assertThat(deaths).isBetween(3, 4);
        assertThat(errors.toFile().list()).as("JVM fatal error reports").hasSize(deaths);
        assertThat(ResultCounts.doneByKey(results)).containsOnlyKeys(keys);
        assertThat(results)
                .filteredOn(CrashLoopIT::isInternal)
                .singleElement()
                .satisfies(r -> assertThat(r.error().message()).contains("3 consecutive process deaths"));
        List<ConsumerRecord<byte[], byte[]>> dead = DeadLetters.readAll(
                s.config.bootstrapServers(), s.config.topics().deadLetters(), Duration.ofSeconds(30));
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.headers().lastHeader("thumbstream.reason").value(), StandardCharsets.UTF_8))
                    .isEqualTo("internal");
            assertThat(r.value()).isEqualTo(killer);
        });
    }

    private static boolean isInternal(ThumbnailEvent r) {
        return r.status() == ThumbnailEvent.Status.FAILED && r.error().reason() == FailureReason.INTERNAL;
    }

    private static List<ThumbnailEvent> concat(List<ThumbnailEvent> a, List<ThumbnailEvent> b) {
        List<ThumbnailEvent> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
