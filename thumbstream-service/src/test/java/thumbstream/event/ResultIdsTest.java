package thumbstream.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResultIdsTest {

    private static final String RENDITIONS = "small:320x320:fit:jpg";

    @Test
    void givesTheSameIdForTheSameInputs() {
        assertThat(ResultIds.idFor("media", "originals/shoe 1.jpg", "abc", RENDITIONS))
                .isEqualTo(ResultIds.idFor("media", "originals/shoe 1.jpg", "abc", RENDITIONS));
    }

    @Test
    void isTheFirst32HexCharsOfSha256OverNulSeparatedParts() {
        // Pinned with an independent implementation (Python's hashlib): the formula is a public contract.
        assertThat(ResultIds.idFor("media", "originals/shoe 1.jpg", "abc", RENDITIONS))
                .isEqualTo("ced39538ce446ec06e7accf2443ef611")
                .matches("[0-9a-f]{32}");
    }

    @Test
    void differsWhenAnyPartDiffers() {
        List<String> ids = List.of(
                ResultIds.idFor("media", "a.jpg", "abc", RENDITIONS),
                ResultIds.idFor("media2", "a.jpg", "abc", RENDITIONS),
                ResultIds.idFor("media", "b.jpg", "abc", RENDITIONS),
                ResultIds.idFor("media", "a.jpg", "abd", RENDITIONS),
                ResultIds.idFor("media", "a.jpg", "abc", "small:320x320:fit:webp"),
                ResultIds.idFor("media", "a.jpg", null, RENDITIONS));

        Set<String> distinct = new HashSet<>(ids);

        assertThat(distinct).hasSameSizeAs(ids);
    }

    @Test
    void doesNotConfuseWhereOnePartEndsAndTheNextBegins() {
        assertThat(ResultIds.idFor("ab", "c", "e", RENDITIONS))
                .isNotEqualTo(ResultIds.idFor("a", "bc", "e", RENDITIONS));
        assertThat(ResultIds.idFor("m", "k", "ab", "c")).isNotEqualTo(ResultIds.idFor("m", "k", "a", "bc"));
    }

    @Test
    void treatsAnUnknownEtagAsEmpty() {
        assertThat(ResultIds.idFor("media", "a.jpg", null, RENDITIONS))
                .isEqualTo(ResultIds.idFor("media", "a.jpg", "", RENDITIONS));
    }
}
