package thumbstream.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackfillOptionsTest {

    @Test
    void aJobIdIsSafeInUrlsAndShells() {
        assertThat(new BackfillOptions("media", null, "rebrand-2026.v2_b:1", false, 0).prefix())
                .isEmpty();

        assertThatThrownBy(() -> new BackfillOptions("media", "", "re brand", false, 0))
                .hasMessageContaining("--job 're brand' is not a job id");
        assertThatThrownBy(() -> new BackfillOptions("media", "", "a/b", false, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackfillOptions("media", "", "-x", false, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void needsABucketAndANonNegativeRate() {
        assertThatThrownBy(() -> new BackfillOptions(" ", "", "job", false, 0)).hasMessageContaining("--bucket");
        assertThatThrownBy(() -> new BackfillOptions("media", "", "job", false, -1))
                .hasMessageContaining("--rate");
    }
}
