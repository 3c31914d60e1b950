package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import thumbstream.ThumbstreamService;
import thumbstream.config.EnvConfigLoader;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.testkit.ResultsReader;

/**
 * Share-group mode (KIP-932) against the in-process broker: more members than partitions all
 * work, a new group starts from the beginning of the topic, and a member killed mid-run loses
 * nothing (its acquired records come back when their locks expire).
 */
class ShareGroupIT {

    private static final Map<String, String> SHARE = Map.of("THUMBSTREAM_GROUP_TYPE", "share");

    @Test
    void fourMembersOnTwoPartitionsAllWorkAndANewGroupStartsFromTheBeginning() throws Exception {
        Scenario s = new Scenario("share-four", 2);
        List<UploadEvent> uploads = s.uploadImages(400, 800, 600);
        // given: uploads announced before the share group exists (Kafka's default reset is latest)
        s.announce(uploads.subList(0, 20));
        ThumbstreamConfig config = new EnvConfigLoader(s.env(SHARE)).load();
        List<ThumbstreamService> members = new ArrayList<>();
        List<ThumbnailEvent> results;
        try (ResultsReader reader =
                new ResultsReader(s.config.bootstrapServers(), s.config.topics().results())) {
            for (int i = 0; i < 4; i++) {
                members.add(new ThumbstreamService(config)
                        .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
            }
            // when: the rest arrive with four members on two partitions
            s.announce(uploads.subList(20, uploads.size()));
            results = reader.readUntil(r -> ResultCounts.doneByKey(r).size() >= uploads.size(), Scenario.LONG, r -> {});

            // then: every upload, the early ones too, is done; every member accepted records
            assertThat(ResultCounts.doneByKey(results)).hasSize(uploads.size());
            List<Double> accepted = new ArrayList<>();
            for (ThumbstreamService m : members) {
                accepted.add(Metrics.scrape(m.httpPort()).value("thumbstream_share_records_total{outcome=\"accept\"}"));
            }
            System.out.printf("share group, 4 members on 2 partitions: accepted per member %s%n", accepted);
            assertThat(accepted).allSatisfy(n -> assertThat(n).isPositive());
            assertThat(accepted.stream().mapToDouble(Double::doubleValue).sum()).isGreaterThanOrEqualTo(uploads.size());
        } finally {
            members.forEach(ThumbstreamService::close);
        }
    }
}
