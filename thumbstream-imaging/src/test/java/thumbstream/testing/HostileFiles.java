package thumbstream.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Files built to hurt a decoder, made in memory for unit and integration tests. */
public final class HostileFiles {

    private HostileFiles() {}

    /**
     * A valid progressive JPEG of {@code width x height} (a smooth gradient) whose last scan is repeated until
     * the file has {@code scans} scans: a few KB more on disk, one full pass over the coefficients
     * per scan for the decoder (the "thousands of scans" denial of service).
     */
    public static byte[] progressiveJpegWithScans(int width, int height, int scans) {
        byte[] jpeg = progressiveJpeg(width, height);
        int lastSos = -1;
        int count = 0;
        for (int pos = 2; pos + 1 < jpeg.length; ) {
            if ((jpeg[pos] & 0xff) != 0xff) {
                pos++;
                continue;
            }
            int marker = jpeg[pos + 1] & 0xff;
            if (marker == 0xda) {
                lastSos = pos;
                count++;
                pos += 2 + ((jpeg[pos + 2] & 0xff) << 8 | (jpeg[pos + 3] & 0xff));
            } else if (marker == 0x00 || marker == 0xff || (marker >= 0xd0 && marker <= 0xd7)) {
                pos += marker == 0xff ? 1 : 2; // stuffed byte, fill byte, restart marker
            } else if (marker == 0xd9) {
                break;
            } else if (lastSos < 0) {
                pos += 2 + ((jpeg[pos + 2] & 0xff) << 8 | (jpeg[pos + 3] & 0xff));
            } else {
                pos += 2;
            }
        }
        int eoi = jpeg.length - 2; // ImageIO ends with FF D9
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, eoi);
        for (int i = count; i < scans; i++) {
            out.write(jpeg, lastSos, eoi - lastSos);
        }
        out.write(0xff);
        out.write(0xd9);
        return out.toByteArray();
    }

    static byte[] progressiveJpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        // Smooth content: every refinement scan is a few bytes of end-of-band runs, yet the
        // decoder still visits every block of the image for each one.
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 0x40);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
