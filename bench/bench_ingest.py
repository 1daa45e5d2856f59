"""Benchmark: ingest + NLP throughput and peak memory against bare spaCy, on generated corpora.

    python bench/bench_ingest.py --sizes 1000 10000 [--words 150] [--n-process 1] [--extract]

For each corpus size it writes a JSONL corpus of generated news-style articles, then runs, each in
a fresh subprocess so that peak memory is its own:

* ``bare``: the baseline, ``nlp.pipe`` over the texts read from the same JSONL file;
* ``eventwire``: ``run_pipeline`` of the file into a new DuckDB store (read, normalise, language
  id, dedupe, spaCy, transactional writes), with ``pipeline.stages = [ingest, normalise, nlp]``;
* with ``--extract``, also ``run_pipeline`` with the default claim extractors on (the ``extract``
  stages of ``pipeline.stages``: times, figures, quotes, places, events).

It prints articles/s, words/s and peak RSS for both, the ratio of eventwire's throughput to the
baseline's measured in the same run (overhead = 1 - ratio), both by wall time and by CPU time
(CPU time is the steadier figure on a shared machine), and writes the figures as JSON to
``bench/results/ingest.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

PLACES = ["Mosul", "Raqqa", "Kirkuk", "Aleppo", "Goma", "Khartoum", "Kharkiv", "Sanaa", "Gao"]
ACTORS = ["government forces", "militants", "police", "rebel fighters", "local militias"]
PEOPLE = ["Amira Haddad", "Tomas Velk", "Nadia Osei", "Karim Bensaid", "Ines Moreau", "Jonah Reyes"]
ROLES = ["a military spokesman", "the regional governor", "an aid official", "a local doctor"]
VERBS = ["clashed with", "attacked", "shelled", "surrounded", "negotiated with", "pushed back"]
TEMPLATES = [
    "{actor} {verb} {actor2} near {place} on {day}, {person}, {role}, said.",
    "At least {n} people were killed and {m} injured in {place}, according to {person}.",
    "Nearly {big} residents have fled {place} since the fighting began in {month}.",
    '"We are doing everything we can to reach the families in {place}," {person} told reporters.',
    "The {actor} said they had taken control of two districts east of {place} by {day} evening.",
    "Aid convoys bound for {place} were turned back at a checkpoint, {role} said.",
    "{person} said talks between the two sides would resume in {place} next week.",
    "Officials in {place} reported {n} arrests after protests over fuel prices turned violent.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "March", "May", "July", "September", "October", "November"]


def generate_corpus(path: Path, n: int, words: int, seed: int = 7) -> int:
    """Write ``n`` generated articles of about ``words`` words to ``path``; return total words."""
    rng = random.Random(seed)
    total = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            sentences: list[str] = []
            count = 0
            while count < words:
                s = rng.choice(TEMPLATES).format(
                    actor=rng.choice(ACTORS).capitalize(),
                    actor2=rng.choice(ACTORS),
                    verb=rng.choice(VERBS),
                    place=rng.choice(PLACES),
                    day=rng.choice(DAYS),
                    person=rng.choice(PEOPLE),
                    role=rng.choice(ROLES),
                    n=rng.randint(2, 90),
                    m=rng.randint(2, 200),
                    big=f"{rng.randint(2, 400) * 1000:,}",
                    month=rng.choice(MONTHS),
                )
                sentences.append(s)
                count += len(s.split())
            paragraphs = [" ".join(sentences[j : j + 3]) for j in range(0, len(sentences), 3)]
            text = "\n\n".join(paragraphs)
            total += len(text.split())
            record = {
                "url": f"https://bench.example.org/news/{i}",
                "title": f"Report {i} from {rng.choice(PLACES)}",
                "published": f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T08:00:00Z",
                "outlet": "Bench Wire",
                "text": text,
            }
            fh.write(json.dumps(record) + "\n")
    return total


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (spaCy workers with n_process>1)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def worker_bare(corpus: Path, model: str, n_process: int, batch_size: int) -> dict[str, Any]:
    import spacy

    nlp = spacy.load(model)

    def texts() -> object:
        with corpus.open(encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)["text"]

    started, cpu = time.perf_counter(), _cpu_s()
    n = 0
    for _doc in nlp.pipe(texts(), batch_size=batch_size, n_process=n_process):  # type: ignore[arg-type]
        n += 1
    elapsed = time.perf_counter() - started
    return {
        "articles": n,
        "seconds": elapsed,
        "cpu_seconds": _cpu_s() - cpu,
        "peak_rss_mb": _peak_rss_mb(),
    }


def worker_eventwire(
    corpus: Path, model: str, n_process: int, batch_size: int, db: Path, extract: bool
) -> dict[str, Any]:
    from eventwire.nlp import load_pipeline
    from eventwire.pipeline import run_pipeline
    from eventwire.settings import load_settings
    from eventwire.stages import Pipeline, StageKind
    from eventwire.store import Store

    base = load_settings(environ={}, cwd=db.parent)
    settings = base.replace(
        store={"path": str(db)},
        nlp={"model": model, "n_process": n_process, "batch_size": batch_size},
    )
    # The per-article stages only: the store stages (provenance) have a benchmark of their own.
    pipeline = Pipeline.from_settings(base).without(StageKind.STORE)
    if not extract:
        pipeline = pipeline.without(StageKind.EXTRACT)
    # Loading models (spaCy, the language detector) is outside every timing, as in the baseline.
    load_pipeline(model)
    from eventwire.normalise.language import detect_language

    detect_language("The ministry said the convoy reached the city on Monday morning.")
    if extract:
        from datetime import date

        from eventwire.dates import extract_times

        extract_times("The convoy arrived on Monday.", published=date(2026, 3, 11))
    started, cpu = time.perf_counter(), _cpu_s()
    with Store(db) as store:
        summary = run_pipeline([str(corpus)], settings=settings, store=store, pipeline=pipeline)
    elapsed = time.perf_counter() - started
    return {
        "cpu_seconds": _cpu_s() - cpu,
        "stages": ",".join(s.name for s in pipeline.of_kind(StageKind.EXTRACT)),
        "articles": summary.ingested,
        "parsed": summary.parsed,
        "rejected": summary.rejected,
        "seconds": elapsed,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _run_worker(args: list[str]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", *args], check=True, capture_output=True, text=True
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--words", type=int, default=150, help="words per generated article")
    parser.add_argument(
        "--model", default=None, help="spaCy pipeline [default: the nlp.model setting]"
    )
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--output", type=Path, default=HERE / "results" / "ingest.json")
    parser.add_argument(
        "--extract",
        action="store_true",
        help="also measure the run with the claim extractors (extract stages) on",
    )
    parser.add_argument("--worker", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.model is None:
        from eventwire.settings import load_settings

        args.model = load_settings().nlp.model

    if args.worker is not None:
        kind, corpus, *rest = args.worker
        if kind == "bare":
            result = worker_bare(Path(corpus), args.model, args.n_process, args.batch_size)
        else:
            result = worker_eventwire(
                Path(corpus),
                args.model,
                args.n_process,
                args.batch_size,
                Path(rest[0]),
                extract=kind == "extract",
            )
        print(json.dumps(result))
        return

    common = ["--model", args.model, "--n-process", str(args.n_process)]
    common += ["--batch-size", str(args.batch_size)]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            corpus = Path(tmp) / f"corpus-{size}.jsonl"
            words = generate_corpus(corpus, size, args.words)
            bare = _run_worker(["bare", str(corpus), *common])
            ours = _run_worker(
                ["eventwire", str(corpus), str(Path(tmp) / f"s{size}.duckdb"), *common]
            )
            row = {
                "articles": size,
                "words": words,
                "bare_articles_per_s": size / bare["seconds"],
                "bare_words_per_s": words / bare["seconds"],
                "bare_peak_rss_mb": bare["peak_rss_mb"],
                "eventwire_articles_per_s": ours["articles"] / ours["seconds"],
                "eventwire_words_per_s": words / ours["seconds"],
                "eventwire_peak_rss_mb": ours["peak_rss_mb"],
                "stored": ours["articles"],
                "ratio_to_bare": bare["seconds"] / ours["seconds"],
                "bare_cpu_s": bare["cpu_seconds"],
                "eventwire_cpu_s": ours["cpu_seconds"],
                "cpu_ratio_to_bare": bare["cpu_seconds"] / ours["cpu_seconds"],
            }
            row["overhead"] = 1 - row["ratio_to_bare"]
            row["cpu_overhead"] = 1 - row["cpu_ratio_to_bare"]
            rows.append(row)
            print(
                f"{size:>6} articles, {words:,} words | "
                f"bare spaCy {row['bare_articles_per_s']:.1f} art/s "
                f"{row['bare_words_per_s']:,.0f} w/s peak {bare['peak_rss_mb']:.0f} MB | "
                f"eventwire {row['eventwire_articles_per_s']:.1f} art/s "
                f"{row['eventwire_words_per_s']:,.0f} w/s peak {ours['peak_rss_mb']:.0f} MB | "
                f"ratio {row['ratio_to_bare']:.3f} (overhead {row['overhead']:.1%}) | "
                f"CPU {bare['cpu_seconds']:.1f} s vs {ours['cpu_seconds']:.1f} s, "
                f"ratio {row['cpu_ratio_to_bare']:.3f} (overhead {row['cpu_overhead']:.1%})",
                flush=True,
            )
            if args.extract:
                full = _run_worker(
                    ["extract", str(corpus), str(Path(tmp) / f"x{size}.duckdb"), *common]
                )
                row["extract_articles_per_s"] = full["articles"] / full["seconds"]
                row["extract_cpu_s"] = full["cpu_seconds"]
                row["extract_cpu_ratio_to_bare"] = bare["cpu_seconds"] / full["cpu_seconds"]
                row["extract_peak_rss_mb"] = full["peak_rss_mb"]
                print(
                    f"{size:>6} articles with extraction ({full['stages']}): "
                    f"{row['extract_articles_per_s']:.1f} art/s, CPU {full['cpu_seconds']:.1f} s, "
                    f"ratio to bare spaCy {row['extract_cpu_ratio_to_bare']:.3f}, "
                    f"peak {full['peak_rss_mb']:.0f} MB",
                    flush=True,
                )
    if len(rows) > 1:
        growth = rows[-1]["eventwire_peak_rss_mb"] / rows[0]["eventwire_peak_rss_mb"]
        print(
            f"peak memory {rows[-1]['articles']} vs {rows[0]['articles']} articles: x{growth:.2f}"
        )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    meta = {"n_process": args.n_process, "model": args.model, "words_per_article": args.words}
    args.output.write_text(json.dumps({"settings": meta, "results": rows}, indent=2))
    print(f"figures written to {args.output}")


if __name__ == "__main__":
    main()
