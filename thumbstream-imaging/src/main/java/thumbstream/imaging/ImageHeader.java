package thumbstream.imaging;

/**
 * What an image's header says about it, read without decoding any pixels.
 *
 * @param formatName the reader's format name in lower case, e.g. {@code jpeg}, {@code png}, {@code gif}
 * @param width      width in pixels of the first image in the file
 * @param height     height in pixels of the first image in the file
 */
public record ImageHeader(String formatName, int width, int height) {

    /** Width times height, as a long so huge declared sizes cannot overflow. */
    public long pixels() {
        return (long) width * height;
    }
}
