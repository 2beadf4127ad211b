"""Vendor pricing models: per FTE, per transaction or on outcomes, for the same work.

A vendor may bill outsourced work in three ways. For the same monthly volume this module prices
each of them, says which is cheapest and where the break-even volume between per-FTE and
per-transaction pricing lies.

* **FTE** (``"fte"``): whole FTEs a month, ``ceil(fte_at(volume))`` × the price per FTE-month.
  The price per FTE-month is derived, unless you set it, as the loaded cost per hour ×
  productive hours per FTE-month (productive hours a year / 12) × (1 + the vendor's margin).
* **Transactional** (``"transactional"``): volume × the price per transaction. Derived, unless you
  set it, so that at the *planned* volume it earns the vendor the same margin on the same
  loaded cost: price per FTE-month × FTE needed at the planned volume (unrounded: the vendor's
  cost for the work) / the planned volume. At the planned volume it therefore equals the FTE
  bill when the FTE needed is a whole number, and is below it otherwise (the FTE bill rounds up).
* **Outcome** (``"outcome"``): a base fee of ``outcome_base_share`` × the FTE bill every month,
  plus a success fee of ``outcome_success_fee_share`` × the FTE bill in each month the target
  (CSAT, NPS, SLA …) is met. The expected month pays the success fee with
  ``outcome_probability``; the best case (for the buyer) never pays it, the worst case always.

The break-even volume is where transactional pricing costs the same as FTE pricing. The FTE bill
is a step function of volume (whole FTEs) and the transaction bill a straight line, so the two
can cross many times (a saw-tooth); the break-even reported is the smallest volume *above which*
FTE pricing is cheaper at every volume checked, between 1 and 10 × the planned volume, or
``None`` when there is none in that range (see :func:`break_even`).

Volumes and prices are constant month after month: wage inflation and price indexation are the
TCO's business (``sourcing.operating.costs``), not this module's, so the yearly figures are the
monthly ones times the months in the year.

Pure Python: no streamlit. The margin and the outcome shares are assumptions the user edits, not
facts: set your vendor's.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from sourcing.model.records import PricingInputs, Volumes
from sourcing.operating.staffing import staff

MODELS = ("fte", "transactional", "outcome")  # also the order ties are broken in
LABELS = {"fte": "FTE", "transactional": "transactional", "outcome": "outcome"}
RANGE_FACTOR = 10  # the break-even search runs from 1 to RANGE_FACTOR × the planned volume
# FTE levels the exact break-even walk steps down at most: a large operation whose two bills run
# nearly parallel (5 million contacts a month: 10,000 levels) would take minutes; past this the
# answer is the lowest volume checked, from which FTE pricing is cheaper all the way up (said so)
MAX_WALK_STEPS = 2_000
_FTE_DECIMALS = 9  # FTE rounded to this before rounding up, so float noise bills no extra FTE
_REL_TOL = 1e-9  # relative tolerance: costs this close are equal; the break-even's resolution

TABLE_COLUMNS = [
    "model", "monthly_usd", "monthly_low_usd", "monthly_high_usd", "total_usd", "low_usd",
    "high_usd", "unit_price_usd", "unit", "basis",
]  # fmt: skip
YEARLY_COLUMNS = ["year", "model", "months", "cost_usd", "low_usd", "high_usd"]


@dataclass(frozen=True)
class PricingComparison:
    """The three pricing models for one monthly volume.

    ``table``: one row per model (``TABLE_COLUMNS``): the expected monthly cost, the best
    (``low``) and worst (``high``) month, the totals over the months, the unit price and its
    basis in words. Only the outcome model has a range: best = success fee never paid, worst =
    always paid; the other two are exact (low = high = expected).
    ``yearly``: long, year × model (``YEARLY_COLUMNS``), constant volume and prices.
    ``cheapest``: the model with the lowest expected monthly cost (to the cent; a tie goes to
    the first in ``MODELS`` and ``cheapest_tied`` lists all the tied ones).
    ``break_even_per_month``: the volume above which FTE pricing is cheaper than transactional
    pricing, or None (see :func:`break_even`), searched over ``break_even_range``.
    """

    table: pd.DataFrame
    yearly: pd.DataFrame
    cheapest: str
    cheapest_tied: tuple[str, ...]
    break_even_per_month: float | None
    break_even_range: tuple[float, float]
    volumes_per_month: float
    planned_per_month: float
    months: int
    fte_needed: float
    fte_billed: int
    price_per_fte_month_usd: float
    price_per_transaction_usd: float
    explain: str
    note: str = (
        "Constant volume and prices every month: wage inflation and price indexation are the "
        "TCO's business, not this comparison's."
    )


# --- checks -----------------------------------------------------------------------------------


def _number(name: str, value: float, low: float = 0.0, high: float = math.inf, what="") -> float:
    """``value`` as a float, above ``low`` and at most ``high``, or a ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number{what}, got {value!r}")
    if not low < value <= high:
        top = "" if high == math.inf else f" and at most {high:g}"
        raise ValueError(f"{name} must be above {low:g}{top}{what}, got {value:g}")
    return float(value)


def _whole_fte(fte_at: Callable[[float], float], volume: float) -> tuple[float, int]:
    """(FTE needed, whole FTEs billed) at ``volume``: the FTE rounded up, after rounding it to
    9 decimals so that float noise (12.000000000000002) bills no phantom FTE."""
    fte = fte_at(volume)
    if isinstance(fte, bool) or not isinstance(fte, int | float) or not math.isfinite(fte):
        raise ValueError(f"fte_at({volume:g}) must return a finite number of FTE, got {fte!r}")
    if fte < 0:
        raise ValueError(f"fte_at({volume:g}) must not be negative, got {fte:g}")
    return float(fte), math.ceil(round(fte, _FTE_DECIMALS))


# --- the break-even ---------------------------------------------------------------------------


def break_even(
    fte_at: Callable[[float], float],
    price_per_fte_month_usd: float,
    price_per_transaction_usd: float,
    low: float,
    high: float,
) -> float | None:
    """The smallest volume in [``low``, ``high``] above which FTE pricing
    (``ceil(fte_at(v))`` × FTE price) is cheaper than transactional pricing (v × transaction
    price) at every volume up to ``high``; None when FTE pricing is not cheaper at ``high``
    (transactional is cheaper or equal there) or when it is cheaper at every volume from ``low``.

    ``fte_at`` must not decrease as the volume grows. The search walks down from ``high`` one FTE
    level at a time, exactly: at the top, the bill is K whole FTEs; the transaction bill equals
    K FTE at v = K × FTE price / transaction price. If the FTE bill is still K just below v, the
    two cross there and v is the break-even (above it, up to the top, FTE pricing bills at most
    K FTE while the transaction bill exceeds them). If it is fewer FTE, FTE pricing is cheaper
    there too, and the walk continues from just below v with that level. Each step drops at least
    one FTE, so it ends; the FTE bill is sampled only at the candidate points, so a saw-tooth of
    many crossings costs nothing extra. "Just below" is 1e-9 of the volume below; costs within
    1e-9 of each other count as equal. After :data:`MAX_WALK_STEPS` levels the walk stops and
    returns the lowest volume it reached: FTE pricing is cheaper from there all the way up, and
    the exact break-even lies below it.
    """
    return _break_even(fte_at, price_per_fte_month_usd, price_per_transaction_usd, low, high)[0]


def _break_even(
    fte_at: Callable[[float], float],
    price_per_fte_month_usd: float,
    price_per_transaction_usd: float,
    low: float,
    high: float,
) -> tuple[float | None, str]:
    """(:func:`break_even`, why): "crossing", "search stopped" (after MAX_WALK_STEPS levels:
    the volume returned is the lowest checked, from which FTE pricing is cheaper all the way
    up), "fte cheaper throughout" (FTE pricing is cheaper
    at every volume in the range) or "transactional at top" (not dearer at ``high``)."""
    fte_price = _number("price_per_fte_month_usd", price_per_fte_month_usd)
    unit_price = _number("price_per_transaction_usd", price_per_transaction_usd)
    low = _number("low", low)
    high = _number("high", high)
    if high < low:
        raise ValueError(f"high must be at least low ({low:g}), got {high:g}")
    x = high
    level = _whole_fte(fte_at, x)[1]
    if not level * fte_price < x * unit_price * (1 - _REL_TOL):
        return None, "transactional at top"
    for _ in range(MAX_WALK_STEPS):
        crossing = level * fte_price / unit_price  # where the transaction bill is `level` FTE
        if crossing < low:
            return None, "fte cheaper throughout"
        below = crossing * (1 - _REL_TOL)
        level_below = _whole_fte(fte_at, below)[1]
        if level_below > level:
            raise ValueError(
                f"fte_at must not decrease as the volume grows: {level} FTE at {x:g} a month but "
                f"{level_below} at {below:g}"
            )
        if level_below == level:
            return crossing, "crossing"
        x, level = below, level_below
    # FTE pricing is cheaper at every volume from x up (the walk's invariant); the exact
    # break-even lies lower, where the two bills stay within a hair of each other level by level
    return x, "search stopped"


# --- the comparison ---------------------------------------------------------------------------


def _plural(unit: str) -> str:
    return unit if unit.endswith("s") else unit + "s"


def _usd(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def _yearly(monthly: dict[str, tuple[float, float, float]], months: int) -> pd.DataFrame:
    rows = []
    for year in range(1, math.ceil(months / 12) + 1):
        in_year = min(12, months - 12 * (year - 1))
        for model in MODELS:
            mid, lo, hi = monthly[model]
            rows.append([year, model, in_year, mid * in_year, lo * in_year, hi * in_year])
    return pd.DataFrame(rows, columns=YEARLY_COLUMNS).round(2)


def compare_pricing(
    volumes_per_month: float,
    fte_at: Callable[[float], float],
    cost_usd_hr: float,
    productive_hours_per_fte_year: float,
    months: int,
    inputs: PricingInputs | None = None,
    planned_per_month: float | None = None,
    unit: str = "transaction",
) -> PricingComparison:
    """The FTE, transactional and outcome pricing of ``volumes_per_month`` for ``months`` months.

    ``fte_at(v)``: the FTE the work needs at monthly volume v (e.g. :func:`fte_for`, which wraps
    ``staffing.staff``); it must not decrease as v grows. ``cost_usd_hr``: the loaded cost per
    hour at the location (the ranked table's ``cost_usd_hr``). ``planned_per_month``: the volume
    the per-transaction price is derived at (default: ``volumes_per_month``); the break-even is
    searched from 1 to 10 × it. ``unit``: what one transaction is ("contact", "item"), for the
    words only. The formulas are in the module docstring. Bad inputs raise ValueError naming the
    input and its range.
    """
    inputs = PricingInputs() if inputs is None else inputs
    if not isinstance(inputs, PricingInputs):
        raise ValueError(f"inputs must be a PricingInputs, got {type(inputs).__name__}")
    volume = _number("volumes_per_month", volumes_per_month, what=" (a month)")
    rate = _number("cost_usd_hr", cost_usd_hr, what=" (loaded cost per hour, USD)")
    hours_year = _number("productive_hours_per_fte_year", productive_hours_per_fte_year, high=3_000)
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 1_200:
        raise ValueError(f"months must be a whole number from 1 to 1200, got {months!r}")
    planned = volume if planned_per_month is None else planned_per_month
    planned = _number("planned_per_month", planned, what=" (a month)")
    if not callable(fte_at):
        raise ValueError("fte_at must be a function of the monthly volume giving the FTE")
    if not isinstance(unit, str) or not unit.strip():
        raise ValueError("unit must be a word such as 'contact' or 'item'")
    unit = unit.strip()
    units = _plural(unit)
    margin = inputs.vendor_margin_pct

    # the unit prices
    hours_month = hours_year / 12  # productive hours in an FTE-month
    if inputs.price_per_fte_month_usd is None:
        fte_price = rate * hours_month * (1 + margin / 100)
        fte_basis = (
            f"derived: {rate:,.2f} USD/h loaded cost × {hours_month:,.4g} productive h per "
            f"FTE-month × (1 + {margin:g}% margin)"
        )
    else:
        fte_price = inputs.price_per_fte_month_usd
        fte_basis = "set by you"
    planned_fte = _whole_fte(fte_at, planned)[0]
    if inputs.price_per_transaction_usd is None:
        if planned_fte <= 0:
            raise ValueError(
                f"fte_at({planned:g}) is 0 FTE: the price per {unit} cannot be derived from the "
                "planned volume; set price_per_transaction_usd"
            )
        unit_price = fte_price * planned_fte / planned
        unit_basis = (
            f"derived: {_usd(fte_price)} USD per FTE-month × {planned_fte:,.4g} FTE needed at "
            f"the planned {planned:,.0f} {units} a month ÷ {planned:,.0f}"
        )
    else:
        unit_price = inputs.price_per_transaction_usd
        unit_basis = "set by you"

    # the monthly bills
    fte_needed, fte_billed = _whole_fte(fte_at, volume)
    fte_bill = fte_billed * fte_price
    factor = inputs.outcome_factor
    base, fee, p = (
        inputs.outcome_base_share,
        inputs.outcome_success_fee_share,
        inputs.outcome_probability,
    )
    monthly = {
        "fte": (fte_bill, fte_bill, fte_bill),
        "transactional": (volume * unit_price,) * 3,
        "outcome": (fte_bill * factor, fte_bill * base, fte_bill * (base + fee)),
    }
    outcome_basis = (
        f"{_pct(base)} base fee + {_pct(fee)} success fee in the {_pct(p)} of months the target "
        f"is met = {_pct(factor)} of the FTE bill ({fte_billed:,} FTE × {_usd(fte_price)} USD)"
    )
    rows = [
        ["fte", *monthly["fte"], fte_price, "FTE-month",
         f"{fte_basis}; {fte_billed:,} whole FTE billed ({fte_needed:,.4g} needed)"],
        ["transactional", *monthly["transactional"], unit_price, unit, unit_basis],
        ["outcome", *monthly["outcome"], fte_price * factor, "FTE-month (expected)",
         outcome_basis],
    ]  # fmt: skip
    table = pd.DataFrame(
        [
            [m, mid, lo, hi, mid * months, lo * months, hi * months, price, per, basis]
            for m, mid, lo, hi, price, per, basis in rows
        ],
        columns=TABLE_COLUMNS,
    )
    money = [c for c in TABLE_COLUMNS if c.endswith("_usd") and c != "unit_price_usd"]
    table[money] = table[money].round(2)
    table["unit_price_usd"] = table["unit_price_usd"].round(4)

    cents = dict(zip(table["model"], table["monthly_usd"], strict=True))
    least = min(cents.values())
    tied = tuple(m for m in MODELS if cents[m] == least)
    cheapest = tied[0]

    search = (1.0, RANGE_FACTOR * planned)
    even, why = _break_even(fte_at, fte_price, unit_price, *search)
    if even is not None:
        even = round(even, 2)

    explain = _explain(volume, unit, unit_price, table, tied, fte_billed, even, why, search, inputs)
    return PricingComparison(
        table=table,
        yearly=_yearly(monthly, months),
        cheapest=cheapest,
        cheapest_tied=tied,
        break_even_per_month=even,
        break_even_range=search,
        volumes_per_month=volume,
        planned_per_month=planned,
        months=months,
        fte_needed=fte_needed,
        fte_billed=fte_billed,
        price_per_fte_month_usd=fte_price,
        price_per_transaction_usd=unit_price,
        explain=explain,
    )


def _price(value: float) -> str:
    """A unit price in words: whole dollars from 100, cents from 1, else 3 significant digits."""
    return _usd(value) if value >= 1 else f"{value:.3g}"


def _pct(share: float) -> str:
    return f"{share * 100:.4g}%"


def _explain(
    volume: float,
    unit: str,
    unit_price: float,
    table: pd.DataFrame,
    tied: tuple[str, ...],
    fte_billed: int,
    even: float | None,
    why: str,
    search: tuple[float, float],
    inputs: PricingInputs,
) -> str:
    """Three plain sentences: the cheapest model, the break-even, the outcome model."""
    units = _plural(unit)
    rows = table.set_index("model")
    cents = rows["monthly_usd"].to_dict()
    outcome = rows.loc["outcome"]
    detail = {
        "fte": f" ({fte_billed:,} whole FTE)",
        "transactional": f" ({_price(unit_price)} USD per {unit})",
        "outcome": f" ({_usd(outcome['monthly_low_usd'])}–{_usd(outcome['monthly_high_usd'])} "
        "as the success fee is never or always paid)",
    }
    usd = {m: f"{_usd(cents[m])} USD" + (" expected" if m == "outcome" else "") for m in MODELS}
    bill = {m: f"{usd[m]} for {LABELS[m]} pricing{detail[m]}" for m in MODELS}
    rest = " and ".join(bill[m] for m in MODELS if m not in tied)
    against = f", against {rest}" if rest else ""
    at = f"At {volume:,.0f} {units} a month"
    if len(tied) == 1:
        best = tied[0]
        first = (
            f"{at}, {LABELS[best]} pricing is cheapest at {usd[best]} a month{detail[best]}"
            f"{against}."
        )
    else:
        names = " and ".join(LABELS[m] for m in tied)
        first = f"{at}, {names} pricing tie as cheapest at {usd[tied[0]]} a month{against}."
    top = (
        f"{search[1]:,.0f} a month, the end of the range checked ({RANGE_FACTOR}× the planned "
        f"{search[1] / RANGE_FACTOR:,.0f})"
    )
    if even is not None and why == "search stopped":
        second = (
            f"FTE pricing is cheaper than transactional pricing at every volume from "
            f"{even:,.0f} {units} a month up to {top}; the exact break-even lies lower (the "
            f"search stopped after {MAX_WALK_STEPS:,} FTE levels: the two bills run within one "
            "FTE of each other over a wide range)."
        )
    elif even is not None:
        second = (
            f"FTE pricing becomes cheaper than transactional pricing above {even:,.0f} {units} "
            f"a month and stays cheaper up to {top}."
        )
    elif why == "fte cheaper throughout":
        second = (
            f"FTE pricing is cheaper than transactional pricing at every volume from 1 up to "
            f"{top}, so there is no break-even."
        )
    else:
        second = (
            f"There is no break-even: up to {top}, FTE pricing never becomes lastingly cheaper "
            "than transactional pricing."
        )
    factor = inputs.outcome_factor
    if math.isclose(factor, 1, rel_tol=1e-12):
        how = "costs the same as"
    else:
        how = "costs more than" if factor > 1 else "costs less than"
    third = (
        f"Outcome pricing expects {_pct(factor)} of the FTE bill "
        f"({_pct(inputs.outcome_base_share)} base fee + {_pct(inputs.outcome_probability)} × "
        f"{_pct(inputs.outcome_success_fee_share)} success fee), so it {how} FTE pricing at every "
        "volume."
    )
    return " ".join([first, second, third])


def fte_for(
    volumes: Volumes,
    pattern: Sequence[float],
    hours_per_fte_week: float = 40.0,
    open_hours: Sequence[bool] | None = None,
) -> Callable[[float], float]:
    """``fte_at`` for :func:`compare_pricing`: the FTE ``staffing.staff`` gives for ``volumes``
    (kind, handle time, service level, shrinkage …) at another monthly volume, arriving in
    ``pattern``. Results are cached, as the break-even search asks for many volumes."""
    if not isinstance(volumes, Volumes):
        raise ValueError(f"volumes must be a Volumes, got {type(volumes).__name__}")
    pattern = tuple(pattern)
    hours = tuple(open_hours) if open_hours is not None else None
    fields = volumes.model_dump()

    @lru_cache(maxsize=4096)
    def fte_at(per_month: float) -> float:
        # the search's own volumes (up to RANGE_FACTOR × the planned one) may pass the ceilings
        # a user's input has (they bound what a link can ask, not what the search probes)
        at = Volumes.model_construct(**{**fields, "per_month": float(per_month)})
        return staff(at, pattern, hours_per_fte_week, hours).fte

    staff(volumes, pattern, hours_per_fte_week, hours)  # check the pattern etc. now, not later
    return fte_at
