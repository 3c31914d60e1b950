package thumbstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which command lines skip picocli at start (issue 22: a cold pod is ready sooner). */
class MainTest {

    @Test
    void onlyAPlainRunSkipsTheParser() {
        assertThat(Main.isPlainRun(new String[] {"run"})).isTrue();

        assertThat(Main.isPlainRun(new String[] {})).isFalse();
        assertThat(Main.isPlainRun(new String[] {"run", "--help"})).isFalse();
        assertThat(Main.isPlainRun(new String[] {"--help", "run"})).isFalse();
        assertThat(Main.isPlainRun(new String[] {"backfill"})).isFalse();
        assertThat(Main.isPlainRun(new String[] {"infra"})).isFalse();
        assertThat(Main.isPlainRun(new String[] {"RUN"})).isFalse();
    }
}
