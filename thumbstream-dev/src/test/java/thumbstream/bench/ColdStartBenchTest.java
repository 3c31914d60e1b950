package thumbstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The variants {@code bench --cold-start IMAGE[,MORE...]} starts. */
class ColdStartBenchTest {

    private static final Map<String, String> OPTIONS = Map.of(
            "thumbstream:a", "-XX:+UseParallelGC -XX:AOTCache=/app/thumbstream.aot",
            "thumbstream:b", "-XX:+UseSerialGC -XX:AOTCache=/app/thumbstream.aot",
            "plain", "-XX:+UseParallelGC");

    @Test
    void oneImageWithAndWithoutItsCache() {
        assertThat(ColdStartBench.variants("thumbstream:a", OPTIONS::get))
                .containsExactly(
                        new ColdStartBench.Variant(
                                "aot", "thumbstream:a", "-XX:+UseParallelGC -XX:AOTCache=/app/thumbstream.aot"),
                        new ColdStartBench.Variant("no-aot", "thumbstream:a", "-XX:+UseParallelGC"));
    }

    @Test
    void moreImagesAndMoreOptionsAfterCommas() {
        assertThat(ColdStartBench.variants(
                        "thumbstream:a,thumbstream:b,thumbstream:a+-XX:TieredStopAtLevel=1 -XX:CICompilerCount=2",
                        OPTIONS::get))
                .extracting(
                        ColdStartBench.Variant::name, ColdStartBench.Variant::image, ColdStartBench.Variant::options)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "aot", "thumbstream:a", "-XX:+UseParallelGC -XX:AOTCache=/app/thumbstream.aot"),
                        org.assertj.core.groups.Tuple.tuple("no-aot", "thumbstream:a", "-XX:+UseParallelGC"),
                        org.assertj.core.groups.Tuple.tuple(
                                "b", "thumbstream:b", "-XX:+UseSerialGC -XX:AOTCache=/app/thumbstream.aot"),
                        org.assertj.core.groups.Tuple.tuple(
                                "+-XX:TieredStopAtLevel=1 -XX:CICompilerCount=2",
                                "thumbstream:a",
                                "-XX:+UseParallelGC -XX:AOTCache=/app/thumbstream.aot -XX:TieredStopAtLevel=1"
                                        + " -XX:CICompilerCount=2"));
    }

    @Test
    void theFirstImageMustHaveACache() {
        assertThatThrownBy(() -> ColdStartBench.variants("plain", OPTIONS::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no -XX:AOTCache=");
    }
}
