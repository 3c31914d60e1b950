package thumbstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void theMedianOfThreeRunsIsTheMiddleOne() {
        assertThat(Stats.median(List.of(9.0, 7.5, 8.0))).isEqualTo(8.0);
    }

    @Test
    void percentilesAreNearestRankSoEveryValueWasMeasured() {
        double[] latencies = new double[100];
        for (int i = 0; i < 100; i++) {
            latencies[i] = 100 - i; // 100 down to 1
        }

        assertThat(Stats.percentile(latencies, 50)).isEqualTo(50);
        assertThat(Stats.percentile(latencies, 95)).isEqualTo(95);
        assertThat(Stats.percentile(latencies, 99)).isEqualTo(99);
        assertThat(Stats.percentile(new double[] {42}, 99)).isEqualTo(42);
        assertThat(Stats.percentile(new double[0], 50)).isNaN();
    }
}
