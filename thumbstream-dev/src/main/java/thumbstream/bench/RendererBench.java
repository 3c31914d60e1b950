package thumbstream.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import thumbstream.imaging.ImagingException;
import thumbstream.imaging.RenderedImage;
import thumbstream.imaging.Rendering;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.ThumbnailRenderer;

/**
 * The renderer alone: read each file, render every rendition, write the thumbnails, on N threads
 * pulling from one shared list, as Pillow's process pool and vipsthumbnail do in compare.sh.
 *
 * <p>Each measurement first renders a warm-up pass (JIT, codec caches, page cache), then times
 * {@code runs} passes and reports the median; CPU time is the sum of the worker threads' own CPU
 * time (ThreadMXBean), so it excludes GC and JIT threads. Not thread-safe: one measurement at a time.
 */
public final class RendererBench {

    /**
     * Warm-up before timing: renders cycling through the corpus until this many are done or
     * {@link #WARM_UP_NANOS} have passed. A catalogue run lasts hours, so steady state is what
     * counts, and a few large images alone would leave the JIT half done.
     */
    static final int WARM_UP_IMAGES = 100;

    static final long WARM_UP_NANOS = 10_000_000_000L;

    /**
     * One measurement.
     *
     * @param runSeconds wall time of each timed pass
     * @param cpuMsPerImage median over the passes of worker CPU time per image
     * @param processCpuMsPerImage the same for the whole process (GC and JIT included): comparable
     *                             with other tools' CPU time, and far less disturbed than wall time
     *                             when other processes share the cores
     * @param placeholderMsPerImage CPU time per image spent computing the placeholders inside the
     *                              render (over all timed passes)
     * @param placeholderPercent    that CPU time as a percentage of the worker threads' CPU time
     *                              (read, render, write): CPU, not wall time, so other load on the
     *                              machine does not distort the share
     */
    public record Result(
            String corpus,
            int images,
            int threads,
            String renditions,
            String decoder,
            List<Double> runSeconds,
            double medianSeconds,
            double imagesPerSecond,
            double cpuMsPerImage,
            double processCpuMsPerImage,
            int failures,
            double placeholderMsPerImage,
            double placeholderPercent) {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final ThumbnailRenderer renderer;
    private final Path output;

    /** @param output folder the thumbnails are written to (one file per source and rendition, overwritten) */
    public RendererBench(ThumbnailRenderer renderer, Path output) {
        this.renderer = renderer;
        this.output = output;
    }

    public Result measure(Corpus corpus, List<RenditionSpec> specs, int threads, int runs) throws Exception {
        Path out = outputFor(corpus, specs);
        long warmUpStart = System.nanoTime();
        for (int done = 0; done < WARM_UP_IMAGES && System.nanoTime() - warmUpStart < WARM_UP_NANOS; ) {
            List<Path> batch = corpus.files().subList(0, Math.min(WARM_UP_IMAGES - done, corpus.size()));
            pass(batch, specs, threads, out);
            done += batch.size();
        }
        List<Double> seconds = new ArrayList<>();
        List<Double> cpuMs = new ArrayList<>();
        List<Double> processCpuMs = new ArrayList<>();
        int failures = 0;
        long workerCpuNanos = 0;
        long placeholderNanos = 0;
        for (int run = 0; run < runs; run++) {
            Pass pass = pass(corpus.files(), specs, threads, out);
            workerCpuNanos += pass.cpuNanos;
            placeholderNanos += pass.placeholderNanos;
            seconds.add(pass.nanos / 1e9);
            cpuMs.add(pass.cpuNanos / 1e6 / corpus.size());
            processCpuMs.add(pass.processCpuNanos / 1e6 / corpus.size());
            failures = Math.max(failures, pass.failures);
        }
        double median = Stats.median(seconds);
        return new Result(
                corpus.name(),
                corpus.size(),
                threads,
                RenditionSpec.canonical(specs),
                renderer.jpegDecoder(),
                List.copyOf(seconds),
                median,
                corpus.size() / median,
                Stats.median(cpuMs),
                Stats.median(processCpuMs),
                failures,
                placeholderNanos / 1e6 / ((double) corpus.size() * runs),
                workerCpuNanos == 0 ? 0 : 100.0 * placeholderNanos / workerCpuNanos);
    }

    /**
     * One timed pass over {@code corpus} on {@code threads} threads, without a warm-up (for a JVM
     * that has rendered the corpus already): the process CPU per image, GC and JIT included.
     */
    public double timedPass(Corpus corpus, List<RenditionSpec> specs, int threads) throws Exception {
        return pass(corpus.files(), specs, threads, outputFor(corpus, specs)).processCpuNanos / 1e6 / corpus.size();
    }

    /** The corpus's thumbnail folder, with a folder per rendition. */
    private Path outputFor(Corpus corpus, List<RenditionSpec> specs) throws IOException {
        Path out = output.resolve(corpus.name());
        for (RenditionSpec spec : specs) {
            Files.createDirectories(out.resolve(spec.name()));
        }
        return out;
    }

    private record Pass(long nanos, long cpuNanos, long processCpuNanos, int failures, long placeholderNanos) {}

    private Pass pass(List<Path> files, List<RenditionSpec> specs, int threads, Path out) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicLong cpu = new AtomicLong();
        AtomicLong placeholderNanos = new AtomicLong();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(
                threads, r -> new Thread(r, "thumbstream-bench-" + threadNumber.incrementAndGet()));
        try {
            long processCpuStart = Machine.processCpuNanos();
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    long cpuStart = THREADS.getCurrentThreadCpuTime();
                    for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                        long placeholder = renderOne(files.get(i), specs, out);
                        if (placeholder < 0) {
                            failures.incrementAndGet();
                        } else {
                            placeholderNanos.addAndGet(placeholder);
                        }
                    }
                    cpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuStart);
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            long nanos = System.nanoTime() - start;
            return new Pass(
                    nanos,
                    cpu.get(),
                    Machine.processCpuNanos() - processCpuStart,
                    failures.get(),
                    placeholderNanos.get());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Renders and writes one file; the nanoseconds its placeholders took, or -1 if it failed. */
    private long renderOne(Path file, List<RenditionSpec> specs, Path out) throws IOException {
        try {
            Rendering rendering = renderer.render(Files.readAllBytes(file), specs, null);
            String name = file.getFileName().toString();
            for (RenderedImage r : rendering.images()) {
                Files.write(
                        out.resolve(r.spec().name())
                                .resolve(name + "." + r.spec().format().extension()),
                        r.bytes());
            }
            return rendering.placeholderNanos();
        } catch (ImagingException e) {
            System.err.println("bench: " + file + ": " + e.getMessage());
            return -1;
        }
    }
}
