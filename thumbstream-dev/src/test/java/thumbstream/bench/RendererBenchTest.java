package thumbstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.ThumbnailRenderer;

/** The bench renders every image of every run, writes the thumbnails, and reports for scripts. Never times. */
class RendererBenchTest {

    @Test
    void rendersTheWholeCorpusInEachRunAndReportsMedians(@TempDir Path dir) throws Exception {
        CorpusGenerator.ensure(
                dir.resolve("corpus"), List.of(new CorpusGenerator.Kind("product", 4, 0.03, 0.04, "jpg", 6)), 2);
        Corpus corpus = Corpus.of(dir.resolve("corpus/product"));
        RendererBench bench = new RendererBench(new ThumbnailRenderer(100_000_000), dir.resolve("out"));

        RendererBench.Result result = bench.measure(corpus, RenditionSpec.parseList("s:64x64,m:128x128"), 2, 3);

        assertThat(result.images()).isEqualTo(4);
        assertThat(result.runSeconds()).hasSize(3).contains(result.medianSeconds());
        assertThat(result.failures()).isZero();
        assertThat(result.cpuMsPerImage()).isPositive();
        try (var thumbs = Files.list(dir.resolve("out/product/m"))) {
            assertThat(thumbs.count()).isEqualTo(4);
        }
        assertThat(Bench.machineLine(result))
                .startsWith("BENCH corpus=product images=4 threads=2 decoder=")
                .contains(" median_s=", " images_per_s=", " cpu_ms_per_image=", " failures=0 ")
                .doesNotContain(" ,");
    }
}
