"""Reading on the workers: a run's sources cut into read units that Dask workers read and
normalise, their documents taken back in the order of the sources.

:func:`read_units` expands the sources the way the read stage does (folders walked in sorted
order with the same include/exclude globs and link-loop guard) and groups what it finds:

* consecutive files, up to ``engine.read_part_bytes`` or :data:`FILES_PER_UNIT` files, make one
  unit (WARC files, feeds, HTML and text pages alike: a WARC file is never cut);
* an uncompressed JSON Lines file larger than ``engine.read_part_bytes`` is cut into parts that
  end at line ends (:func:`eventwire.ingest.sources.jsonl_parts`), each read on its own with
  the line numbers of the whole file;
* stdin and URLs stay in the process that runs the command (:class:`HereSource`): it holds the
  pipe and the run's HTTP client.

A worker runs the pipeline's own read and document stages over its unit
(:meth:`DocumentReader.read`), so the articles and rejections (with their file, line or record
and reason) are those a local run makes. Paths must name the same files on every worker: a
shared file system, or a ``LocalCluster`` on this machine.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from eventwire.ingest.decode import GZIP_MAGIC, format_from_name
from eventwire.ingest.sources import jsonl_parts, read_jsonl_part, walk_folder
from eventwire.ingest.web import is_url
from eventwire.pipeline import LocalEngine, normalised
from eventwire.records import Article, Rejection
from eventwire.settings import Settings
from eventwire.stages import Pipeline

__all__ = ["FILES_PER_UNIT", "DocumentReader", "HereSource", "ReadUnit", "read_units"]

#: The most files in one read unit.
FILES_PER_UNIT = 64
#: The built-in read stage, whose JSON Lines files can be cut into parts.
BUILTIN_READ = "eventwire.ingest:read_sources"


@dataclass(frozen=True, slots=True)
class ReadUnit:
    """Files read by one task (``sources``), or one part of one JSON Lines file: bytes
    ``part[0]:part[1]`` with ``part[2]`` lines before them."""

    sources: tuple[str, ...]
    part: tuple[int, int, int] | None = None


@dataclass(frozen=True, slots=True)
class HereSource:
    """A source read by the process that runs the command (stdin, a URL)."""

    source: str


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the worker's read says why


def _splittable(path: Path, size: int, part_bytes: int) -> bool:
    if size <= part_bytes or format_from_name(path.name)[0] != "jsonl":
        return False
    try:
        with open(path, "rb") as handle:
            return handle.read(2) != GZIP_MAGIC
    except OSError:
        return False


def _files(sources: Sequence[str], settings: Settings) -> Iterator[Path | Rejection | HereSource]:
    for source in sources:
        if source == "-" or is_url(source):
            yield HereSource(source)
            continue
        path = Path(source)
        if path.is_dir():
            yield from walk_folder(path, settings=settings)
        else:
            yield path


def read_units(
    sources: Sequence[str], settings: Settings, *, split: bool = True
) -> Iterator[ReadUnit | Rejection | HereSource]:
    """The read units of ``sources`` in order, with the rejections of folders that cannot be
    listed and the sources read here in their places; ``split`` allows cutting large JSON Lines
    files (only the built-in read stage reads parts)."""
    part_bytes = settings.engine.read_part_bytes
    group: list[str] = []
    held = 0

    def flush() -> Iterator[ReadUnit]:
        nonlocal group, held
        if group:
            yield ReadUnit(tuple(group))
        group, held = [], 0

    for found in _files(sources, settings):
        if not isinstance(found, Path):
            yield from flush()
            yield found
            continue
        size = _size(found)
        if split and _splittable(found, size, part_bytes):
            yield from flush()
            for part in jsonl_parts(found, part_bytes):
                yield ReadUnit((str(found),), part)
            continue
        group.append(str(found))
        held += size
        if held >= part_bytes or len(group) >= FILES_PER_UNIT:
            yield from flush()
    yield from flush()


@dataclass(frozen=True, slots=True)
class DocumentReader:
    """The pipeline's read and document stages, picklable (stages by name, settings as data)."""

    pipeline: Pipeline
    settings: Settings
    fetch: bool = False

    def read(self, unit: ReadUnit) -> list[Article | Rejection]:
        """The normalised articles and the rejections of ``unit``, in order (runs on a worker)."""
        if unit.part is None:
            return list(
                LocalEngine().documents(
                    self.pipeline, self.settings, list(unit.sources), fetch=self.fetch
                )
            )
        start, end, first_line = unit.part
        raw = read_jsonl_part(
            Path(unit.sources[0]),
            start=start,
            end=end,
            first_line=first_line,
            settings=self.settings,
        )
        return list(normalised(self.pipeline, self.settings, raw))
