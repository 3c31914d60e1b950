package thumbstream.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.ThumbnailRenderer;

/**
 * Runs the benchmark that {@link Options} describe: corpus, renderer alone (1 and N threads),
 * one rendition against all, end to end; then prints and writes the report.
 */
public final class Bench {

    /**
     * @param images       folder of real images (subfolders become corpora), or null for the generated corpus
     * @param quick        the small generated corpus
     * @param threads      renderer threads for the parallel measurements
     * @param runs         timed passes per measurement (the median is reported)
     * @param specs        renditions
     * @param rendererOnly only the renderer at {@code threads}, plus one {@code BENCH} line per corpus
     * @param endToEnd     include the end-to-end measurement
     * @param output       where corpus/, thumbnails/ and results.json go
     * @param serviceJvmArgs JVM options of the service process in the end-to-end measurement
     * @param shareMembers the share-group figure's second configuration (the first is one member); 0 skips it
     * @param photos       folder of real photos measured before the generated corpora (bench/photo-corpus.sh), or null
     * @param generated    include the generated corpora (when neither images nor photos replace them)
     * @param shapes       end to end, each corpus once per event shape, each time in a fresh service process
     * @param passes       passes of every upload right after the service's start (1 = the cold pass), before warm-up
     * @param serviceJava  the service process's java launcher
     * @param serviceClassPath the service process's class path
     * @param formats      include the output-format comparison
     */
    public record Options(
            Path images,
            boolean quick,
            int threads,
            int runs,
            List<RenditionSpec> specs,
            boolean rendererOnly,
            boolean endToEnd,
            Path output,
            long maxPixels,
            String serviceJvmArgs,
            int shareMembers,
            Path photos,
            boolean generated,
            List<EventShape> shapes,
            int passes,
            String serviceJava,
            String serviceClassPath,
            boolean formats) {

        EndToEndBench.ServiceJvm serviceJvm() {
            return new EndToEndBench.ServiceJvm(serviceJava, serviceJvmArgs, serviceClassPath);
        }
    }

    private Bench() {}

    public static BenchReport run(Options options, PrintStream out) throws Exception {
        List<Corpus> corpora = corpora(options);
        BenchReport report = new BenchReport();
        corpora.forEach(report::corpus);
        ThumbnailRenderer renderer = new ThumbnailRenderer(options.maxPixels());
        RendererBench bench = new RendererBench(renderer, options.output().resolve("thumbnails"));
        out.printf(
                Locale.ROOT,
                "JPEG decoder: %s; renditions %s%n",
                renderer.jpegDecoder(),
                RenditionSpec.canonical(options.specs()));

        for (Corpus corpus : corpora) {
            if (options.rendererOnly()) {
                RendererBench.Result r = bench.measure(corpus, options.specs(), options.threads(), options.runs());
                report.renderer(r);
                out.println(machineLine(r));
                continue;
            }
            for (int threads : options.threads() == 1 ? List.of(1) : List.of(1, options.threads())) {
                report.renderer(progress(out, bench.measure(corpus, options.specs(), threads, options.runs())));
            }
            if (options.specs().size() > 1) {
                List<RenditionSpec> largest = List.of(options.specs().stream()
                        .max(Comparator.comparingLong(s -> (long) s.width() * s.height()))
                        .orElseThrow());
                RendererBench.Result one =
                        progress(out, bench.measure(corpus, largest, options.threads(), options.runs()));
                report.renditionCost(
                        one,
                        report.rendererResults().stream()
                                .filter(r -> r.corpus().equals(corpus.name()) && r.threads() == options.threads())
                                .reduce((a, b) -> b)
                                .orElseThrow());
            }
        }
        if (!options.rendererOnly() && options.formats()) {
            // Formats on the first corpus only: the comparison is about encoders, not sources.
            report.formats(new FormatBench(renderer).measure(corpora.get(0), options.specs(), out));
        }
        if (options.endToEnd() && !options.rendererOnly()) {
            Path data = Files.createTempDirectory("thumbstream-bench-");
            out.println("starting `thumbstream infra` and `thumbstream run` as child processes (service: "
                    + options.serviceJava() + "; data and logs in " + data + ") ...");
            try (EndToEndBench e2e = EndToEndBench.start(data, options.specs(), options.serviceJvm())) {
                for (Corpus corpus : corpora) {
                    var uploads = e2e.upload(corpus, "originals/");
                    for (EventShape shape : options.shapes()) {
                        EndToEndBench.Result result = e2e.measure(
                                corpus,
                                uploads,
                                shape,
                                options.passes(),
                                options.runs(),
                                () -> bench.timedPass(corpus, options.specs(), options.threads()));
                        out.printf(
                                Locale.ROOT,
                                "  end to end %s, %s events: %.1f images/s, service CPU %.2f ms/upload steady (cold"
                                        + " pass %s; renderer side by side %.2f ms/image), idle p50 %.0f ms%n",
                                corpus.name(),
                                shape.label(),
                                result.imagesPerSecond(),
                                result.processCpuMsPerImage(),
                                result.passes().isEmpty()
                                        ? "not measured"
                                        : String.format(
                                                Locale.ROOT,
                                                "%.2f",
                                                result.passes().get(0).cpuMsPerUpload()),
                                result.rendererCpuMsPerImage(),
                                result.idleP50Ms());
                        report.endToEnd(result);
                    }
                }
            } finally {
                deleteTree(data); // the broker log and the uploaded corpus: hundreds of MB
            }
            if (options.shareMembers() > 0) {
                report.shareGroup(shareGroup(options, corpora.get(0), out));
            }
        }
        report.print(out, options.threads());
        Path json = options.output().resolve("results.json");
        report.writeJson(json);
        out.println("\nwritten " + json);
        return report;
    }

    /** Only {@link FormatBench}, on the first corpus; writes formats.json. Returns the exit code. */
    public static int formatsOnly(Options options, PrintStream out) throws Exception {
        Corpus corpus = corpora(options).get(0);
        List<FormatBench.Row> rows =
                new FormatBench(new ThumbnailRenderer(options.maxPixels())).measure(corpus, options.specs(), out);
        out.printf(Locale.ROOT, "corpus %s, first %d images%n", corpus.name(), FormatBench.IMAGES);
        FormatBench.print(out, rows);
        Path json = options.output().resolve("formats.json");
        Files.createDirectories(json.getParent());
        new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValue(json.toFile(), rows);
        out.println("\nwritten " + json);
        return 0;
    }

    /** Only {@link ShareGroupBench}, on the first corpus. Returns the exit code. */
    public static int shareGroupOnly(Options options, PrintStream out) throws Exception {
        shareGroup(options, corpora(options).get(0), out);
        return 0;
    }

    /** A consumer-group baseline, one share member, then {@code shareMembers}, with the same total render threads. */
    private static List<ShareGroupBench.Result> shareGroup(Options options, Corpus corpus, PrintStream out)
            throws Exception {
        int members = options.shareMembers();
        Path data = Files.createTempDirectory("thumbstream-bench-share-");
        out.println("share group: `thumbstream infra`, a consumer-group baseline, then 1 and " + members
                + " share members, `thumbstream run` child processes (data and logs in " + data + ") ...");
        try {
            return ShareGroupBench.run(
                    data,
                    corpus,
                    options.specs(),
                    Math.max(options.threads(), members),
                    members,
                    options.runs(),
                    options.serviceJvm(),
                    out);
        } finally {
            deleteTree(data);
        }
    }

    private static List<Corpus> corpora(Options options) throws Exception {
        List<Corpus> corpora = new ArrayList<>();
        if (options.photos() != null) {
            corpora.addAll(Corpus.under(options.photos()));
        }
        if (options.images() != null) {
            corpora.addAll(Corpus.under(options.images()));
            return corpora;
        }
        if (!options.generated() && !corpora.isEmpty()) {
            return corpora;
        }
        List<CorpusGenerator.Kind> kinds = options.quick() ? CorpusGenerator.QUICK : CorpusGenerator.FULL;
        for (Path folder : CorpusGenerator.ensure(
                options.output().resolve("corpus"), kinds, Runtime.getRuntime().availableProcessors())) {
            corpora.add(Corpus.of(folder));
        }
        return corpora;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static RendererBench.Result progress(PrintStream out, RendererBench.Result r) {
        out.printf(
                Locale.ROOT,
                "  %s, %d thread(s), %s: %.1f images/s, %.2f CPU ms/image (process %.2f)%n",
                r.corpus(),
                r.threads(),
                r.renditions(),
                r.imagesPerSecond(),
                r.cpuMsPerImage(),
                r.processCpuMsPerImage());
        return r;
    }

    /** One line per corpus for scripts (bench/compare.sh): key=value pairs, no spaces in values. */
    static String machineLine(RendererBench.Result r) {
        return String.format(
                Locale.ROOT,
                "BENCH corpus=%s images=%d threads=%d decoder=%s median_s=%.3f images_per_s=%.2f cpu_ms_per_image=%.2f"
                        + " process_cpu_ms_per_image=%.2f failures=%d runs_s=%s renditions=%s",
                r.corpus(),
                r.images(),
                r.threads(),
                r.decoder(),
                r.medianSeconds(),
                r.imagesPerSecond(),
                r.cpuMsPerImage(),
                r.processCpuMsPerImage(),
                r.failures(),
                String.join(
                        ",",
                        r.runSeconds().stream()
                                .map(s -> String.format(Locale.ROOT, "%.3f", s))
                                .toList()),
                r.renditions());
    }
}
