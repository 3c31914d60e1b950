package thumbstream.imaging.crop;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Synthetic pictures with one salient subject off-centre on a calm background, built in memory. */
public final class SalientScenes {

    /** A warm skin-toned face-like disc with dark features; the colour the attention cues look for. */
    public static final Color SUBJECT = new Color(224, 172, 140);

    private SalientScenes() {}

    /**
     * A {@code width x height} picture: a soft grey-blue vertical gradient, and a subject (disc of
     * {@code radius} px, skin-toned with dark eyes and mouth, on a saturated red scarf) centred at
     * ({@code cx}, {@code cy}).
     */
    public static BufferedImage withSubject(int width, int height, int cx, int cy, int radius) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(150, 160, 172), 0, height, new Color(120, 128, 140)));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(200, 20, 30));
        g.fillRect(cx - radius, cy + radius / 2, 2 * radius, radius);
        g.setColor(SUBJECT);
        g.fillOval(cx - radius, cy - radius, 2 * radius, 2 * radius);
        g.setColor(new Color(40, 30, 30));
        int eye = Math.max(2, radius / 6);
        g.fillOval(cx - radius / 2 - eye, cy - radius / 4 - eye, 2 * eye, 2 * eye);
        g.fillOval(cx + radius / 2 - eye, cy - radius / 4 - eye, 2 * eye, 2 * eye);
        g.fillRect(cx - radius / 3, cy + radius / 3, 2 * radius / 3, Math.max(2, radius / 8));
        g.dispose();
        return image;
    }

    /** The same background with nothing on it. */
    public static BufferedImage empty(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(150, 160, 172), 0, height, new Color(120, 128, 140)));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }
}
