package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeadMarkerTest {

    @Test
    void readsBackWhatItWrites() {
        assertThat(HeadMarker.parse(HeadMarker.working(42, 2))).contains(new HeadMarker(42, 2));
        assertThat(HeadMarker.parse(HeadMarker.stopped(7))).contains(new HeadMarker(7, 0));
    }

    @Test
    void countsDeathsOnlyForTheHeadItIsAbout() {
        String marker = HeadMarker.working(42, 2);
        assertThat(HeadMarker.deathsAt(42, marker)).isEqualTo(2);
        assertThat(HeadMarker.deathsAt(43, marker)).as("the head moved since").isZero();
        assertThat(HeadMarker.deathsAt(7, HeadMarker.stopped(7)))
                .as("a clean stop")
                .isZero();
    }

    @Test
    void metadataSomeoneElseWroteIsNoMarker() {
        assertThat(HeadMarker.parse(null)).isEmpty();
        assertThat(HeadMarker.parse("")).isEmpty();
        assertThat(HeadMarker.parse("thumbstream/1 head=1 starts=2 extra")).isEmpty();
        assertThat(HeadMarker.parse("thumbstream/1 head=-1 starts=2")).isEmpty();
        assertThat(HeadMarker.parse("thumbstream/1 head=99999999999999999999 starts=2"))
                .isEmpty();
        assertThat(HeadMarker.parse("thumbstream/1 head=9999999999999999999 starts=2"))
                .as("19 digits beyond Long.MAX_VALUE")
                .isEmpty();
        assertThat(HeadMarker.deathsAt(1, "thumbstream/1 head=1 starts=x")).isZero();
    }
}
