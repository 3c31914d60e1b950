package thumbstream.imaging;

/** Run in a child JVM by {@link NativeLoadingTest}: prints which native codecs loaded. */
final class NativeCodecsProbe {

    private NativeCodecsProbe() {}

    public static void main(String[] args) {
        System.out.println("turbojpeg=" + TurboJpegLibrary.loaded().isPresent());
        System.out.println("webp=" + WebpLibrary.loaded().isPresent());
        System.out.println("heif=" + HeifLibrary.loaded().isPresent());
    }
}
