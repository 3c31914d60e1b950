package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import thumbstream.config.Topics;

class ResultPublisherTest {

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final ResultPublisher publisher = new ResultPublisher(producer, Topics.DEFAULT);

    @Test
    void keysTheResultOfAnInvalidEventByTheInputRecordsKey() throws Exception {
        // given: an invalid record keyed "media/shoe.jpg" by its producer
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>("uploads", 0, 3, utf8("media/shoe.jpg"), utf8("{\"foo\":1}"));
        Outcome outcome = new Outcome(
                List.of(PipelineFixtures.RESULTS.invalid("uploads-0@3", "unknown event shape")),
                new Outcome.DeadLetter(
                        "invalid-event",
                        "unknown event shape",
                        1,
                        PipelineFixtures.CLOCK.instant(),
                        PipelineFixtures.CLOCK.instant()));

        // when
        publisher.publish(record, outcome);

        // then: the result lands with the input's key (so in the same order as that object's other events)
        assertThat(producer.history())
                .filteredOn(r -> r.topic().equals(Topics.DEFAULT.results()))
                .extracting(ProducerRecord::key)
                .containsExactly("media/shoe.jpg");
        assertThat(producer.history())
                .filteredOn(r -> r.topic().equals(Topics.DEFAULT.deadLetters()))
                .extracting(ProducerRecord::key)
                .containsExactly("media/shoe.jpg");
    }

    @Test
    void keysAResultOfAnUploadByBucketAndKey() throws Exception {
        ConsumerRecord<byte[], byte[]> record =
                PipelineFixtures.removal(new org.apache.kafka.common.TopicPartition("uploads", 0), 4, "any-record-key");

        publisher.publish(record, PipelineFixtures.deletedOutcome("a.jpg"));

        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("media/a.jpg");
    }

    @Test
    void anOutcomeIsSerializedOnceAndEveryAttemptSendsTheseBytesWhichItIsCountedBy() throws Exception {
        // given an outcome prepared once
        ConsumerRecord<byte[], byte[]> record =
                PipelineFixtures.removal(new org.apache.kafka.common.TopicPartition("uploads", 0), 4, "any-record-key");
        ResultPublisher.Prepared prepared = publisher.prepare(record, PipelineFixtures.deletedOutcome("a.jpg"));

        // when it is published twice (a retry after a transient error)
        publisher.publish(prepared);
        publisher.publish(prepared);

        // then both sends carried the very array serialized at first, and its size is what it counts
        byte[] json = prepared.records().get(0).value();
        assertThat(producer.history())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.value()).isSameAs(json));
        assertThat(prepared.bytes()).isEqualTo(json.length + record.key().length);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
