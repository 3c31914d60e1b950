package thumbstream.bench;

import java.util.Arrays;
import java.util.List;

/** Medians and percentiles of measurements; nearest-rank, so every value reported was measured. */
final class Stats {

    private Stats() {}

    static double median(List<Double> values) {
        return percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), 50);
    }

    /** The {@code p}-th percentile (0 < p <= 100) by nearest rank; NaN for no values. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
