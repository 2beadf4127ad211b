"""Vendor pricing models: hand-computed bills for each model, the whole-FTE step, the break-even
on step functions worked on paper, the cheapest model, properties and the validation messages.

Common hand figures: a loaded cost of 10 USD/h and 1,800 productive hours a year give
1,800 / 12 = 150 productive hours an FTE-month; with the vendor's 20 % margin the FTE price is
10 × 150 × 1.2 = 1,800 USD per FTE-month.
"""

import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sourcing.model.records import PricingInputs, Volumes
from sourcing.operating.pricing import (
    MODELS,
    TABLE_COLUMNS,
    YEARLY_COLUMNS,
    PricingComparison,
    break_even,
    compare_pricing,
    fte_for,
)
from sourcing.operating.staffing import pattern_for, staff

ROOT = Path(__file__).resolve().parent.parent
FTE_PRICE = 1_800.0  # 10 USD/h × 150 h × 1.2


def linear(v: float) -> float:
    """1,000 a month per FTE: no economies of scale."""
    return v / 1000


def root(v: float) -> float:
    """FTE = √v / 10: 10 FTE at 10,000 a month, economies of scale above."""
    return math.sqrt(v) / 10


def compare(volume, fte_at=linear, months=12, inputs=None, **kw) -> PricingComparison:
    return compare_pricing(volume, fte_at, 10.0, 1_800.0, months, inputs or PricingInputs(), **kw)


def row(result: PricingComparison, model: str) -> dict:
    return result.table.set_index("model").loc[model].to_dict()


# --- hand-computed bills, model by model -------------------------------------------------------


def test_each_model_hand_computed_at_the_planned_volume():
    """12,000 contacts a month, FTE = v / 1,000 → 12 FTE (whole).

    FTE: 12 × 1,800 = 21,600 a month. Transactional, derived at the planned 12,000:
    1,800 × 12 / 12,000 = 1.80 a contact → 12,000 × 1.80 = 21,600. Outcome: 80 % base + 70 % ×
    30 % success fee = 1.01 of the FTE bill → 21,816 expected; best case (never paid) 0.8 ×
    21,600 = 17,280; worst (always paid) 1.1 × 21,600 = 23,760. Over 24 months: 518,400,
    518,400 and 523,584 (low 414,720, high 570,240).
    """
    r = compare(12_000, months=24, unit="contact")
    assert list(r.table.columns) == TABLE_COLUMNS
    assert list(r.table["model"]) == list(MODELS)
    assert r.price_per_fte_month_usd == pytest.approx(1_800)
    assert r.price_per_transaction_usd == pytest.approx(1.80)
    assert (r.fte_needed, r.fte_billed) == (12.0, 12)

    fte = row(r, "fte")
    assert fte["monthly_usd"] == fte["monthly_low_usd"] == fte["monthly_high_usd"] == 21_600
    assert fte["total_usd"] == fte["low_usd"] == fte["high_usd"] == 518_400
    assert fte["unit_price_usd"] == 1_800
    assert fte["unit"] == "FTE-month"
    assert "10.00 USD/h" in fte["basis"] and "150 productive h" in fte["basis"]
    assert "20% margin" in fte["basis"] and "12 whole FTE billed" in fte["basis"]

    tx = row(r, "transactional")
    assert tx["monthly_usd"] == tx["monthly_low_usd"] == tx["monthly_high_usd"] == 21_600
    assert tx["total_usd"] == 518_400
    assert tx["unit_price_usd"] == 1.8
    assert tx["unit"] == "contact"
    assert "12 FTE needed at the planned 12,000 contacts" in tx["basis"]

    out = row(r, "outcome")
    assert out["monthly_usd"] == 21_816
    assert (out["monthly_low_usd"], out["monthly_high_usd"]) == (17_280, 23_760)
    assert (out["total_usd"], out["low_usd"], out["high_usd"]) == (523_584, 414_720, 570_240)
    assert out["unit_price_usd"] == 1_818  # 1,800 × 1.01 per FTE-month, expected
    assert "= 101% of the FTE bill" in out["basis"]

    # a tie to the cent: the first in MODELS is named, both are listed
    assert r.cheapest == "fte"
    assert r.cheapest_tied == ("fte", "transactional")
    assert "FTE and transactional pricing tie as cheapest at 21,600 USD a month" in r.explain
    assert "21,816 USD expected for outcome pricing (17,280–23,760" in r.explain


def test_the_whole_fte_step():
    """12,001 contacts → 12.001 FTE → 13 whole FTE billed: 13 × 1,800 = 23,400 a month.
    The transaction price stays derived at the planned 12,000 (1.80): 12,001 × 1.80 =
    21,601.80. Outcome: 1.01 × 23,400 = 23,634 (18,720–25,740). Transactional is cheapest."""
    r = compare(12_001, planned_per_month=12_000, unit="contact")
    assert (r.fte_needed, r.fte_billed) == (12.001, 13)
    assert row(r, "fte")["monthly_usd"] == 23_400
    assert row(r, "transactional")["monthly_usd"] == 21_601.80
    out = row(r, "outcome")
    assert (out["monthly_usd"], out["monthly_low_usd"], out["monthly_high_usd"]) == (
        23_634,
        18_720,
        25_740,
    )
    assert r.cheapest == "transactional" and r.cheapest_tied == ("transactional",)
    assert r.explain.startswith(
        "At 12,001 contacts a month, transactional pricing is cheapest at 21,602 USD a month "
        "(1.80 USD per contact), against 23,400 USD for FTE pricing (13 whole FTE)"
    )


def test_float_noise_bills_no_phantom_fte():
    """0.1 × 3 × 30,000 / 300 is 30.000000000000007 in floating point: billed as 30 FTE."""
    r = compare(30_000, fte_at=lambda v: 0.1 * 3 * v / 300)
    assert r.fte_needed > 30
    assert r.fte_billed == 30


def test_margin_and_price_overrides():
    """Margin 0 % → 10 × 150 = 1,500 per FTE-month; at 12,000 (12 FTE): 18,000, and the derived
    transaction price 1,500 × 12 / 12,000 = 1.50. An FTE price set to 2,000 ignores the margin
    and carries into the derived transaction price: 2,000 × 12 / 12,000 = 2.00 → 24,000 a
    month; the outcome model is 1.01 × 24,000 = 24,240. A transaction price set to 1.50 gives
    12,000 × 1.50 = 18,000 and leaves the FTE price derived (21,600)."""
    r = compare(12_000, inputs=PricingInputs(vendor_margin_pct=0))
    assert r.price_per_fte_month_usd == 1_500
    assert r.price_per_transaction_usd == pytest.approx(1.50)
    assert row(r, "fte")["monthly_usd"] == 18_000

    r = compare(12_000, inputs=PricingInputs(vendor_margin_pct=50, price_per_fte_month_usd=2_000))
    assert r.price_per_fte_month_usd == 2_000
    assert r.price_per_transaction_usd == pytest.approx(2.0)
    assert row(r, "fte")["basis"].startswith("set by you")
    assert row(r, "transactional")["monthly_usd"] == 24_000
    assert row(r, "outcome")["monthly_usd"] == 24_240

    r = compare(12_000, inputs=PricingInputs(price_per_transaction_usd=1.5))
    assert row(r, "transactional")["monthly_usd"] == 18_000
    assert row(r, "transactional")["basis"] == "set by you"
    assert row(r, "fte")["monthly_usd"] == 21_600
    assert r.cheapest == "transactional"


def test_outcome_pricing_cheapest_when_its_expected_share_is_below_one():
    """Base 70 %: 0.7 + 0.7 × 0.3 = 0.91 of the FTE bill → 0.91 × 21,600 = 19,656 expected
    (0.7 × 21,600 = 15,120 to 1.0 × 21,600 = 21,600): cheaper than 21,600 for the other two."""
    r = compare(12_000, inputs=PricingInputs(outcome_base_share=0.7))
    out = row(r, "outcome")
    assert (out["monthly_usd"], out["monthly_low_usd"], out["monthly_high_usd"]) == (
        19_656,
        15_120,
        21_600,
    )
    assert r.cheapest == "outcome"
    assert "outcome pricing is cheapest at 19,656 USD expected a month" in r.explain
    assert "expects 91% of the FTE bill" in r.explain
    assert "costs less than FTE pricing at every volume" in r.explain


def test_yearly_constant_volume_and_a_part_year():
    """18 months at 12,000 → year 1: 12 × 21,600 = 259,200 (outcome 12 × 21,816 = 261,792);
    year 2 has 6 months: 129,600 (outcome 130,896; 6 × 17,280 = 103,680 to 6 × 23,760 =
    142,560). No wage inflation: that is the TCO's business, and the note says so."""
    r = compare(12_000, months=18)
    y = r.yearly
    assert list(y.columns) == YEARLY_COLUMNS
    assert len(y) == 2 * len(MODELS)
    by = y.set_index(["year", "model"])
    assert by.loc[(1, "fte"), "cost_usd"] == 259_200
    assert by.loc[(1, "outcome"), "cost_usd"] == 261_792
    assert by.loc[(2, "fte"), "months"] == 6
    assert by.loc[(2, "transactional"), "cost_usd"] == 129_600
    assert tuple(by.loc[(2, "outcome"), ["cost_usd", "low_usd", "high_usd"]]) == (
        130_896,
        103_680,
        142_560,
    )
    totals = y.groupby("model")["cost_usd"].sum()
    for model in MODELS:
        assert totals[model] == pytest.approx(row(r, model)["total_usd"])
    assert "wage inflation" in r.note and "TCO" in r.note


# --- the break-even -----------------------------------------------------------------------------


def test_break_even_hand_computed_on_a_square_root_step():
    """FTE = √v / 10, planned 10,000 a month (10 FTE) → transaction price 1,800 × 10 / 10,000 =
    1.80. In FTE prices: transactional = v / 1,000, FTE = ceil(√v / 10).

    Write s = √v / 10, so transactional = s² / 10. FTE pricing is cheaper when s² / 10 >
    ceil(s). For s ≤ 10, s² / 10 ≤ s ≤ ceil(s): never. For 10 < s ≤ 11 (ceil 11): when s² > 110,
    i.e. v = 100 s² > 11,000. For s > 11, s² / 10 > 12.1 > s + 1 ≥ ceil(s) as long as s² − 10 s −
    10 > 0, i.e. s > 10.92: always. So FTE pricing becomes cheaper above 11,000 a month — where
    11 FTE cost 19,800 = 11,000 × 1.80 — and stays cheaper up to 100,000 (10 × planned);
    below it transactional is cheaper (or equal, at 10,000: 10 FTE = 18,000 = 10,000 × 1.80).

    At 12,000: √12,000 / 10 = 10.95 → 11 FTE = 19,800; transactional 12,000 × 1.80 = 21,600;
    outcome 1.01 × 19,800 = 19,998. FTE is cheapest.
    """
    r = compare(12_000, fte_at=root, planned_per_month=10_000)
    assert r.price_per_transaction_usd == pytest.approx(1.80)
    assert r.break_even_per_month == 11_000
    assert r.break_even_range == (1.0, 100_000.0)
    assert row(r, "fte")["monthly_usd"] == 19_800
    assert row(r, "transactional")["monthly_usd"] == 21_600
    assert row(r, "outcome")["monthly_usd"] == 19_998
    assert r.cheapest == "fte"
    assert (
        "FTE pricing becomes cheaper than transactional pricing above 11,000 transactions a "
        "month and stays cheaper up to 100,000 a month" in r.explain
    )
    # the same from the break-even function alone, and a check on both sides
    assert break_even(root, 1_800, 1.8, 1, 100_000) == pytest.approx(11_000)
    assert 1_800 * math.ceil(root(11_001)) < 1.8 * 11_001
    assert 1_800 * math.ceil(root(10_999)) > 1.8 * 10_999


def test_break_even_is_the_last_crossing_of_a_saw_tooth():
    """FTE = v / 1,000 and a transaction price set to 1.85 (FTE price 1,800).

    In the step (1,000 (k − 1), 1,000 k] the FTE bill is 1,800 k and the transaction bill
    1.85 v, so FTE pricing is cheaper there once v > 1,800 k / 1.85 = 972.97 k — a window at the
    top of every step while 972.97 k < 1,000 k (a saw-tooth: cheaper, dearer, cheaper …). The
    window covers the whole next step once its start, 1,800 (k + 1) / 1.85, is at or below the
    step's start 1,000 k, i.e. k ≥ 36: 1,800 × 37 / 1.85 = 36,000 exactly. So from the crossing
    in the step k = 36 on, FTE pricing is always cheaper: the break-even is 1,800 × 36 / 1.85 =
    35,027.03 a month. Just below it (35,001 … 35,027: 36 FTE = 64,800 against at most
    64,799.95) transactional is cheaper, though lower down FTE pricing is cheaper too in the
    windows: at 35,000 (35 FTE = 63,000 against 64,750) and at 12,000 (1,800 × 12 = 21,600
    against 1.85 × 12,000 = 22,200).
    """
    r = compare(12_000, inputs=PricingInputs(price_per_transaction_usd=1.85))
    assert r.break_even_per_month == pytest.approx(35_027.03)
    assert r.cheapest == "fte"
    assert row(r, "transactional")["monthly_usd"] == 22_200
    for v in (35_001, 35_027):  # transactional cheaper just below
        assert 1.85 * v < 1_800 * math.ceil(v / 1000)
    assert 1_800 * 35 < 1.85 * 35_000  # a window lower down
    for v in (35_028, 36_000, 36_000.5, 50_000, 119_999):  # FTE cheaper above
        assert 1_800 * math.ceil(v / 1000) < 1.85 * v
    assert "above 35,027 transactions a month" in r.explain


def test_no_break_even_when_transactional_is_never_dearer():
    """FTE = v / 1,000 and the derived 1.80 a transaction: the transaction bill v × 1.80 is
    1,800 × v / 1,000 ≤ 1,800 × ceil(v / 1,000) at every volume: FTE pricing is never cheaper."""
    r = compare(12_000)
    assert r.break_even_per_month is None
    assert "There is no break-even: up to 120,000 a month" in r.explain


def test_no_break_even_when_fte_pricing_is_cheaper_throughout():
    """A transaction price of 5,000 USD: at 1 a month that is 5,000 against one FTE at 1,800,
    so FTE pricing is cheaper at every volume from 1 up: no crossing in the range."""
    r = compare(12_000, inputs=PricingInputs(price_per_transaction_usd=5_000))
    assert r.break_even_per_month is None
    assert "cheaper than transactional pricing at every volume from 1 up to 120,000" in r.explain


def test_break_even_low_crossing():
    """5.00 a transaction: transactional = 5 v against 1,800 for the first FTE (v ≤ 1,000):
    equal at 360; above 360 FTE pricing is cheaper (then 5 v > 1,800 ceil(v / 1,000) for
    v > 1,000 as 5 v ≥ 1.8 v + 1,800 once v ≥ 563)."""
    assert break_even(linear, 1_800, 5, 1, 120_000) == pytest.approx(360)


# --- properties ---------------------------------------------------------------------------------


def scaled(n: int, planned: float, exponent: float):
    """n FTE at the planned volume, scaling as (v / planned) ** exponent (economies of scale for
    exponents below 1); exactly n at the planned volume."""
    return lambda v: n * (v / planned) ** exponent


volumes = st.floats(min_value=1, max_value=1e6, allow_nan=False, allow_infinity=False)
exponents = st.floats(min_value=0.5, max_value=1.0)
shares = st.floats(min_value=0, max_value=2)


@settings(max_examples=150, deadline=None)
@given(
    n=st.integers(1, 500),
    planned=volumes,
    exponent=exponents,
    a=st.floats(0.01, 10),
    b=st.floats(0.01, 10),
    rate=st.floats(1, 200),
    margin=st.floats(0, 200),
)
def test_each_model_cost_is_non_decreasing_in_volume(n, planned, exponent, a, b, rate, margin):
    fte_at = scaled(n, planned, exponent)
    inputs = PricingInputs(vendor_margin_pct=margin)
    low, high = sorted((a * planned, b * planned))
    at = [compare_pricing(v, fte_at, rate, 1_800, 12, inputs, planned) for v in (low, high)]
    for model in MODELS:
        for column in ("monthly_usd", "monthly_low_usd", "monthly_high_usd", "total_usd"):
            assert row(at[0], model)[column] <= row(at[1], model)[column]


@settings(max_examples=150, deadline=None)
@given(
    volume=volumes,
    per_fte=st.floats(10, 10_000),
    base=shares,
    fee=shares,
    probability=st.floats(0, 1),
)
def test_outcome_cost_between_its_best_and_worst_cases(volume, per_fte, base, fee, probability):
    inputs = PricingInputs(
        outcome_base_share=base, outcome_success_fee_share=fee, outcome_probability=probability
    )
    r = compare_pricing(volume, lambda v: v / per_fte, 10, 1_800, 7, inputs)
    out = row(r, "outcome")
    assert out["monthly_low_usd"] <= out["monthly_usd"] <= out["monthly_high_usd"]
    assert out["low_usd"] <= out["total_usd"] <= out["high_usd"]
    fte_bill = row(r, "fte")["monthly_usd"]
    assert out["monthly_low_usd"] == pytest.approx(base * fte_bill, abs=0.01)
    assert out["monthly_high_usd"] == pytest.approx((base + fee) * fte_bill, abs=0.01)


@settings(max_examples=150, deadline=None)
@given(n=st.integers(1, 2_000), planned=volumes, exponent=exponents, rate=st.floats(0.5, 300))
def test_at_the_planned_volume_whole_ftes_make_transactional_equal_fte(n, planned, exponent, rate):
    r = compare_pricing(planned, scaled(n, planned, exponent), rate, 1_800, 12, PricingInputs())
    assert r.fte_billed == n
    assert row(r, "transactional")["monthly_usd"] == pytest.approx(
        row(r, "fte")["monthly_usd"], abs=0.011
    )


@settings(max_examples=100, deadline=None)
@given(
    n=st.integers(1, 300),
    planned=st.floats(100, 1e5),
    exponent=exponents,
    markup=st.floats(0.8, 1.5),
)
# a step of the FTE bill (732 → 733 FTE) 7e-7 below the break-even: transactional is cheaper
# only between that step and the break-even, so "just below" must be closer than the step
@example(n=240, planned=100.0, exponent=0.9384502540447929, markup=0.9307413452112032)
def test_break_even_separates_the_two_bills(n, planned, exponent, markup):
    """Above the break-even FTE pricing is cheaper at every volume sampled (to 10 × planned);
    at it the two bills match; just below it transactional pricing is cheaper."""
    fte_at = scaled(n, planned, exponent)
    price = FTE_PRICE * n / planned * markup
    low, high = 1.0, 10 * planned
    b = break_even(fte_at, FTE_PRICE, price, low, high)

    def fte_bill(v):
        return FTE_PRICE * math.ceil(round(fte_at(v), 9))

    if b is None:
        return
    assert low <= b < high
    assert fte_bill(b) == pytest.approx(b * price, rel=1e-9)
    below = b * (1 - 1e-9)  # just below: the FTE bill is still the level it crosses at
    assert below * price < fte_bill(below)
    for i in range(1, 400):
        v = b + (high - b) * i / 400
        assert fte_bill(v) < v * price * (1 + 1e-9)


# --- with the staffing engine ------------------------------------------------------------------


def test_contact_work_through_erlang_has_a_break_even_above_the_planned_volume():
    """Erlang C has economies of scale (fewer FTE per contact as the volume grows), so a
    transaction price derived at the planned volume overtakes whole FTEs above it."""
    volumes = Volumes(kind="contact", per_month=40_000, handle_seconds=300)
    pattern = pattern_for(None, 7)
    fte_at = fte_for(volumes, pattern)
    assert fte_at(40_000) == staff(volumes, pattern).fte
    r = compare_pricing(40_000, fte_at, 10, 1_800, 36, PricingInputs(), unit="contact")
    # at the planned volume the transaction bill is the unrounded FTE: at most the whole FTEs
    assert row(r, "transactional")["monthly_usd"] <= row(r, "fte")["monthly_usd"]
    assert r.break_even_per_month is not None and r.break_even_per_month > 40_000
    above = r.break_even_per_month * 1.05
    assert FTE_PRICE * math.ceil(fte_at(above)) < above * r.price_per_transaction_usd
    assert r.explain.startswith("At 40,000 contacts a month")


def test_item_work_through_staffing():
    volumes = Volumes(kind="items", per_month=20_000, handle_seconds=600)
    fte_at = fte_for(volumes, pattern_for(None, 5))
    r = compare_pricing(20_000, fte_at, 8, 1_800, 12, PricingInputs(), unit="item")
    assert r.fte_needed == staff(volumes, pattern_for(None, 5)).fte
    assert r.fte_billed == math.ceil(r.fte_needed)
    assert row(r, "fte")["monthly_usd"] == pytest.approx(r.fte_billed * 8 * 150 * 1.2)
    assert "items a month" in r.explain


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("vendor_margin_pct", 201, "less than or equal to 200"),
        ("vendor_margin_pct", -1, "greater than or equal to 0"),
        ("vendor_margin_pct", float("nan"), "finite number"),
        ("price_per_fte_month_usd", 0, "greater than 0"),
        ("price_per_transaction_usd", -0.5, "greater than 0"),
        ("outcome_base_share", 2.5, "less than or equal to 2"),
        ("outcome_success_fee_share", -0.1, "greater than or equal to 0"),
        ("outcome_probability", 1.5, "less than or equal to 1"),
        ("outcome_probability", float("inf"), "finite number"),
        ("vendor_markup", 10, "Extra inputs are not permitted"),
    ],
)
def test_bad_pricing_inputs_name_the_field_and_range(field, value, message):
    with pytest.raises(ValueError, match=message) as error:
        PricingInputs(**{field: value})
    assert isinstance(error.value, ValidationError)
    assert field in str(error.value)


def test_pricing_inputs_are_frozen_and_documented():
    inputs = PricingInputs()
    with pytest.raises(ValidationError):
        inputs.vendor_margin_pct = 30
    for name, field in PricingInputs.model_fields.items():
        assert field.description, name
    assert "set your vendor's" in PricingInputs.model_fields["vendor_margin_pct"].description


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"volumes_per_month": 0}, "volumes_per_month must be above 0"),
        ({"volumes_per_month": float("nan")}, "volumes_per_month must be a finite number"),
        ({"cost_usd_hr": -1}, "cost_usd_hr must be above 0"),
        ({"productive_hours_per_fte_year": 3_001}, "at most 3000"),
        ({"months": 0}, "months must be a whole number from 1 to 1200"),
        ({"months": 1.5}, "months must be a whole number"),
        ({"months": True}, "months must be a whole number"),
        ({"planned_per_month": -5}, "planned_per_month must be above 0"),
        ({"fte_at": lambda v: -1.0}, "must not be negative"),
        ({"fte_at": lambda v: float("nan")}, "finite number of FTE"),
        ({"fte_at": lambda v: 0.0}, "price per transaction cannot be derived"),
        ({"fte_at": lambda v: 1e6 / v}, "must not decrease"),
        ({"fte_at": 3}, "fte_at must be a function"),
        ({"inputs": {"vendor_margin_pct": 10}}, "inputs must be a PricingInputs"),
        ({"unit": " "}, "unit must be a word"),
    ],
)
def test_bad_comparison_arguments(kwargs, message):
    arguments = {
        "volumes_per_month": 12_000,
        "fte_at": linear,
        "cost_usd_hr": 10,
        "productive_hours_per_fte_year": 1_800,
        "months": 12,
        "inputs": PricingInputs(),
    } | kwargs
    with pytest.raises(ValueError, match=message):
        compare_pricing(**arguments)


def test_importing_pricing_does_not_load_streamlit():
    code = "import sys, sourcing.operating.pricing; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_the_walk_stops_after_its_step_budget_with_a_volume_fte_pricing_wins_from():
    """Bills that run nearly parallel (FTE at 99.99 % of the transaction bill plus the rounding
    of one FTE) cross near 10 million; walking down from 1 billion one level at a time would take
    ~46,000 steps. After MAX_WALK_STEPS the walk returns the lowest volume it reached: FTE pricing
    is cheaper at every volume from there up (checked here on a grid), and the exact break-even
    lies below it."""
    from sourcing.operating.pricing import MAX_WALK_STEPS, _break_even

    def fte_at(v):
        return 0.9999 * v / 1000

    reached, why = _break_even(fte_at, 1000, 1.0, 1, 1e9)
    assert why == "search stopped"
    exact = 1e7  # ceil(0.9999 v / 1000) · 1000 < v from about 1000 / 0.0001 up
    assert exact < reached < 1e9
    assert reached < 1e9 * (1 - 1e-4) ** (MAX_WALK_STEPS // 2)  # it did walk its budget
    for v in [reached * (1 + k / 1000) for k in range(0, 1000, 7)] + [1e9]:
        assert math.ceil(fte_at(v)) * 1000 < v


def test_a_large_operation_prices_in_seconds_and_says_where_the_search_stopped():
    """5 million contacts a month of 10 minutes: ~8,000 FTE, two bills within one FTE of each
    other over a wide range — answered in about a second (was minutes), the text saying so."""
    import sourcing
    from sourcing.operating.models import pricing_for

    volumes = Volumes(kind="contact", per_month=5e6, handle_seconds=600)
    sc = sourcing.Scenario(hq="US", workload="voice-support-en", volumes=volumes)
    comparison = pricing_for(sc, sourcing.rank(sc).to_frame(), "PH")
    assert "the exact break-even lies lower (the search stopped after 2,000 FTE levels" in (
        comparison.explain
    )
    assert comparison.break_even_per_month is not None
