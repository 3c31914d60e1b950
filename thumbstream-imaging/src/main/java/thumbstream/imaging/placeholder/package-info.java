/**
 * Placeholders a front end shows before a thumbnail loads: {@link
 * thumbstream.imaging.placeholder.BlurHash}, {@link thumbstream.imaging.placeholder.ThumbHash} and
 * the dominant and average colour ({@link thumbstream.imaging.placeholder.Colors}), computed by
 * {@link thumbstream.imaging.placeholder.Placeholders} from one small copy of the smallest
 * rendition. The encoders are written here from the published formats and checked against the
 * reference implementations' output on committed vectors. Pure functions of pixels; no threads,
 * no I/O.
 */
package thumbstream.imaging.placeholder;
