package thumbstream.imaging;

/**
 * Run in a child JVM by {@link NativeLoadingTest}: prints which native codecs loaded, whether PNGs
 * would be inflated whole by libdeflate, and whether a PNG decodes through the row decoder anyway.
 */
final class NativeCodecsProbe {

    private NativeCodecsProbe() {}

    public static void main(String[] args) {
        System.out.println("turbojpeg=" + TurboJpegLibrary.loaded().isPresent());
        System.out.println("webp=" + WebpLibrary.loaded().isPresent());
        System.out.println("heif=" + HeifLibrary.loaded().isPresent());
        System.out.println("deflate=" + DeflateLibrary.loaded().isPresent());
        System.out.println("png-whole-inflate=" + WholeInflate.takes(1));
        System.out.println("png-rows-decode=" + (PngRows.decode(TestImages.png(TestImages.photo(64, 48)), 2) != null));
    }
}
