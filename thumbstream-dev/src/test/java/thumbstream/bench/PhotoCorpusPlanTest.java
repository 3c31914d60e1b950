package thumbstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import thumbstream.bench.PhotoCorpusPlan.Job;
import thumbstream.bench.PhotoCorpusPlan.Source;

/** The real-photo corpus is issue 22's mix: 600 crops of ~1 MP, 24 photos of 2–8 MP (11 PNG), always the same. */
class PhotoCorpusPlanTest {

    /** Sizes like the wallpaper packages': small landscape, camera landscape and portrait, wide. */
    private static final List<Source> SOURCES = List.of(
            new Source("a.mpc", 1280, 1024),
            new Source("b.mpc", 2560, 1600),
            new Source("c.mpc", 2056, 3088),
            new Source("d.mpc", 5312, 2988),
            new Source("e.mpc", 1680, 1050));

    private final List<Job> plan = PhotoCorpusPlan.plan(SOURCES);

    @Test
    void isTheIssuesMixInterleavedByName() {
        assertThat(plan).hasSize(624);
        assertThat(plan.stream().filter(j -> j.name().endsWith("-crop.jpg"))).hasSize(600);
        assertThat(plan.stream().filter(j -> j.name().contains("-large."))).hasSize(24);
        assertThat(plan.stream().filter(j -> j.format().equals("png"))).hasSize(11);
        assertThat(plan.stream().map(Job::name).sorted().toList())
                .as("the order by name is the order of the plan: a large photo every 26")
                .isEqualTo(plan.stream().map(Job::name).toList());
        assertThat(plan.get(25).name()).isEqualTo("0025-large.jpg");
        assertThat(plan.get(51).name()).isEqualTo("0051-large.png");
    }

    @Test
    void cropsAreAboutOneMegapixelInsideTheirPhotoAndNeverUpscaled() {
        for (Job crop :
                plan.stream().filter(j -> j.name().endsWith("-crop.jpg")).toList()) {
            assertThat(crop.pixels()).as(crop.name()).isBetween(850_000L, 1_150_000L);
            assertThat(crop.x() + crop.cropW())
                    .as(crop.name())
                    .isLessThanOrEqualTo(crop.source().width());
            assertThat(crop.y() + crop.cropH())
                    .as(crop.name())
                    .isLessThanOrEqualTo(crop.source().height());
            assertThat(crop.cropW()).as(crop.name()).isGreaterThanOrEqualTo(crop.width());
            assertThat(crop.cropH()).as(crop.name()).isGreaterThanOrEqualTo(crop.height());
        }
    }

    @Test
    void largePhotosAreWholeAndTwoToEightMegapixels() {
        for (Job large : plan.stream().filter(j -> j.name().contains("-large.")).toList()) {
            assertThat(large.pixels()).as(large.name()).isBetween(1_900_000L, 8_000_000L);
            assertThat(large.cropW()).isEqualTo(large.source().width());
            assertThat(large.cropH()).isEqualTo(large.source().height());
            assertThat(large.source().width() * (long) large.source().height()).isGreaterThanOrEqualTo(large.pixels());
        }
    }

    @Test
    void variesAspectQualityAndProgressiveLikeACatalogue() {
        List<Job> jpegs = plan.stream().filter(j -> j.format().equals("jpg")).toList();
        assertThat(jpegs.stream().map(Job::quality).distinct()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(jpegs.stream().allMatch(j -> j.quality() >= 75 && j.quality() <= 95))
                .isTrue();
        long progressive = jpegs.stream().filter(Job::progressive).count();
        assertThat(progressive).isBetween(jpegs.size() / 6L, jpegs.size() / 3L);
        assertThat(plan.stream().filter(j -> j.height() > j.width()))
                .as("portrait")
                .isNotEmpty();
        assertThat(plan.stream().filter(j -> j.width() > 1.7 * j.height()))
                .as("wide")
                .isNotEmpty();
        assertThat(plan.stream().filter(j -> j.width() == j.height()))
                .as("square")
                .isNotEmpty();
    }

    @Test
    void isTheSameEveryTime() {
        assertThat(PhotoCorpusPlan.plan(SOURCES).stream().map(Job::line).toList())
                .isEqualTo(plan.stream().map(Job::line).toList());
        assertThat(plan.get(0).line().split("\t")).hasSize(11);
    }

    @Test
    void refusesSourcesWithoutALargePhoto() {
        assertThatThrownBy(() -> PhotoCorpusPlan.plan(List.of(new Source("s.mpc", 1200, 1000))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
