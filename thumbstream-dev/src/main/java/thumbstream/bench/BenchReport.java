package thumbstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Collects what one {@code thumbstream bench} run measured, prints it as tables and writes it
 * as JSON. The ratios are computed here, from numbers of the same run only.
 */
public final class BenchReport {

    /**
     * One rendition against all of them, on the same corpus and thread count: {@code costRatio}
     * from throughput, {@code cpuCostRatio} from process CPU per image (steadier on shared cores).
     */
    public record RenditionCost(
            String corpus,
            String one,
            String all,
            double oneImagesPerSecond,
            double allImagesPerSecond,
            double costRatio,
            double cpuCostRatio) {}

    private final Map<String, Object> machine = new LinkedHashMap<>();
    private final List<Corpus> corpora = new ArrayList<>();
    private final List<RendererBench.Result> renderer = new ArrayList<>();
    private final List<RenditionCost> renditionCosts = new ArrayList<>();
    private final List<EndToEndBench.Result> endToEnd = new ArrayList<>();
    private final List<FormatBench.Row> formats = new ArrayList<>();
    private final List<ShareGroupBench.Result> shareGroup = new ArrayList<>();

    public BenchReport() {
        machine.put("cpu", Machine.cpuModel());
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
        machine.put("loadAverageAtStart", Machine.loadAverage());
    }

    public void corpus(Corpus corpus) {
        corpora.add(corpus);
    }

    public void renderer(RendererBench.Result result) {
        renderer.add(result);
    }

    /** Whether any image failed to render or any upload got no completed result. */
    public boolean hasFailures() {
        return renderer.stream().anyMatch(r -> r.failures() > 0)
                || endToEnd.stream().anyMatch(e -> e.results() < e.images());
    }

    public List<RendererBench.Result> rendererResults() {
        return List.copyOf(renderer);
    }

    public void renditionCost(RendererBench.Result one, RendererBench.Result all) {
        renditionCosts.add(new RenditionCost(
                one.corpus(),
                one.renditions(),
                all.renditions(),
                one.imagesPerSecond(),
                all.imagesPerSecond(),
                one.imagesPerSecond() / all.imagesPerSecond(),
                all.processCpuMsPerImage() / one.processCpuMsPerImage()));
    }

    /** The output-format comparison ({@link FormatBench}). */
    void formats(List<FormatBench.Row> rows) {
        formats.addAll(rows);
    }

    void shareGroup(List<ShareGroupBench.Result> results) {
        shareGroup.addAll(results);
    }

    public void endToEnd(EndToEndBench.Result result) {
        endToEnd.add(result);
    }

    public void print(PrintStream out, int threads) {
        machine.put("loadAverageAtEnd", Machine.loadAverage());
        out.printf(
                Locale.ROOT,
                "%nmachine: %s, %s cores, %s; load average %s at start, %s at end%n",
                machine.get("cpu"),
                machine.get("cores"),
                machine.get("java"),
                machine.get("loadAverageAtStart"),
                machine.get("loadAverageAtEnd"));
        out.printf(Locale.ROOT, "%nRenderer only (read file, render, write thumbnails; median of the runs)%n");
        out.printf(
                Locale.ROOT,
                "%-10s %6s %8s %7s %-14s %9s %11s %11s  %s%n",
                "corpus",
                "images",
                "MB",
                "threads",
                "decoder",
                "images/s",
                "CPU ms/img",
                "proc ms/img",
                "runs (s) / renditions");
        for (RendererBench.Result r : renderer) {
            out.printf(
                    Locale.ROOT,
                    "%-10s %6d %8.1f %7d %-14s %9.1f %11.2f %11.2f  %s / %s%n",
                    r.corpus(),
                    r.images(),
                    megabytes(r.corpus()),
                    r.threads(),
                    r.decoder(),
                    r.imagesPerSecond(),
                    r.cpuMsPerImage(),
                    r.processCpuMsPerImage(),
                    seconds(r.runSeconds()),
                    r.renditions());
        }
        printPlaceholderCost(out);
        if (!renditionCosts.isEmpty()) {
            out.printf(
                    Locale.ROOT,
                    "%nOne rendition vs all (%d threads): cost ratio = time(all) / time(one), and by CPU%n",
                    threads);
            for (RenditionCost c : renditionCosts) {
                out.printf(
                        Locale.ROOT,
                        "%-10s %s %.1f img/s | %s %.1f img/s | ratio %.2f, by CPU %.2f%n",
                        c.corpus(),
                        c.one(),
                        c.oneImagesPerSecond(),
                        c.all(),
                        c.allImagesPerSecond(),
                        c.costRatio(),
                        c.cpuCostRatio());
            }
        }
        FormatBench.print(out, formats);
        if (!endToEnd.isEmpty()) {
            printScorecard(out);
        }
        if (!shareGroup.isEmpty()) {
            out.printf(
                    Locale.ROOT,
                    "%nShare group on one partition, after a consumer-group baseline (median of the bursts;"
                            + " accepted records per member)%n");
            for (ShareGroupBench.Result r : shareGroup) {
                out.printf(
                        Locale.ROOT,
                        "%s group, %d member(s) x %d render thread(s): %.1f uploads/s, accepted %s%n",
                        r.groupType(),
                        r.members(),
                        r.threadsPerMember(),
                        r.uploadsPerSecond(),
                        r.accepted().stream()
                                .map(a -> String.format(Locale.ROOT, "%.0f", a))
                                .toList());
            }
        }
    }

    /**
     * End to end against the renderer alone on the same files and renditions: one line per corpus.
     * "CPU x" is the service process's CPU per upload over the renderer's process CPU per image, both
     * medians of the rounds in which they alternated (the target: at most 1.15).
     */
    private void printScorecard(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%nScorecard: service (own process) vs renderer alone, same files and renditions; medians of the rounds%n");
        out.printf(
                Locale.ROOT,
                "%-8s %6s | %8s %8s %6s | %9s %9s %6s %9s | %-24s | %-18s%n",
                "corpus",
                "images",
                "rend i/s",
                "e2e i/s",
                "e2e %",
                "rend CPU",
                "svc CPU",
                "CPU x",
                "infra CPU",
                "idle p50/95/99 ms (job p50)",
                "heap peak/live/max MB");
        for (EndToEndBench.Result e : endToEnd) {
            Optional<RendererBench.Result> r = rendererFor(e);
            out.printf(
                    Locale.ROOT,
                    "%-8s %6d | %8s %8.1f %6s | %9s %9.2f %6s %9.2f | %-24s | %-18s%n",
                    e.corpus(),
                    e.images(),
                    r.map(x -> String.format(Locale.ROOT, "%.1f", x.imagesPerSecond()))
                            .orElse("n/a"),
                    e.imagesPerSecond(),
                    r.map(x -> String.format(Locale.ROOT, "%.0f%%", 100 * e.imagesPerSecond() / x.imagesPerSecond()))
                            .orElse("n/a"),
                    String.format(Locale.ROOT, "%.2f", e.rendererCpuMsPerImage()),
                    e.processCpuMsPerImage(),
                    String.format(Locale.ROOT, "%.2f", e.processCpuMsPerImage() / e.rendererCpuMsPerImage()),
                    e.infraCpuMsPerImage(),
                    String.format(
                            Locale.ROOT,
                            "%.0f/%.0f/%.0f (job %.0f)",
                            e.idleP50Ms(),
                            e.idleP95Ms(),
                            e.idleP99Ms(),
                            e.idleJobP50Ms()),
                    String.format(
                            Locale.ROOT,
                            "%d/%d/%d",
                            e.peakHeapBytes() >> 20,
                            e.liveHeapBytes() >> 20,
                            e.maxHeapBytes() >> 20));
        }
        out.printf(
                Locale.ROOT,
                "CPU in ms per image (renderer: whole bench JVM, a pass before each service round) or per upload (svc:"
                        + " the service process; infra: the broker + S3 server process). Rounds: images/s %s; svc CPU %s;"
                        + " renderer CPU %s.%n",
                endToEnd.stream()
                        .map(e -> e.corpus() + " " + numbers(e.roundsImagesPerSecond()))
                        .toList(),
                endToEnd.stream()
                        .map(e -> e.corpus() + " " + numbers(e.roundsCpuMsPerImage()))
                        .toList(),
                endToEnd.stream()
                        .map(e -> e.corpus() + " " + numbers(e.roundsRendererCpuMsPerImage()))
                        .toList());
        printThreads(out);
    }

    private void printThreads(PrintStream out) {
        for (EndToEndBench.Result e : endToEnd) {
            for (EndToEndBench.Pass p : e.passes()) {
                out.printf(
                        Locale.ROOT,
                        "%s, %s events, pass %d after start (%d uploads before; service ready %.1f s after start):"
                                + " %.2f ms/upload; by thread group: %s%n",
                        e.corpus(),
                        e.shape(),
                        p.number(),
                        p.uploadsBefore(),
                        e.readySeconds(),
                        p.cpuMsPerUpload(),
                        byGroup(p.cpuMsPerUploadByThread()));
            }
        }
        for (EndToEndBench.Result e : endToEnd) {
            out.printf(
                    Locale.ROOT,
                    "%s, %s events (after a warm-up of %d uploads, JIT %.1f%% of the last warm-up window%s): service CPU"
                            + " ms/upload by thread group: %s%n",
                    e.corpus(),
                    e.shape(),
                    e.warmUp().uploads(),
                    100 * e.warmUp().lastJitShare(),
                    e.warmUp().steady() ? "" : ", NOT steady",
                    byGroup(e.serviceCpuMsPerUploadByThread()));
        }
    }

    private static String byGroup(Map<String, Double> groups) {
        return String.join(
                ", ",
                groups.entrySet().stream()
                        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                        .map(t -> String.format(Locale.ROOT, "%s %.2f", t.getKey(), t.getValue()))
                        .toList());
    }

    private static String numbers(List<Double> values) {
        return String.join(
                "/",
                values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList());
    }

    public void writeJson(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", machine);
        List<Map<String, Object>> corpusList = new ArrayList<>();
        for (Corpus c : corpora) {
            corpusList.add(Map.of("name", c.name(), "images", c.size(), "bytes", c.bytes()));
        }
        json.put("corpora", corpusList);
        json.put("renderer", renderer);
        json.put("renditionCost", renditionCosts);
        json.put("formats", formats);
        List<Map<String, Object>> e2e = new ArrayList<>();
        for (EndToEndBench.Result e : endToEnd) {
            Map<String, Object> entry = new ObjectMapper().convertValue(e, LinkedHashMap.class);
            entry.put("rendererOnlyRatio", ratioToRenderer(e));
            // Both from the renderer passes that alternated with the service's rounds (one figure,
            // two directions: the JSON keeps both keys so older results stay comparable).
            double cpuOverRenderer = e.processCpuMsPerImage() / e.rendererCpuMsPerImage();
            entry.put("rendererOnlyCpuRatio", 1 / cpuOverRenderer);
            entry.put("cpuOverRenderer", cpuOverRenderer);
            e2e.add(entry);
        }
        json.put("endToEnd", e2e);
        json.put("shareGroup", shareGroup);
        Files.createDirectories(file.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    /** The renderer-only result with the most threads on the same corpus and renditions. */
    private Optional<RendererBench.Result> rendererFor(EndToEndBench.Result e) {
        return renderer.stream()
                .filter(r -> r.corpus().equals(e.corpus()) && r.renditions().equals(e.renditions()))
                .max((a, b) -> Integer.compare(a.threads(), b.threads()));
    }

    /** End-to-end throughput over renderer-only throughput with the most threads measured, same corpus and renditions. */
    private Double ratioToRenderer(EndToEndBench.Result e) {
        return rendererFor(e)
                .map(r -> e.imagesPerSecond() / r.imagesPerSecond())
                .orElse(null);
    }

    private double megabytes(String corpus) {
        return corpora.stream()
                        .filter(c -> c.name().equals(corpus))
                        .mapToLong(Corpus::bytes)
                        .findFirst()
                        .orElse(0)
                / 1e6;
    }

    private static String seconds(List<Double> runs) {
        return String.join(
                " ",
                runs.stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList());
    }

    /** Placeholder cost per measurement: part of the render times above, from the smallest fit rendition. */
    private void printPlaceholderCost(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%nPlaceholders (blurhash, thumbhash, dominant and average colour from the smallest fit rendition;"
                        + " included above)%n");
        for (RendererBench.Result r : renderer) {
            out.printf(
                    Locale.ROOT,
                    "%-10s %d threads: %.3f ms CPU/image = %.2f%% of the workers' CPU%n",
                    r.corpus(),
                    r.threads(),
                    r.placeholderMsPerImage(),
                    r.placeholderPercent());
        }
    }
}
