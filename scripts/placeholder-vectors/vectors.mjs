// Derives thumbstream-imaging/src/test/resources/placeholder/reference-vectors.json by running the reference encoders
// on synthetic pixels that PlaceholderVectorsTest regenerates with the same integer formula.
// Not part of the build; the references are not committed. To re-run:
//   npm install thumbhash@0.1.1                      (evanw's JS reference)
//   copy C/encode.c, encode.h, common.h from github.com/woltapp/blurhash next to blurhash-driver.c
//   gcc -O0 -o blurhash-driver blurhash-driver.c encode.c -lm
//   node vectors.mjs > ../../thumbstream-imaging/src/test/resources/placeholder/reference-vectors.json
import { execFileSync } from 'node:child_process';
import { rgbaToThumbHash } from 'thumbhash';

const encode = (w, h, seed, xc, yc) =>
  execFileSync('./blurhash-driver', [w, h, seed, xc, yc].map(String)).toString().trim();

function pixels(w, h, seed, alpha) {
  const rgba = new Uint8ClampedArray(w * h * 4);
  const cx = Math.floor(w * ((seed % 4) + 1) / 5), cy = Math.floor(h * (((seed + 2) % 4) + 1) / 5);
  const rad = Math.max(1, Math.floor(Math.min(w, h) / 4));
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = 4 * (y * w + x);
    const inside = (x - cx) * (x - cx) + (y - cy) * (y - cy) < rad * rad;
    rgba[i] = Math.floor(255 * x / Math.max(1, w - 1));
    rgba[i + 1] = inside ? 30 : Math.floor(255 * y / Math.max(1, h - 1));
    rgba[i + 2] = inside ? 220 : 40 + ((x * 7 + y * 13 + seed * 31) % 50);
    rgba[i + 3] = alpha ? (inside ? 255 : (x * 5 + y * 3 + seed) % 256) : 255;
  }
  return rgba;
}

const blurhash = [];
for (const [w, h, seed, xc, yc] of [[32, 24, 1, 4, 3], [24, 32, 2, 4, 3], [64, 48, 3, 9, 9], [1, 1, 4, 1, 1],
                                     [100, 67, 5, 4, 3], [17, 31, 6, 5, 2], [50, 50, 7, 1, 1], [80, 20, 8, 3, 4]]) {
  blurhash.push({ width: w, height: h, seed, alpha: false, xComponents: xc, yComponents: yc,
                  hash: encode(w, h, seed, xc, yc) });
}
const thumbhash = [];
for (const [w, h, seed, alpha] of [[100, 75, 1, false], [75, 100, 2, false], [100, 100, 3, false], [1, 1, 4, false],
                                   [64, 48, 5, true], [40, 90, 6, true], [100, 33, 7, false], [33, 33, 8, true]]) {
  thumbhash.push({ width: w, height: h, seed, alpha,
                   hash: Buffer.from(rgbaToThumbHash(w, h, pixels(w, h, seed, alpha))).toString('base64') });
}
console.log(JSON.stringify({
  source: 'blurhash: woltapp/blurhash C reference (C/encode.c blurHashForPixels) via blurhash-driver.c; '
        + 'thumbhash: evanw/thumbhash JS reference (npm thumbhash@0.1.1 rgbaToThumbHash); '
        + 'made by scripts/placeholder-vectors/vectors.mjs. npm blurhash@2.0.5 is not used: it scales AC terms by '
        + 'their largest signed value where the C and Swift references use the largest magnitude.',
  blurhash, thumbhash }, null, 1));
