"""Benchmark: provenance + stories (+ event fusion) over a growing store, on generated corpora.

    python bench/bench_provenance.py --sizes 10000 100000 [--batch 1000] [--per-day 200] [--fusion]

For each size, in a fresh subprocess (so that peak memory is its own), it generates a stream of
short news-style articles (8-15 sentences from varied templates with random names, places and
numbers, so that most sentences are unique), with a share of verbatim reprints, light rewrites
(words swapped, a sentence dropped) and patchworks (sentences from several earlier articles), dated
``--per-day`` articles a day. It writes them in batches of ``--batch`` straight into a new store's
``articles`` and ``sentences`` tables (sentences split by a regular expression: spaCy and the
claim extractors are not run, so the figures are those of provenance and stories only) and runs
``run_provenance`` then ``run_stories`` after each batch, as a stream of daily updates would.

It prints, per batch, the wall and CPU time per added article; at the end, the total, the mean
time per article over the first batch and over the last tenth of the batches, and the peak RSS.
Two ratios tell whether the cost of one article grows with the store (1.0: it does not): within
a run, the last tenth against the first batch (which runs on an empty store, so it is the
cheapest); across the sizes of one invocation, the last tenth of each run against the last tenth
of the smallest run (the baseline, measured in the same invocation). The figures also go, as JSON,
to ``bench/results/provenance.json``.

With ``--fusion`` the generator also writes the event mentions an extractor would find in the
event sentences (clashes, attacks, killings, rockets, explosions, arrests, protests: type, trigger,
place with coordinates, date, figures) into ``event_mentions``, and ``run_fusion`` runs after the
stories; the per-article times of fusion are reported apart, with their share of the time of the
three store stages.

Each size can also be run on its own (``--one N``, JSON on stdout, batches on stderr) and the
results put together afterwards: ``--report A.json B.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

FIRST = ["Amira", "Tomas", "Nadia", "Karim", "Ines", "Jonah", "Leila", "Pavel", "Sani", "Mireille"]
FIRST += ["Dario", "Hana", "Oskar", "Faisal", "Greta", "Idris", "Yusra", "Marek", "Ayo", "Lucia"]
LAST = ["Haddad", "Velk", "Osei", "Bensaid", "Moreau", "Reyes", "Okonjo", "Larsen", "Mahfouz"]
LAST += ["Strand", "Quispe", "Novak", "Adeyemi", "Castell", "Ferreira", "Tanaka", "Bakr", "Ivers"]
PLACES = ["Mosul", "Raqqa", "Kirkuk", "Aleppo", "Goma", "Khartoum", "Kharkiv", "Sanaa", "Gao"]
PLACES += ["Bunia", "Tikrit", "Idlib", "Mopti", "Kassala", "Marib", "Sirte", "Beni", "Kidal"]
ACTORS = ["government forces", "militants", "police", "rebel fighters", "local militias"]
ACTORS += ["army units", "armed men", "border guards", "tribal fighters", "security forces"]
ROLES = ["a military spokesman", "the regional governor", "an aid official", "a local doctor"]
ROLES += ["a police commander", "a hospital director", "a town councillor", "a UN official"]
VERBS = ["clashed with", "attacked", "shelled", "surrounded", "negotiated with", "pushed back"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OUTLETS = [f"outlet{i}" for i in range(60)]
TEMPLATES = [
    "{actor} {verb} {actor2} near {place} on {day}, {person}, {role}, said.",
    "At least {n} people were killed and {m} injured in {place}, according to {person}.",
    "Nearly {big} residents have fled {place} since the fighting began {n} days ago.",
    '"We are doing everything we can to reach the {n} families in {place}," {person} said.',
    "The {actor} said they had taken control of {m} districts east of {place} by {day}.",
    "Aid convoys carrying {big} tonnes of food were turned back outside {place}, {role} said.",
    "{person} said talks between the two sides would resume in {place2} within {m} weeks.",
    "Officials in {place} reported {n} arrests after protests over fuel prices turned violent.",
    "{person}, {role}, said {n} schools in {place} had been closed since {day}.",
    "The road between {place} and {place2} was cut for {m} hours after {actor} set up a "
    "checkpoint.",
    "Doctors at the main hospital in {place} treated {n} wounded, {person} told reporters.",
    "A curfew was imposed in {place} from {m} p.m., {role} {person} said on {day}.",
    "{actor} fired {n} rockets at positions held by {actor2} south of {place}.",
    "Residents of {place} said they heard explosions for {m} hours overnight into {day}.",
    "The ministry said {big} people in {place} and {place2} needed urgent food aid.",
    "{person} accused {actor} of blocking {n} trucks of medicine on the way to {place}.",
]
_SYLLABLES = ["ka", "mel", "tor", "vin", "sa", "lu", "ber", "don", "fi", "ra", "gon", "pel", "mi"]
_SYLLABLES += ["stra", "ve", "lo", "nar", "dis", "cu", "tem", "por", "ack", "ly", "ment", "ing"]
#: Filler vocabulary: 6,000 invented words, so that sentences built on one template differ.
WORDS = sorted(
    {
        "".join(random.Random(i).choices(_SYLLABLES, k=random.Random(-i).randint(2, 3)))
        for i in range(20_000)
    }
)[:6000]
SPLIT = re.compile(r"(?<=[.!?\"])\s+(?=[A-Z\"])")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _sentence(rng: random.Random, event: dict[str, str]) -> str:
    values = {
        "actor": event["actor"],
        "actor2": rng.choice(ACTORS),
        "verb": rng.choice(VERBS),
        "place": event["place"],
        "place2": rng.choice(PLACES),
        "day": rng.choice(DAYS),
        "person": rng.choice([event["person"], _person(rng)]),
        "role": rng.choice(ROLES),
        "n": str(rng.randint(2, 400)),
        "m": str(rng.randint(2, 30)),
        "big": f"{rng.randint(1, 300)},{rng.randint(0, 999):03d}",
    }
    text = rng.choice(TEMPLATES).format(**values)
    clause = " ".join(rng.choices(WORDS, k=rng.randint(8, 14)))
    text = f"{text[:-1]}, the {clause} {rng.choice(WORDS)}{text[-1]}"
    return text[0].upper() + text[1:]


def _rewrite(rng: random.Random, sentences: list[str]) -> list[str]:
    out = [s for s in sentences if rng.random() > 0.1] or sentences[:1]
    edited = []
    for s in out:
        if rng.random() < 0.4:
            s = s.replace(" said", " stated", 1).replace("At least", "At minimum", 1)
        edited.append(s)
    return edited


def generate(n: int, per_day: int, seed: int = 11) -> list[dict[str, Any]]:
    """``n`` articles in published order: originals, reprints, rewrites and patchworks."""
    rng = random.Random(seed)
    start = datetime(2025, 1, 1)
    step = timedelta(days=1) / per_day
    events: list[dict[str, str]] = []
    out: list[dict[str, Any]] = []
    for i in range(n):
        published = start + i * step
        recent = out[-2 * per_day :]
        roll = rng.random()
        if recent and roll < 0.10:  # verbatim reprint
            donor = rng.choice(recent)
            sentences, title = list(donor["sentences"]), donor["title"]
        elif recent and roll < 0.18:  # light rewrite
            donor = rng.choice(recent)
            sentences, title = _rewrite(rng, donor["sentences"]), donor["title"]
        elif len(recent) > 3 and roll < 0.22:  # patchwork of several earlier articles
            donors = rng.sample(recent, 3)
            sentences = [s for d in donors for s in rng.sample(d["sentences"], 3)]
            title = donors[0]["title"]
        else:  # an original report, about a recent event or a new one
            if events and rng.random() < 0.3:
                event = rng.choice(events[-per_day // 4 :])
            else:
                event = {
                    "place": rng.choice(PLACES),
                    "actor": rng.choice(ACTORS),
                    "person": _person(rng),
                }
                events.append(event)
            sentences = [_sentence(rng, event) for _ in range(rng.randint(8, 15))]
            title = f"{event['actor'].capitalize()} in {event['place']}: {sentences[0][:40]}"
        out.append(
            {
                "id": f"a{i:07d}",
                "outlet": rng.choice(OUTLETS),
                "published": published,
                "title": title,
                "sentences": sentences,
            }
        )
    return out


#: Event sentences: a pattern on the sentence, its trigger word, PLOVER type and figure group.
EVENT_PATTERNS = [
    (re.compile(r"\b(clashed|attacked|shelled|surrounded|pushed)\b"), "ASSAULT", None),
    (re.compile(r"\bwere (killed)\b"), "ASSAULT", re.compile(r"At (?:least|minimum) (\d+)")),
    (re.compile(r"\b(fired) \d+ rockets\b"), "ASSAULT", None),
    (re.compile(r"\b(explosions)\b"), "ASSAULT", None),
    (re.compile(r"\b(arrests)\b"), "COERCE", None),
    (re.compile(r"\b(protests)\b"), "PROTEST", None),
]
_MENTION_COLUMNS = (
    "article_id, idx, sentence_start, sentence_end, trigger_start, trigger_end, plover_type, "
    "place_name, place_lat, place_lon, place_precision, place_country, date, date_granularity, "
    "date_source, killed_best, status"
)


def _place_point(name: str) -> tuple[float, float]:
    digest = hashlib.sha1(name.encode()).digest()
    return 30 + digest[0] / 25.6, 35 + digest[1] / 25.6


def _mentions(article: dict[str, Any], text: str, spans: list[tuple[int, int]]) -> list[tuple]:
    """The event mentions of an article's event sentences."""
    out: list[tuple] = []
    for begin, end in spans:
        sentence = text[begin:end]
        for pattern, ptype, figure in EVENT_PATTERNS:
            found = pattern.search(sentence)
            if not found:
                continue
            place = next((p for p in PLACES if p in sentence), None)
            lat, lon = _place_point(place) if place else (None, None)
            killed = figure.search(sentence) if figure else None
            out.append(
                (
                    article["id"],
                    len(out),
                    begin,
                    end,
                    begin + found.start(1),
                    begin + found.end(1),
                    ptype,
                    place,
                    lat,
                    lon,
                    "point" if place else None,
                    "XX" if place else None,
                    article["published"].date().isoformat(),
                    "day",
                    "publication",
                    float(killed.group(1)) if killed else None,
                    "happened",
                )
            )
    return out


def _write(
    con: Any, articles: list[dict[str, Any]], now: datetime, *, events: bool = False
) -> None:
    rows = []
    sentence_rows = []
    mention_rows: list[tuple] = []
    for a in articles:
        text = " ".join(a["sentences"])
        rows.append(
            (
                a["id"],
                hashlib.sha1(text.encode()).hexdigest(),
                f"https://{a['outlet']}.example/{a['id']}",
                a["outlet"],
                a["title"],
                a["published"],
                text,
                len(text.split()),
                now,
            )
        )
        at = 0
        spans = []
        for idx, piece in enumerate(SPLIT.split(text)):
            begin = text.index(piece, at)
            at = begin + len(piece)
            sentence_rows.append((a["id"], idx, begin, at))
            spans.append((begin, at))
        if events:
            mention_rows.extend(_mentions(a, text, spans))
    con.execute("BEGIN TRANSACTION")
    con.executemany(
        "INSERT INTO articles (id, content_hash, url, outlet, title, published, language, text, "
        "word_count, source, source_format, ingested_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, 'en', ?, ?, 'bench', 'jsonl', ?, ?)",
        [(*r, r[-1]) for r in rows],
    )
    cols = list(zip(*sentence_rows, strict=True))
    con.execute(
        "INSERT INTO sentences SELECT unnest(?::VARCHAR[]), unnest(?::INTEGER[]), "
        "unnest(?::INTEGER[]), unnest(?::INTEGER[])",
        [list(c) for c in cols],
    )
    if mention_rows:
        holes = ", ".join("?" for _ in _MENTION_COLUMNS.split(","))
        con.executemany(
            f"INSERT INTO event_mentions ({_MENTION_COLUMNS}) VALUES ({holes})", mention_rows
        )
    con.execute("COMMIT")


def run_one(
    size: int, batch: int, per_day: int, keep: Path | None = None, fusion: bool = False
) -> dict[str, Any]:
    """Generate ``size`` articles and run provenance after each batch; return the figures.

    ``keep``: write the store there (and leave it) instead of a temporary folder. ``fusion``:
    write event mentions too and run the fusion stage after the stories.
    """
    from eventwire.fusion import run_fusion
    from eventwire.provenance.run import run_provenance
    from eventwire.store import Store
    from eventwire.stories import run_stories

    articles = generate(size, per_day)
    batches: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp, Store(keep or Path(tmp) / "bench.duckdb") as store:
        started_wall, started_cpu = time.perf_counter(), time.process_time()
        for at in range(0, size, batch):
            chunk = articles[at : at + batch]
            _write(store.con, chunk, datetime(2026, 1, 1) + timedelta(seconds=at), events=fusion)
            wall, cpu = time.perf_counter(), time.process_time()
            summary = run_provenance(store)
            grouped = run_stories(store)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            fused_row: dict[str, Any] = {}
            if fusion:
                f_wall, f_cpu = time.perf_counter(), time.process_time()
                fused = run_fusion(store)
                f_wall, f_cpu = time.perf_counter() - f_wall, time.process_time() - f_cpu
                fused_row = {
                    "fusion_ms_per_article_wall": 1000 * f_wall / max(1, fused.processed),
                    "fusion_ms_per_article_cpu": 1000 * f_cpu / max(1, fused.processed),
                    "events": fused.events,
                    "event_members": fused.members,
                    "comparisons": fused.comparisons,
                }
            row = {
                "store_articles": at + len(chunk),
                "added": summary.processed,
                "replayed": grouped.replayed,
                "ms_per_article_wall": 1000 * wall / max(1, summary.processed),
                "ms_per_article_cpu": 1000 * cpu / max(1, summary.processed),
                "stories": grouped.stories,
                **fused_row,
            }
            batches.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
        total_wall = time.perf_counter() - started_wall
        total_cpu = time.process_time() - started_cpu
        state = store.con.execute("SELECT strlen(state) FROM story_clusterer_state").fetchone()
    last = batches[-max(1, len(batches) // 10) :]
    first = batches[0]

    def mean(rows: list[dict[str, Any]], key: str) -> float:
        return sum(r[key] for r in rows) / len(rows)

    extra: dict[str, Any] = {}
    if fusion:
        f_first = first["fusion_ms_per_article_cpu"]
        f_last = mean(last, "fusion_ms_per_article_cpu")
        extra = {
            "fusion_first_batch_ms_cpu": round(f_first, 2),
            "fusion_last_batches_ms_cpu": round(f_last, 2),
            "fusion_ratio_cpu": round(f_last / f_first, 2) if f_first else None,
            "fusion_share_of_store_stages": round(
                f_last / (f_last + mean(last, "ms_per_article_cpu")), 3
            ),
            "events": batches[-1]["events"],
            "event_members": batches[-1]["event_members"],
        }
    return {
        **extra,
        "size": size,
        "batch": batch,
        "per_day": per_day,
        "total_wall_s": round(total_wall, 1),
        "total_cpu_s": round(total_cpu, 1),
        "first_batch_ms_wall": round(first["ms_per_article_wall"], 2),
        "first_batch_ms_cpu": round(first["ms_per_article_cpu"], 2),
        "last_batches": len(last),
        "last_batches_ms_wall": round(mean(last, "ms_per_article_wall"), 2),
        "last_batches_ms_cpu": round(mean(last, "ms_per_article_cpu"), 2),
        "ratio_wall": round(mean(last, "ms_per_article_wall") / first["ms_per_article_wall"], 2),
        "ratio_cpu": round(mean(last, "ms_per_article_cpu") / first["ms_per_article_cpu"], 2),
        "replayed": sum(r["replayed"] for r in batches),
        "stories": batches[-1]["stories"],
        "story_state_bytes": int(state[0]) if state else 0,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "batches": batches,
    }


def _line(result: dict[str, Any]) -> str:
    fusion = (
        f"; fusion per added article: first batch {result['fusion_first_batch_ms_cpu']} ms CPU, "
        f"last batches {result['fusion_last_batches_ms_cpu']} ms CPU (ratio "
        f"{result['fusion_ratio_cpu']}; {100 * result['fusion_share_of_store_stages']:.1f}% of the "
        f"store stages), {result['events']} events from {result['event_members']} mentions"
        if "fusion_last_batches_ms_cpu" in result
        else ""
    )
    return (
        f"{result['size']:>7} articles: total {result['total_wall_s']} s wall, "
        f"{result['total_cpu_s']} s CPU; per added article, first batch "
        f"{result['first_batch_ms_wall']} ms wall / {result['first_batch_ms_cpu']} ms CPU, "
        f"last {result['last_batches']} batches {result['last_batches_ms_wall']} ms wall / "
        f"{result['last_batches_ms_cpu']} ms CPU (ratio to first batch {result['ratio_wall']} "
        f"wall, {result['ratio_cpu']} CPU; to the smallest run's last batches "
        f"{result['ratio_to_smallest_cpu']} CPU); replayed {result['replayed']}; "
        f"stories {result['stories']}; story state {result['story_state_bytes']} bytes; "
        f"peak RSS {result['peak_rss_mb']} MB{fusion}"
    )


def report(results: list[dict[str, Any]], out: Path) -> None:
    """Add the cross-size ratios, print one line per size and write the JSON."""
    results = sorted(results, key=lambda r: r["size"])
    base = results[0]
    for result in results:
        result["ratio_to_smallest_cpu"] = round(
            result["last_batches_ms_cpu"] / base["last_batches_ms_cpu"], 2
        )
        result["ratio_to_smallest_wall"] = round(
            result["last_batches_ms_wall"] / base["last_batches_ms_wall"], 2
        )
        print(_line(result))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--per-day", type=int, default=200)
    parser.add_argument("--one", type=int, help="run one size; JSON on stdout")
    parser.add_argument("--report", type=Path, nargs="+", help="put --one results together")
    parser.add_argument("--keep", type=Path, help="with --one: keep the store at this path")
    parser.add_argument("--fusion", action="store_true", help="event mentions and fusion too")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "provenance.json")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.batch, args.per_day, args.keep, args.fusion)))
        return
    if args.report:
        found = [json.loads(p.read_text("utf-8").strip().splitlines()[-1]) for p in args.report]
        report(found, args.out)
        return
    results = []
    for size in args.sizes:
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                *("--one", str(size), "--batch", str(args.batch)),
                *("--per-day", str(args.per_day)),
                *(["--fusion"] if args.fusion else []),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    report(results, args.out)


if __name__ == "__main__":
    main()
