"""A language pool at a location: how many people could do the work in a language, and how
deep that pool is against the seats to staff (the language criterion's kernel, also read by the
screen and by capability). Pure functions of one location's figures; the scorers in
:mod:`sourcing.engine.scorers` apply them to every location."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import pandas as pd

from sourcing.facts.languages import MIN_POOL_SHARE_PCT, language_name, primary, share_text

EPI_FLOOR, EPI_TOP = 400, 650
SPEAKERS_PER_SEAT = 20  # speakers in the labour force per seat to be staffed (see seats_needed)
POOL_DECADES = 4.0  # pool_depth reaches 100 at 10**4 × what the seats need
PROXY_CREDIT = 0.5  # a pool known only as learners (a proxy) earns half its depth: see language_fit
VARIETY_CREDIT = 0.5  # voice work in a variety, staffed by speakers of another: see language_fit


def _clip_one(x: float) -> float:
    return 100.0 * min(max(float(x), 0.0), 1.0)


def english_level(native: bool, epi) -> float | None:
    """English proficiency: 100 where English is the majority's first language; elsewhere EF
    EPI scaled 400 → 0 … 650 → 100 — official status alone never gives 100 (Rwanda, EPI 417,
    is graded as such); None = not measured."""
    if native:
        return 100.0
    if epi is None or pd.isna(epi):
        return None
    return _clip_one((float(epi) - EPI_FLOOR) / (EPI_TOP - EPI_FLOOR))


def seats_needed(fte: int) -> int:
    """Speakers a location's labour force must hold to staff ``fte`` seats in a language: of
    the people who speak it, few are free, willing and good enough at the moment of hiring
    (SPEAKERS_PER_SEAT, a stated assumption of the method)."""
    return fte * SPEAKERS_PER_SEAT


def pool_depth(speakers: float | None, fte: int) -> float | None:
    """0–100 on a log scale of speakers in the labour force against what the seats need:
    100 × clip(log10(speakers / (FTE × SPEAKERS_PER_SEAT)) / 4, 0, 1) — just enough → 0,
    10× → 25, 100× → 50, 1,000× → 75, 10,000× or more → 100 (for 50 FTE: 1,000 speakers → 0,
    10 million → 100)."""
    if speakers is None or not math.isfinite(speakers):
        return None
    ratio = speakers / seats_needed(fte)
    return 0.0 if ratio <= 1 else _clip_one(math.log10(ratio) / POOL_DECADES)


def _millions(people: float) -> str:
    if people >= 1e6:
        return f"{people / 1e6:.1f} m"
    return f"{people / 1e3:.0f} k" if people >= 1e3 else f"{people:.0f}"


@dataclass(frozen=True)
class LanguageFit:
    """One language at one location: its 0–100 part of the language score (None: no data),
    the speakers in the labour force who count as a hiring pool (None: unknown), whether the
    census share is a thin minority with no delivery evidence behind it, and the sentence
    saying which figures decided."""

    value: float | None
    speakers: float | None
    reason: str
    thin: bool = False


@functools.lru_cache(maxsize=8192)  # the same country, language and seats: the same answer
def language_fit(
    lang: str,
    pool,
    labour_force_m,
    native: bool,
    epi,
    fte: int,
    population_m=None,
    evidence=None,
    variety_ok: bool = True,
) -> LanguageFit:
    """How well a location can staff work in ``lang``.

    - The census pool (a :class:`sourcing.facts.languages.Pool`, None when no source records
      speakers) is the share of the labour force that speaks the language; it counts only at
      :data:`~sourcing.facts.languages.MIN_POOL_SHARE_PCT` of the population or more, or where
      delivery evidence shows an industry working in the language there (a thin minority
      alone is no hiring pool: it scores 0 and screens out required work).
    - Delivery evidence (:class:`sourcing.facts.delivery.Evidence`): each person it counts
      serving the market is worth SPEAKERS_PER_SEAT speakers (of speakers only one in twenty is
      free, willing and good enough at the moment of hiring; of people already doing the work,
      each is). A location it names without a count has a pool of unknown size: it is not
      screened out, and with no census pool its language part is unknown.
    - :func:`pool_depth` of the larger of the two; a pool counted only as learners (a proxy:
      learners are not yet speakers, and their level is unknown) earns PROXY_CREDIT (half) of
      its depth, so a measured pool of speakers beats a learner count of the same size.
    - English adds its proficiency (:func:`english_level`) as a second, equal part — except
      where delivery evidence counts people serving English-language customers there: an
      industry that hires on English shows its pool's level; a national average does not.
    - A variety asked for voice work (``fr-CA``, ``pt-PT``) where the location is not its home
      and no evidence documents that variety there (``variety_ok`` False) counts at
      VARIETY_CREDIT (half): callers hear the difference; written work takes any variety.
    """
    name = language_name(lang)
    lf = None if labour_force_m is None or pd.isna(labour_force_m) else float(labour_force_m)
    thin = pool is not None and pool.thin(population_m)
    counts = pool is not None and (not thin or evidence is not None)
    pool_speakers = pool.speakers(lf, population_m) if counts else None
    word = "learners" if pool is not None and pool.proxy else "speakers"
    said: list[str] = []
    if pool is not None:
        share = pool.share(population_m)
        if pool_speakers is not None:
            said.append(
                f"{_millions(pool_speakers)} {word}, {share_text(100 * share)} ({pool.cite()})"
            )
        elif thin:
            said.append(
                f"{share_text(100 * share)} {word} ({pool.cite()}), a minority below the "
                f"{MIN_POOL_SHARE_PCT:g} % of a hiring pool"
            )
    depths, speakers = [], pool_speakers
    if pool_speakers is not None and (depth := pool_depth(pool_speakers, fte)) is not None:
        depths.append(PROXY_CREDIT * depth if pool.proxy else depth)
        if pool.proxy:
            said.append("counted at half: learners, not speakers")
    if evidence is not None:
        said.append(evidence.brief())
        if evidence.people:  # people already doing the work: each one a hire the seats need
            proven = float(evidence.people) * SPEAKERS_PER_SEAT
            speakers = max(speakers or 0.0, proven)
            depths.append(pool_depth(proven, fte))
        elif speakers is None:  # named, not counted: a pool of unknown size, not a screen
            speakers = float(seats_needed(fte))
    depth = max(depths) if depths else None
    if primary(lang) == "en":
        level = english_level(native, epi)
        if native:
            said.insert(0, "native English")
        elif level is not None:
            said.insert(0, f"EF EPI {int(epi)}")
        if thin and evidence is None:
            depth = 0.0
        if evidence is not None and evidence.people and depth is not None and not native:
            # an industry counted serving English-language customers there hires on English:
            # the general population's proficiency (EF EPI) does not describe its pool (where
            # English is the majority's first language, that stays its level: 100)
            level = None
            said.append("proficiency shown by the industry already serving the market")
        parts = [p for p in (depth, level) if p is not None]
        value = sum(parts) / len(parts) if parts else None
    elif pool is None and evidence is None:
        value, said = 0.0, ["no source records speakers"]
    elif thin and evidence is None:
        value = 0.0
    elif depth is None and evidence is not None and evidence.niche and not evidence.people:
        value = 0.0  # a niche no census counts, no source sizes: a few desks, not a pool
        said.append("a niche there, no pool counted")
    else:
        value = depth  # None when only uncounted evidence speaks for it: unknown
    if not variety_ok and value is not None:
        value *= VARIETY_CREDIT
        said.append(f"speakers of another variety: counted at half for {name} voice work")
    reason = f"{name}: {', '.join(said)}" if said else f"{name}: no data"
    return LanguageFit(value, speakers, reason, thin and evidence is None)


def language_screen(
    lang: str, fit: LanguageFit, pool, evidence, population_m, fte: int
) -> tuple[str, str] | None:
    """Why a *required* language rules a location out — (the reason, the group it is summarised
    under) — or None: no source records speakers (and none documents delivery); the speakers
    are a thin minority with no documented delivery; or the pool cannot staff the seats."""
    needed = seats_needed(fte)
    said = f"required language {language_name(lang)}"
    if primary(lang) != "en" and pool is None and evidence is None:
        return f"{said}: no source records speakers", f"{said}: no speakers"
    if primary(lang) != "en" and fit.thin:
        share = share_text(100 * pool.share(population_m))
        return (
            f"{said}: {share} of the population speak it, below the "
            f"{MIN_POOL_SHARE_PCT:g} % of a hiring pool, and no source documents delivery in it "
            "there",
            f"{said}: a minority, no documented delivery",
        )
    if fit.speakers is not None and fit.speakers < needed:
        return (
            f"{said}: {fit.speakers:,.0f} speakers in the labour force < {needed:,} needed "
            f"({fte:,} FTE × {needed // fte})",
            f"{said}: pool too small for the FTE",
        )
    return None
