#include <stdio.h>
#include <stdlib.h>
#include "encode.h"
/* Same synthetic pixels as vectors.mjs (RGB only). Usage: driver w h seed xc yc */
int main(int argc, char **argv) {
  int w = atoi(argv[1]), h = atoi(argv[2]), seed = atoi(argv[3]), xc = atoi(argv[4]), yc = atoi(argv[5]);
  uint8_t *rgb = malloc(w * h * 3);
  int cx = w * ((seed % 4) + 1) / 5, cy = h * (((seed + 2) % 4) + 1) / 5;
  int rad = (w < h ? w : h) / 4; if (rad < 1) rad = 1;
  for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
    uint8_t *p = rgb + 3 * (y * w + x);
    int inside = (x - cx) * (x - cx) + (y - cy) * (y - cy) < rad * rad;
    p[0] = 255 * x / (w - 1 > 1 ? w - 1 : 1);
    p[1] = inside ? 30 : 255 * y / (h - 1 > 1 ? h - 1 : 1);
    p[2] = inside ? 220 : 40 + ((x * 7 + y * 13 + seed * 31) % 50);
  }
  printf("%s\n", blurHashForPixels(xc, yc, w, h, rgb, w * 3));
  return 0;
}
