"""Unit tests of bench/scorecard.py's pure parts: `python3 -m unittest discover -s bench -p 'test_*.py'`."""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import scorecard  # noqa: E402


def result(corpus, shape, images, steady, passes, renderer=8.0):
    return {"corpus": corpus, "shape": shape, "images": images, "processCpuMsPerImage": steady,
            "rendererCpuMsPerImage": renderer, "readySeconds": 2.5, "imagesPerSecond": 100.0,
            "idleP50Ms": 30, "idleP95Ms": 40, "idleP99Ms": 50, "idleJobP50Ms": 20,
            "peakHeapBytes": 300 << 20, "liveHeapBytes": 40 << 20, "maxHeapBytes": 512 << 20,
            "passes": [{"number": i + 1, "cpuMsPerUpload": cpu,
                        "cpuMsPerUploadByThread": {"render threads": 7.0, "JIT compiler C2": 2.0,
                                                   "JIT compiler C1": 0.5, "poll loop": 0.1, "other": 0.2}}
                       for i, cpu in enumerate(passes)]}


class ScorecardTest(unittest.TestCase):

    def test_compare_tsv_becomes_cpu_ms_per_image_and_nan_is_missing(self):
        with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
            f.write("photos 624 2.1 1.7 0.9 5.0 6.24 nan\n")
        try:
            c = scorecard.load_compare(f.name)
        finally:
            os.unlink(f.name)
        self.assertAlmostEqual(c["photos"]["pil"], 10.0)
        self.assertAlmostEqual(c["photos"]["ts"], 5000 / 624)
        self.assertIsNone(c["photos"]["vips"])
        self.assertEqual(scorecard.load_compare("/nonexistent/compare.tsv"), {})

    def test_thread_split_puts_unlisted_groups_under_other_and_keeps_the_total(self):
        split = scorecard.thread_split({"render threads": 7.0, "JIT compiler C2": 2.0, "JIT compiler C1": 0.5,
                                        "poll loop": 0.1, "other": 0.2})
        self.assertEqual(split["render"], 7.0)
        self.assertEqual(split["C2"], 2.0)
        self.assertEqual(split["C1"], 0.5)
        self.assertAlmostEqual(split["other"], 0.3)
        self.assertAlmostEqual(split["total"], 9.8)
        self.assertEqual(split["workers"], 0)

    def test_rows_take_cold_second_and_steady_per_shape_and_pillow_from_compare(self):
        results = {"endToEnd": [result("photos", "bare", 624, 12.0, [24.0, 15.0, 13.0]),
                                result("photos", "notification", 624, 11.0, [20.0, 14.0])]}
        table = scorecard.rows(results, {"photos": {"pil": 10.0, "vips": 5.0, "ts": 8.0}})
        self.assertEqual([(r["shape"], r["cold"], r["second"], r["third"], r["steady"]) for r in table],
                         [("bare", 24.0, 15.0, 13.0, 12.0), ("notification", 20.0, 14.0, None, 11.0)])
        self.assertEqual(table[0]["pil"], 10.0)
        self.assertEqual(scorecard.ratio(10.0, 24.0), "0.42x")
        self.assertEqual(scorecard.ratio(None, 24.0), "n/a")

    def test_the_generated_catalogue_mix_weights_by_images(self):
        results = {"endToEnd": [result("product", "bare", 200, 10.0, [20.0, 12.0]),
                                result("large", "bare", 10, 52.0, [72.0, 60.0])]}
        compare = {"product": {"pil": 9.0, "vips": 4.0, "ts": 7.0}, "large": {"pil": 90.0, "vips": 40.0, "ts": 70.0}}
        (mix,) = scorecard.mixes(scorecard.rows(results, compare))
        self.assertEqual(mix["images"], 210)
        self.assertAlmostEqual(mix["steady"], 12.0)
        self.assertAlmostEqual(mix["cold"], (20 * 200 + 72 * 10) / 210)
        self.assertAlmostEqual(mix["pil"], (9 * 200 + 90 * 10) / 210)

    def test_render_shows_every_shape_and_the_cold_split(self):
        results = {"machine": {"cores": 2, "cpu": "x", "java": "17", "loadAverageAtStart": "1.0"},
                   "endToEnd": [result("photos", "bare", 624, 12.0, [24.0, 15.0])]}
        text = scorecard.render(results, {"photos": {"pil": 10.0, "vips": 5.0, "ts": 8.0}})
        self.assertIn("| photos | bare | **24.0** | 0.42x / 0.21x | 15.0 |", text)
        self.assertIn("Cold pass, service CPU ms/upload by thread", text)
        self.assertIn("| photos | bare | 7.00 | 2.00 | 0.50 |", text)


if __name__ == "__main__":
    unittest.main()
