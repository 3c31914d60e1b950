package thumbstream.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.imaging.RenditionSpec;

/**
 * {@code thumbstream bench}: renderer-only and end-to-end throughput, latency and memory on a
 * generated or given corpus; prints tables and writes {@code results.json}. Wiring only.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Measure the renderer alone and the whole service (broker + S3 server and service in child processes).")
public final class BenchCommand implements Callable<Integer> {

    @Option(
            names = "--images",
            paramLabel = "DIR",
            description = "Real images: DIR's subfolders (or DIR itself) are the corpora. Default: a generated corpus.")
    Path images;

    @Option(
            names = "--photos",
            paramLabel = "DIR",
            description = "Real photos measured first, before the generated corpora (bench/photo-corpus.sh writes"
                    + " target/bench/photo-corpus): DIR's subfolders (or DIR itself) are the corpora.")
    Path photos;

    @Option(names = "--no-generated", description = "With --photos: skip the generated corpora.")
    boolean noGenerated;

    @Option(
            names = "--event-shapes",
            description = "End to end, each corpus once per shape, each in a fresh service process: bare (bucket"
                    + " and key), notification (S3/MinIO shape with ETag and size) (default: ${DEFAULT-VALUE})")
    String eventShapes = "bare,notification";

    @Option(
            names = "--passes",
            description = "Passes of the whole corpus right after the service starts (1 = the cold pass), measured"
                    + " before the warm-up to the steady state (default: ${DEFAULT-VALUE})")
    int passes = 3;

    @Option(
            names = "--service-java",
            paramLabel = "PATH",
            description = "The service process's java launcher (default: ${DEFAULT-VALUE}: JDK 25 as in the image"
                    + " where installed, else this JVM's)")
    String serviceJava = EndToEndBench.ServiceJvm.defaultJava();

    @Option(
            names = "--service-classpath",
            paramLabel = "PATH",
            description = "The service process's class path, e.g. target/thumbstream.jar (default: this JVM's)")
    String serviceClassPath = System.getProperty("java.class.path");

    @Option(names = "--no-formats", description = "Skip the output-format comparison.")
    boolean noFormats;

    @Option(names = "--quick", description = "Generated corpus of 200 + 10 + 6 images instead of 1000 + 50 + 20.")
    boolean quick;

    @Option(names = "--threads", description = "Renderer threads for the parallel runs (default: ${DEFAULT-VALUE})")
    int threads = 2;

    @Option(
            names = "--runs",
            description = "Timed runs per measurement; the median is reported (default: ${DEFAULT-VALUE})")
    int runs = 3;

    @Option(names = "--renditions", description = "Renditions (default: ${DEFAULT-VALUE})")
    String renditions = ThumbstreamConfig.DEFAULT_RENDITIONS;

    @Option(
            names = "--renderer-only",
            description = "Only the renderer, at --threads; prints one machine-readable BENCH line per corpus.")
    boolean rendererOnly;

    @Option(names = "--no-end-to-end", negatable = false, description = "Skip the end-to-end measurement.")
    boolean noEndToEnd;

    @Option(
            names = "--service-jvm-args",
            description = "JVM options of the service process end to end (default: ${DEFAULT-VALUE})")
    String serviceJvmArgs = EndToEndBench.DEFAULT_SERVICE_JVM_ARGS;

    @Option(
            names = "--formats-only",
            description = "Only the output-format comparison (jpg/webp/avif, and cwebp/avifenc where installed).")
    boolean formatsOnly;

    @Option(
            names = "--share-members",
            paramLabel = "N",
            description =
                    "Share-group figure (KIP-932, one-partition topic, first corpus): 1 member against N with the"
                            + " same total render threads (the larger of --threads and N); 0 skips it (default: ${DEFAULT-VALUE})")
    int shareMembers = 4;

    @Option(names = "--share-group-only", description = "Only the share-group figure (see --share-members).")
    boolean shareGroupOnly;

    @Option(
            names = "--cold-start",
            paramLabel = "IMAGE",
            description =
                    "Only the cold start of the service image IMAGE with and without its AOT cache (needs a Docker"
                            + " engine): ready time, first- and second-pass CPU per upload; --runs starts of each (generated"
                            + " --quick corpus unless --images). More variants after commas, each started as often, in"
                            + " turn: another image (with its own JAVA_TOOL_OPTIONS), or IMAGE+OPTIONS (that image's"
                            + " JAVA_TOOL_OPTIONS followed by OPTIONS, e.g. thumbstream+-XX:TieredStopAtLevel=1).")
    String coldStart;

    @Option(
            names = "--cold-passes",
            paramLabel = "N",
            description = "With --cold-start: passes over the corpus per start (default: ${DEFAULT-VALUE}); past 2,"
                    + " the last pass's CPU per upload is reported too (shapes alternate), a figure nearer the"
                    + " steady state.")
    int coldPasses = 2;

    @Option(
            names = "--aot-training",
            paramLabel = "PORT",
            description = "Only the AOT cache's training workload (scripts/image.sh runs it) against the service whose"
                    + " management port is PORT; broker and S3 server from the environment, as `thumbstream infra`"
                    + " prints them.")
    Integer aotTraining;

    @Option(names = "--out", description = "Corpus, thumbnails and results.json go here (default: ${DEFAULT-VALUE})")
    Path out = Path.of("target", "bench");

    @Override
    public Integer call() throws Exception {
        if (threads < 1 || runs < 1 || passes < 0 || shareMembers < 0 || (shareGroupOnly && shareMembers < 1)) {
            System.err.println("--threads and --runs must be at least 1, --passes and --share-members at least 0 (1"
                    + " with --share-group-only)");
            return 2;
        }
        List<EventShape> shapes;
        try {
            shapes = EventShape.parse(eventShapes);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Bench.Options options = new Bench.Options(
                images,
                quick,
                threads,
                runs,
                RenditionSpec.parseList(renditions),
                rendererOnly,
                !noEndToEnd,
                out,
                ThumbstreamConfig.DEFAULT_MAX_PIXELS,
                serviceJvmArgs,
                shareMembers,
                photos,
                !noGenerated,
                shapes,
                passes,
                serviceJava,
                serviceClassPath,
                !noFormats);

        if (aotTraining != null) {
            return ColdStartBench.train(System.getenv(), aotTraining, out.resolve("aot-training"), System.out);
        }
        if (coldStart != null) {
            List<Corpus> corpora = new ArrayList<>();
            if (images != null) {
                corpora.addAll(Corpus.under(images));
            } else {
                for (Path folder : CorpusGenerator.ensure(out.resolve("corpus"), CorpusGenerator.QUICK, threads)) {
                    corpora.add(Corpus.of(folder));
                }
            }
            return ColdStartBench.measure(coldStart, corpora, runs, Math.max(2, coldPasses), out, System.out);
        }
        if (shareGroupOnly) {
            return Bench.shareGroupOnly(options, System.out);
        }
        if (formatsOnly) {
            return Bench.formatsOnly(options, System.out);
        }
        var report = Bench.run(options, System.out);
        return report.hasFailures() ? 1 : 0;
    }
}
