"""The numbers of the ranking of candidates: what each feature adds to or takes from a
candidate's score (:class:`Weights`, one instance :data:`WEIGHTS`) and the thresholds at which
features apply.

Each number says where its value came from, as far as the project's history and
``docs/evaluation.md`` tell:

* [LGL]: from the first version of the ranking, whose weights were tuned on LGL documents
  0-293; left as they were since (new ranking weights were tried later and not kept: the
  current ones were best on LGL and the GeoWebNews dev half together);
* [namesakes]: set with the ranking fixes for namesakes, datelines and repeated names and the
  within-town sites (commit ``c08c4f7``); the docs do not say on which documents;
* [GWN dev]: set on the GeoWebNews dev half, with LGL as a guard ("Rules after commit
  c08c4f7");
* [GWN dev + LGL]: set on the GeoWebNews dev half and all of LGL ("Rules after commit
  b002d70").

Scores are log-odds-like: the confidence is a candidate's softmax share of the scores. The
reading and namesake penalties (the first two groups of weights) are costs in their own unit,
which the score pays :attr:`Weights.penalty` times.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventwire.places.gazetteer import Kind

__all__ = [
    "ADMIN1_MENTIONED",
    "ADMIN1_SUPPORT",
    "BIG_TOWN",
    "BIG_UNIT_POPULATION",
    "COHERENT_KM",
    "COUNTRY_MENTIONED",
    "DATELINE_NEAR_KM",
    "FAMOUS_GAP",
    "FAMOUS_TOWN",
    "LENDING_SHARE",
    "NEAR_KM",
    "NEAR_LATITUDE",
    "NEAR_SUPPORT",
    "SAME_PLACE_KM",
    "SAME_PLACE_SHARE",
    "SMALL_UNIT",
    "SMALL_UNIT_RATIO",
    "UNIT_TOWN",
    "WEIGHTS",
    "Weights",
]


@dataclass(frozen=True, kw_only=True, slots=True)
class Weights:
    """Weights of the ranking features (see the module docstring for the tags)."""

    # --- reading penalties: how loosely a candidate's reading takes the name
    loose_direction: float = 1.0
    """A reading without a leading direction, era or regime word (``northern Iraq``, ``Nazi
    Germany``). [LGL]"""
    loose_suffix: float = 0.5
    """A reading without a trailing ``township``, ``village`` or ``borough``. [LGL]"""
    partial: float = 1.5
    """A reading through part of a longer name: without its trailing generic word (``Mosul
    University``), the part after ``of`` (``Bank of Japan``) [LGL]; the part after ``Lake``
    (``Lake Manassas``), the town after a site word (``Robinson College Cambridge``) [GWN
    dev]."""
    head: float = 2.0
    """A reading that keeps only the first words of a name (``Arizona State University``
    read as ``Arizona``), plus ``head_dropped_word`` for each word that it drops. [LGL]"""
    head_dropped_word: float = 1.0
    """See ``head``. [LGL]"""
    demonym: float = 1.5
    """Taken off the penalty of the place that an adjective names (``Iraqi``), where
    demonyms are allowed. [LGL]"""
    beside_demonym: float = 1.0
    """The other places of a name that is read as a demonym. [LGL]"""
    preferred: float = 1.5
    """Taken off the penalty of the entry that the supplementary table says a name means in
    the news (its curated alias). [LGL]"""

    # --- namesake penalties: between the entries that share a name
    unit_of_town: float = 2.0
    """An admin unit around a town of at least ``UNIT_TOWN`` people whose own name the name is
    (``Kirkuk`` the province, not the town). [LGL]"""
    namesake: float = 2.0
    """A town under ``BIG_TOWN`` people where the name is the own name of a country,
    continent, region, water or landform, or of a first-level unit of at least
    ``BIG_UNIT_POPULATION`` (the towns called Florida or Greece), unless it is also the own
    name of a town of ``BIG_TOWN`` or more (Washington). [namesakes]"""
    alias_town: float = 1.0
    """A town that lists the name only among its other names, where other towns bear it
    (``Charleston`` is not Charlton, Massachusetts). [GWN dev]"""
    small_unit: float = 3.0
    """A first-level unit under ``SMALL_UNIT`` people where a town of the name is
    ``SMALL_UNIT_RATIO`` times its size or more (Saint Paul, not the parish of Antigua). [GWN
    dev + LGL]"""

    # --- the prior: kind, population, name
    penalty: float = 2.0
    """Score lost per unit of reading and namesake penalty. [LGL]"""
    prior_continent: float = 13.0
    """Prior of a continent (towns have none: their population decides). [LGL]"""
    prior_country: float = 11.0
    """Prior of a country. [LGL]"""
    prior_region: float = 11.0
    """Prior of a region (``Middle East``, ``Donbas``). [LGL]"""
    prior_water: float = 11.0
    """Prior of a river, lake or sea. [LGL]"""
    prior_landform: float = 10.0
    """Prior of a landform (mountains, islands, deltas). [LGL]"""
    prior_district: float = 10.0
    """Prior of a district of a town (supplementary table). [LGL]"""
    prior_camp: float = 10.0
    """Prior of a camp (supplementary table). [LGL]"""
    prior_landmark: float = 10.0
    """Prior of a landmark (supplementary table). [LGL]"""
    prior_admin1: float = 8.0
    """Prior of a first-level admin unit (a state, province). [LGL]"""
    prior_admin2: float = 3.0
    """Prior of a second-level admin unit (a county). [LGL]"""
    population: float = 1.25
    """Per order of magnitude of a town's population (``log10(population + 10)``). [LGL]"""
    unit_population: float = 0.4
    """The same for a country or an admin unit. [LGL]"""
    other_population: float = 0.25
    """The same for the other kinds (continents, regions, waters, landforms, districts, camps,
    landmarks). [LGL]"""
    supplementary: float = 2.0
    """An entry of the project's supplementary table: it names the sense that news means.
    [LGL]"""
    own_name: float = 2.0
    """The name is the entry's own name (or a curated alias), not one of its other names.
    [LGL]"""

    # --- cues in the text
    container: float = 12.0
    """A candidate inside a country or admin unit that the text names right after the name
    (``Paris, Texas``; ``Mosul, Iraq``). [LGL]"""
    container_itself: float = 4.0
    """Taken from the container itself (``New York, New York``: the first is the city). [LGL]"""
    dateline_town: float = 6.0
    """A town named by an upper-case dateline (``WASHINGTON (AP) -``). [namesakes]"""
    state_or_city: float = 4.0
    """The state or the city of a name shared by both (New York, Washington) that a cue points
    at (``upstate New York``, ``Trump's Washington``, ``lives in New York``). [GWN dev]"""
    named_after: float = 12.0
    """The town that a team, treaty or body is named after (``the Portland Trail Blazers``,
    ``the Venice Commission``). [GWN dev + LGL]"""
    focus_country: float = 4.5
    """A candidate in the document's focus country (given, or the dateline's). [LGL]"""
    dateline_near: float = 2.0
    """A point candidate less than ``DATELINE_NEAR_KM`` from the dateline's place. [LGL]"""
    coherent: float = 1.0
    """A point or second-level unit within ``COHERENT_KM`` of some reading of another name of
    the document, whatever the probabilities of either (``Paris`` and ``Henry County``: the
    Tennessee town in the Tennessee county). [LGL + GWN, 2026-12-08: 0.75 to 1.5 and 30 to 50
    km all gained on LGL and held on GeoWebNews; docs/evaluation.md]"""

    # --- support from the document's other names, by the current probabilities
    country: float = 9.0
    """A candidate's country, by the other names' probability mass in it over their number
    (at most one). [LGL]"""
    country_power: float = 0.5
    """Power of that share (support rises fast with the first names). [LGL]"""
    admin1: float = 6.0
    """A candidate's first-level unit, where the other names give it more than
    ``ADMIN1_SUPPORT`` of probability mass, by that mass over their number (at most one).
    [LGL]"""
    admin1_power: float = 0.5
    """Power of that share. [LGL]"""
    near: float = 6.0
    """A point or second-level unit, by the highest probability of another name's candidate
    within ``NEAR_KM``. [LGL]"""
    famous: float = 2.0
    """Taken per order of magnitude (beyond ``FAMOUS_GAP``) by which a town falls short of a
    namesake of ``FAMOUS_TOWN`` people or more, unless its own state or a nearby place
    supports it (``London``, Ohio). [GWN dev]"""
    country_mentioned: float = 2.5
    """A country candidate, by the names' probability mass in the country beyond
    ``COUNTRY_MENTIONED`` (at most one more). [LGL]"""
    admin1_mentioned: float = 2.5
    """A first-level unit in which the names have more than ``ADMIN1_MENTIONED`` of
    probability mass. [LGL]"""

    def kind_priors(self) -> dict[Kind, float]:
        """The prior of each kind but towns."""
        return {
            Kind.COUNTRY: self.prior_country,
            Kind.CONTINENT: self.prior_continent,
            Kind.ADMIN1: self.prior_admin1,
            Kind.REGION: self.prior_region,
            Kind.WATER: self.prior_water,
            Kind.LANDFORM: self.prior_landform,
            Kind.DISTRICT: self.prior_district,
            Kind.CAMP: self.prior_camp,
            Kind.LANDMARK: self.prior_landmark,
            Kind.ADMIN2: self.prior_admin2,
        }


WEIGHTS = Weights()

# --- populations
BIG_TOWN = 500_000
"""A town at least this big can be what a name shared with a country or state means (New York,
Washington: see ``Weights.state_or_city``); smaller towns give way to such namesakes
(``Weights.namesake``), and a site that an explicit cue puts in a town is not a smaller,
far-away town of its name (:mod:`eventwire.places.rules`). [namesakes]"""
UNIT_TOWN = 10_000
"""A town at least this big outranks the admin units of its name around it. [LGL]"""
BIG_UNIT_POPULATION = 1_000_000
"""A first-level unit at least this big outranks the small towns of its name. [namesakes]"""
SMALL_UNIT = 100_000
"""A first-level unit below this size ranks below a town of its name ``SMALL_UNIT_RATIO``
times its size or more (``Weights.small_unit``). [GWN dev + LGL]"""
SMALL_UNIT_RATIO = 5.0
"""See ``SMALL_UNIT``. [GWN dev + LGL]"""
FAMOUS_TOWN = 1_000_000
"""A town at least this big makes its much smaller namesakes pay ``Weights.famous``. [GWN
dev]"""
FAMOUS_GAP = 1.0
"""Orders of magnitude that a namesake may fall short of it without paying. [GWN dev]"""

# --- support from the document's other names
LENDING_SHARE = 0.05
"""A candidate with a smaller probability lends no support to the other names. [LGL]"""
ADMIN1_SUPPORT = 0.3
"""Probability mass that the other names must give a first-level unit before it counts (and
before it makes a town of it local, see ``Weights.famous``). [LGL]"""
NEAR_KM = 100.0
"""Distance within which another name's candidate is a nearby place. [LGL]"""
NEAR_LATITUDE = 2.5
"""Degrees of latitude beyond which no distance is computed: a quick bound (2.5 degrees are
farther than ``NEAR_KM``). [LGL]"""
NEAR_SUPPORT = 0.3
"""Probability of a nearby place that spares a town the famous-namesake penalty. [GWN dev]"""
COUNTRY_MENTIONED = 1.0
"""Support for a country beyond this raises the country itself. [LGL]"""
ADMIN1_MENTIONED = 1.3
"""Support for a first-level unit beyond this raises the unit itself. [LGL]"""
COHERENT_KM = 50.0
"""See ``Weights.coherent``. [LGL + GWN, 2026-12-08]"""
DATELINE_NEAR_KM = 300.0
"""Distance from the dateline's place within which a point candidate gains
``Weights.dateline_near``. [LGL]"""

# --- the answer
SAME_PLACE_KM = 50.0
"""Where the best candidate falls short of the minimum confidence, the shares of candidates
within this distance of it count as its own (``Rome`` the city and ``Roma`` the province).
[namesakes]"""
SAME_PLACE_SHARE = 0.01
"""Candidates with a smaller share do not count towards ``SAME_PLACE_KM``. [namesakes]"""
