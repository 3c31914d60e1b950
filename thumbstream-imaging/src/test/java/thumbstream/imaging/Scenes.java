package thumbstream.imaging;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/** Photo-like test images: gradients, edges and texture, so lossy encoders have something to do. */
final class Scenes {

    private Scenes() {}

    /** Opaque, deterministic: a sky gradient, a few filled shapes, lines and some noise. */
    static BufferedImage photo(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(90, 150, 230), 0, height, new Color(240, 220, 180)));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(40, 120, 50));
        g.fillOval(width / 8, height / 2, width / 2, height / 2);
        g.setColor(new Color(200, 60, 40));
        g.fillRect(width * 5 / 8, height / 3, width / 4, height / 3);
        g.setStroke(new BasicStroke(Math.max(1, width / 100f)));
        g.setColor(Color.DARK_GRAY);
        for (int i = 0; i < 8; i++) {
            g.drawLine(0, height * i / 8, width, height * (8 - i) / 8);
        }
        g.dispose();
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int noise = random.nextInt(9) - 4;
                int rgb = image.getRGB(x, y);
                int r = clamp((rgb >> 16 & 0xff) + noise);
                int gr = clamp((rgb >> 8 & 0xff) + noise);
                int b = clamp((rgb & 0xff) + noise);
                image.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        }
        return image;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
