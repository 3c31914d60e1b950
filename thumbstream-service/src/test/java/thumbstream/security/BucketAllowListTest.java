package thumbstream.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BucketAllowListTest {

    @Test
    void aPrefixWithoutTrailingSlashIsAStringPrefix() {
        BucketAllowList list = BucketAllowList.parse("media/a");

        assertThat(list.allows("media", "a/b.jpg")).isTrue();
        assertThat(list.allows("media", "ab/c.jpg"))
                .as("media/a also matches media/ab…")
                .isTrue();
        assertThat(list.allows("media", "a.jpg")).isTrue();
        assertThat(list.allows("media", "b/a.jpg")).isFalse();
    }

    @Test
    void aPrefixWithTrailingSlashIsAFolder() {
        BucketAllowList list = BucketAllowList.parse("media/a/");

        assertThat(list.allows("media", "a/b.jpg")).isTrue();
        assertThat(list.allows("media", "ab/c.jpg")).isFalse();
    }

    @Test
    void namesTheEntriesWhosePrefixIsNotAFolder() {
        BucketAllowList list = BucketAllowList.parse("media/a,media/b/,other,photos/2026");

        assertThat(list.stringPrefixEntries()).containsExactly("media/a", "photos/2026");
        assertThat(BucketAllowList.parse("media,media/b/").stringPrefixEntries())
                .isEmpty();
        assertThat(BucketAllowList.allowAll().stringPrefixEntries()).isEmpty();
    }
}
