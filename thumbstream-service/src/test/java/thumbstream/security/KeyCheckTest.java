package thumbstream.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import thumbstream.event.Sequencers;

class KeyCheckTest {

    @Test
    void ordinaryKeysPass() {
        assertThat(KeyCheck.problem("originals/shoe 1.jpg", 40)).isEmpty();
        assertThat(KeyCheck.problem("ü/ñ/日本.png", 40)).isEmpty();
        assertThat(KeyCheck.problem("a..b/.hidden/x...jpg", 40)).isEmpty();
    }

    @Test
    void dotSegmentsEmptySegmentsAndControlCharactersAreNamed() {
        assertThat(KeyCheck.problem("a/../b", 10))
                .hasValueSatisfying(p -> assertThat(p).contains("'..'"));
        assertThat(KeyCheck.problem("./b", 10))
                .hasValueSatisfying(p -> assertThat(p).contains("'.'"));
        assertThat(KeyCheck.problem("/b", 10))
                .hasValueSatisfying(p -> assertThat(p).contains("empty segment"));
        assertThat(KeyCheck.problem("a\r\nb", 10))
                .hasValueSatisfying(p -> assertThat(p).contains("U+000D"));
        assertThat(KeyCheck.problem("a\u0000", 10))
                .hasValueSatisfying(p -> assertThat(p).contains("U+0000"));
        assertThat(KeyCheck.problem("a\u007f", 10)).isPresent();
    }

    @Test
    void theThumbnailKeyLengthIsCheckedAgainstS3sLimit() {
        assertThat(KeyCheck.problem("a.jpg", 1024)).isEmpty();
        assertThat(KeyCheck.problem("a.jpg", 1025))
                .hasValueSatisfying(p -> assertThat(p).contains("1025"));
    }

    @Test
    void theAllowListMatchesBucketsAndPrefixes() {
        BucketAllowList list = BucketAllowList.parse(" media , uploads/users/ ,");

        assertThat(list.allows("media", "anything")).isTrue();
        assertThat(list.allows("uploads", "users/1.jpg")).isTrue();
        assertThat(list.allows("uploads", "admin/1.jpg")).isFalse();
        assertThat(list.allows("mediax", "a")).isFalse();
        assertThat(list.allowsEverything()).isFalse();
        assertThat(list).hasToString("media,uploads/users/");
        assertThat(BucketAllowList.parse("  ").allowsEverything()).isTrue();
        assertThatThrownBy(() -> BucketAllowList.parse("/prefix")).hasMessageContaining("no bucket name");
    }

    @Test
    void onlyBoundedHexSequencersAreComparable() {
        assertThat(Sequencers.isValid("0055AED6DCD90281E5")).isTrue();
        assertThat(Sequencers.isValid("zz")).isFalse();
        assertThat(Sequencers.isValid("")).isFalse();
        assertThat(Sequencers.isValid("f".repeat(Sequencers.MAX_LENGTH + 1))).isFalse();
        assertThatThrownBy(() -> Sequencers.compare("zz", "01")).isInstanceOf(IllegalArgumentException.class);
    }
}
