"""Word lists behind quote extraction: cue verbs, titles, pronouns.

The cue lexicon maps a verb lemma to the way its content is usually expressed:

* ``SPEECH``: verbs of saying and writing (``said``, ``told``, ``warned``, ``denied``); content is a
  complement clause (``said that ...``), a direct quote, or the rest of the sentence
  (``..., she said.``);
* ``THOUGHT``: verbs of believing and judging that news reports as a source's position
  (``believes``, ``thinks``, ``argued``); same content forms as speech, but a direct quote alone
  is not enough to make them a cue;
* ``INTENT``: verbs whose content is an infinitive or a ``for`` phrase (``urged X to``,
  ``vowed to``, ``called for``);
* ``STANCE``: verbs that report a source's position towards something, with that something as
  content (``criticized the plan``, ``endorsed Smith``, ``polls show ...``). Attribution corpora
  such as PolNeAR count these; :func:`~eventwire.quotes.extract.extract_quotes` takes them only
  with ``stance=True``.

``according to X`` is recognised separately (see :data:`ACCORDING_TO`), as are verbs that are
cues only with a given object or particle (:data:`LIGHT_VERB_CUES`, ``took a swipe at``) and
phrases that head a sentence (:data:`PREP_SOURCES`, ``In a poll released Monday, ...``). The
smaller lists below name the cues, prepositions and conjunctions that single rules of
:mod:`eventwire.quotes.extract` look for. Every word is lower case.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "ACCORDING_TO",
    "ANY_PREPS",
    "BACKING_NOUNS",
    "BACKING_VERBS",
    "CHARGE_CUES",
    "CLAUSE_JOINS",
    "CLAUSE_ONLY_CUES",
    "CUE_ADJECTIVES",
    "CUE_LEXICON",
    "CUE_NOUNS",
    "DIRECT_QUOTE_CUES",
    "FEMALE_WORDS",
    "FOR_PHRASE_CUES",
    "HONORIFICS",
    "INSTITUTIONS",
    "LEMMA_FIXES",
    "LIGHT_PREPS",
    "LIGHT_VERB_CUES",
    "MALE_WORDS",
    "NOT_HEADLINE_VERBS",
    "NOUN_PREPS",
    "OBJECT_CUES",
    "OTHER_PRONOUNS",
    "OWNER_NOUNS",
    "PASSIVE_PREPS",
    "PERSON_PRONOUNS",
    "PREP_CUES",
    "PREP_PEOPLE",
    "PREP_SOURCES",
    "QUESTION_CUES",
    "RAISING_CUES",
    "RELATIVE_PRONOUNS",
    "SPLITTING_CUES",
    "STANCE_PREPS",
    "TITLES",
    "TRAILING_CONJUNCTIONS",
    "XCOMP_SPEECH_CUES",
    "CueClass",
]


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


class CueClass:
    """The kinds of cue in :data:`CUE_LEXICON`."""

    SPEECH: Final = "speech"
    THOUGHT: Final = "thought"
    INTENT: Final = "intent"
    STANCE: Final = "stance"


_SPEECH = _words("""
say tell add state claim deny insist warn stress note explain write tweet post announce declare
report reveal confirm acknowledge admit concede argue contend assert allege charge accuse
complain suggest predict promise vow threaten boast brag joke quip reply respond retort
answer counter ask question wonder inquire recall recount describe testify indicate emphasize
emphasise point observe remark comment continue conclude caution urge demand propose recommend
advise reiterate repeat mention affirm assure estimate forecast speculate lament concur agree
disagree object protest shout yell scream cry whisper muse blog text email cite quote reason
declare proclaim announce estimate hint signal
""")

_THOUGHT = _words("""
believe think feel fear hope expect worry doubt know consider assume suspect reckon guess
acknowledge recognize recognise realize realise understand
""")

_INTENT = _words("""
urge vow pledge promise plan threaten call want intend seek refuse decline offer
""")

_STANCE = _words("""
support show criticize criticise endorse see discuss talk mention find focus describe vote
appear seem accuse point refer name praise back defend cite denounce express challenge thank
oppose attack imply list share echo prefer applaud highlight tout consider decide apologize
apologise blast dismiss identify remind favor favour reject portray cheer decry view
ignore advocate blame question slam hail tout lambast pan fault invoke emphasize recommend
acknowledge insist predict reveal confirm estimate offer learn read allow
release issue push cast mock lay like accept sound order ban embrace aim position rule chant
present welcome expose disclose reference condemn contrast adopt love frame undermine confront
lean credit voice inform deem dispute characterize characterise rail recite congratulate
disavow brush assail anticipate outline renew reaffirm broadcast interpret articulate attribute
shrug allude paint beg foresee label deride rebuke detail retweet withhold publish remember boo
scoff chide scold ridicule castigate excoriate rebut refute contradict downplay trumpet laud
commend salute champion pitch reassure implore depict dub brand term liken compare unveil
look utter opt circulate notice approve resist sue acquiesce
""")

#: Cue verb lemma -> :class:`CueClass`. Speech wins where a lemma is in several lists.
CUE_LEXICON: Final[dict[str, str]] = {
    **{lemma: CueClass.STANCE for lemma in _STANCE},
    **{lemma: CueClass.INTENT for lemma in _INTENT},
    **{lemma: CueClass.THOUGHT for lemma in _THOUGHT},
    **{lemma: CueClass.SPEECH for lemma in _SPEECH},
}

#: Cues that can introduce a direct quote without a complement clause.
DIRECT_QUOTE_CUES: Final[frozenset[str]] = frozenset(
    lemma for lemma, kind in CUE_LEXICON.items() if kind == CueClass.SPEECH
)

#: Cues whose direct object is the content (``denied the report``, ``announced a ceasefire``).
OBJECT_CUES: Final[frozenset[str]] = _words(
    """
deny announce reveal confirm predict propose recommend demand acknowledge admit question
dismiss reject endorse praise criticize criticise blame
"""
)

#: Cues whose ``for``/``on`` phrase is the content (``called for a ceasefire``).
FOR_PHRASE_CUES: Final[frozenset[str]] = _words("call ask push press appeal")

#: Nouns that report a position, with the content in an ``of``/``about``/``that`` complement
#: (``her criticism of the plan``, ``the claim that ...``); taken only with ``stance=True``.
CUE_NOUNS: Final[frozenset[str]] = _words(
    """
claim comment remark statement criticism critique announcement allegation accusation warning
promise pledge call message estimate observation assertion argument suggestion proposal
insistence denial admission complaint concern support opposition endorsement praise attack
view belief opinion prediction threat demand question vow attention response reference mention
doubt supporter case defense defence position stance objection
idea hope fear decision plan proponent understanding notion passion answer assessment
expectation advice talk testimony narrative assumption embrace apology explanation denunciation
rejection enthusiasm agreement refusal intention contention recommendation request plea appeal
conclusion theory impression worry frustration skepticism scepticism
"""
)

#: Adjectives that report a position (``critical of``, ``confident that``); ``stance=True`` only.
CUE_ADJECTIVES: Final[frozenset[str]] = _words(
    """
critical supportive skeptical sceptical confident worried concerned aware optimistic
pessimistic adamant certain sure hopeful wary fearful proud angry furious unhappy happy
eager reluctant glad keen upset willing unwilling convinced inclined determined enthusiastic
excited nervous fond opposed
"""
)

#: Verbs whose prepositional phrase is the content (``referred to``, ``talked about``).
PREP_CUES: Final[frozenset[str]] = _words(
    """
refer talk respond focus point speak rail advocate push warn think worry vote comment complain
testify joke weigh argue ask call campaign fight lobby
"""
)

#: Nouns whose ``in`` phrase names where a clause comes from (``In a poll released Monday, ...``,
#: ``in her view``, ``in Forbes' words``).
PREP_SOURCES: Final[frozenset[str]] = _words(
    """
poll survey average statement interview report study letter memo column book speech tweet
post ad advertisement video filing complaint lawsuit editorial essay testimony remark word
view opinion estimation eye analysis article op-ed release email message note briefing
address memoir blog podcast ruling decision opinion
"""
)

#: Words for people that a sentence-initial ``For X,`` / ``To X,`` reports the view of.
PREP_PEOPLE: Final[frozenset[str]] = _words(
    """
voter democrat republican conservative liberal progressive critic supporter opponent many
some others most him her them me us analyst observer expert official activist leader
member resident american
"""
)

#: Verbs that are cues only with one of these objects, particles or prepositions
#: (``took a shot at X``, ``made the case that X``, ``went after X``, ``spoke about X``).
LIGHT_VERB_CUES: Final[dict[str, frozenset[str]]] = {
    "take": _words("aim shot swipe jab issue dig stand position view stance credit"),
    "make": _words(
        "case argument claim point comment remark statement pitch promise pledge reference "
        "accusation allegation prediction appeal plea"
    ),
    "give": _words("answer speech interview assessment account warning"),
    "go": _words("after"),
    "speak": _words("about of out against"),
    "weigh": _words("in"),
    "lash": _words("out"),
    "sound": _words("off"),
}

#: Speech cues whose object and infinitive are the content, like intent cues (``urged X to``).
XCOMP_SPEECH_CUES: Final[frozenset[str]] = _words("urge ask warn tell promise")

#: Cues whose ``if``/``whether`` clause is the content (``asked whether X``).
QUESTION_CUES: Final[frozenset[str]] = _words("ask wonder question inquire")

#: Cues whose object and ``of``/``with``/``for`` phrase make the content (``accused X of Y``).
CHARGE_CUES: Final[frozenset[str]] = _words("accuse charge blame credit")

#: Cues that start an attribution of their own between two quoted parts.
SPLITTING_CUES: Final[frozenset[str]] = _words("add")

#: Cues that report only a quote or a complement clause (``"...," he continued``).
CLAUSE_ONLY_CUES: Final[frozenset[str]] = _words("continue find")

#: ``appear``/``seem`` take a grammatical subject that is not a source (``it appears that``).
RAISING_CUES: Final[frozenset[str]] = _words("appear seem")

#: Title-case words that look like cue verbs but are mostly names (``Bush``, ``Hope``).
NOT_HEADLINE_VERBS: Final[frozenset[str]] = _words("hope bush will may frame brand")

#: ``X has the support of Y``: nouns of backing and the verbs that hold them.
BACKING_NOUNS: Final[frozenset[str]] = _words("support backing endorsement vote approval blessing")
BACKING_VERBS: Final[frozenset[str]] = _words(
    "have win receive get earn secure gain enjoy land lose seek"
)

#: :data:`PREP_SOURCES` nouns whose owner is the source (``in her view``, ``in Forbes' words``).
OWNER_NOUNS: Final[frozenset[str]] = _words("word view opinion eye estimation mind")

#: Prepositions whose object is the content of a light-verb cue (not ``to``: the audience).
LIGHT_PREPS: Final[frozenset[str]] = _words("of about against on for at with over that")

#: Prepositions that complete a passive cue without an agent (``is accused of``, ``known as``).
PASSIVE_PREPS: Final[frozenset[str]] = _words("of as for about")

#: Prepositions whose object is the content of any cue (``agrees with X``, ``wrote about X``).
ANY_PREPS: Final[frozenset[str]] = _words("about with against of")

#: Prepositions whose object is the content of a stance cue or of a :data:`PREP_CUES` verb.
STANCE_PREPS: Final[frozenset[str]] = _words("about for on to of against with as out")

#: Prepositions (and ``that``) whose object is the content of a cue noun or adjective.
NOUN_PREPS: Final[frozenset[str]] = _words("of about against on for that")

#: Conjunctions trimmed from the end of a content, in the order they are tried.
TRAILING_CONJUNCTIONS: Final[tuple[str, ...]] = (
    "and",
    "but",
    "or",
    "as well as",
    "while",
    "whereas",
)

#: Conjunctions that join a contrasting clause with its own source and cue
#: (``A said X, while B said Y``).
CLAUSE_JOINS: Final[tuple[str, ...]] = ("while", "whereas")

#: Word forms the lemmatizer gets wrong (``hoping`` -> ``hop``), mapped to the right lemma.
LEMMA_FIXES: Final[dict[str, str]] = {
    "hoping": "hope",
    "hopes": "hope",
    "hoped": "hope",
    "retweeted": "retweet",
}

#: The two-word cue ``according to``.
ACCORDING_TO: Final[tuple[str, str]] = ("according", "to")

#: Titles and honorifics stripped from the front of a speaker's name (lower case, no dot).
TITLES: Final[frozenset[str]] = _words(
    """
mr mrs ms miss dr prof sir dame lord lady rev father sheikh imam
president vice prime minister secretary senator sen rep representative gov governor mayor
judge justice chancellor ambassador general gen brig brigadier col colonel lt lieutenant
maj major capt captain cmdr commander adm admiral sgt sergeant cpl corporal pvt private
king queen prince princess emir sultan chief speaker councillor councilor alderman
"""
)

#: Titles that are mere honorifics: they neither give a role nor introduce a person.
HONORIFICS: Final[frozenset[str]] = _words("mr mrs ms miss dr prof sir dame lord lady rev")

#: Words that mark a person as female or male (titles, roles), for pronoun agreement.
FEMALE_WORDS: Final[frozenset[str]] = _words(
    """
mrs ms miss madam dame lady queen princess woman mother wife widow daughter sister girl
grandmother actress congresswoman spokeswoman chairwoman businesswoman councilwoman
"""
)
MALE_WORDS: Final[frozenset[str]] = _words(
    """
mr sir lord king prince man father husband son brother boy grandfather actor congressman
spokesman chairman businessman councilman
"""
)

#: Third-person singular personal pronouns that may refer to a person.
PERSON_PRONOUNS: Final[frozenset[str]] = frozenset({"he", "she", "him", "her"})

#: Other pronouns a speaker mention may be; none of them is a name.
OTHER_PRONOUNS: Final[frozenset[str]] = frozenset({"i", "we", "they", "it", "you", "who", "which"})

#: Relative pronouns whose antecedent is the noun they attach to.
RELATIVE_PRONOUNS: Final[frozenset[str]] = frozenset({"who", "which", "that", "whom"})

#: Heads of definite descriptions that name one institution or office where they are used
#: ("the army said", "the mayor told local radio"): a speaker in their own right, unlike "the
#: official" or "the source", which point back to someone named earlier.
INSTITUTIONS: Final[frozenset[str]] = frozenset(
    {
        "army", "military", "police", "government", "ministry", "presidency", "cabinet",
        "parliament", "senate", "congress", "court", "judiciary", "prosecutor", "prosecution",
        "coroner", "embassy", "mayor", "governor", "president", "premier", "municipality",
        "council", "navy", "coastguard", "gendarmerie", "junta", "kremlin", "pentagon",
        "authorities", "administration", "opposition", "regime", "brigade", "agency",
        "department", "office", "commission", "committee", "service", "command", "ministries",
    }
)  # fmt: skip
