package thumbstream.imaging;

import java.util.List;
import thumbstream.imaging.placeholder.Placeholder;

/**
 * Everything one render of an upload produced.
 *
 * @param images          one per format of each requested rendition, in the order of the renditions
 *                        and of their formats
 * @param placeholder     the selected placeholders, computed from the smallest FIT rendition (the smallest of any mode without one); null
 *                        when none are selected
 * @param placeholderNanos CPU time of the rendering thread spent computing the placeholder (part
 *                        of the render), for the benchmark's cost figure
 */
public record Rendering(List<RenderedImage> images, Placeholder placeholder, long placeholderNanos) {

    public Rendering {
        images = List.copyOf(images);
    }
}
