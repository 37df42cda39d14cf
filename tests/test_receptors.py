"""Notebook 02's domain module: values chosen by compound, measure and unit; binding and potency
kept apart; the disputed abstract (d01) carried as two readings; spans and ratios computed from data."""

import math

import numpy as np
import pytest
from helpers import set_cell

from kratom_course import data, exposure, receptors
from kratom_course.pharmacology import occupancy

# --- selection by meaning ---------------------------------------------------------------------------


def test_ki_is_chosen_by_compound_not_by_receptor():
    assert receptors.ki_nm("mitragynine", ref_id="obeng2021") == pytest.approx(77.9)
    assert receptors.ki_nm("7-hydroxymitragynine", ref_id="obeng2021") == pytest.approx(709.0)
    assert receptors.ki_nm("mitragynine", receptor="alpha2A") == pytest.approx(1260.0)


def test_a_7oh_ki_relabelled_as_mitragynine_cannot_stand_in(scratch_course):
    set_cell(scratch_course / "receptor_values.csv", "obeng2021_7oh_mor_ki", "compound", "mitragynine")
    with pytest.raises(data.SelectionError, match="expected exactly one row"):
        receptors.mor_ki_nm("mitragynine", "as printed")


def test_a_ki_in_micromolar_cannot_enter_as_nanomolar(scratch_course):
    set_cell(scratch_course / "receptor_values.csv", "obeng2021_mg_mor_ki", "unit", "uM")
    with pytest.raises(data.SelectionError, match="expected unit 'nM'"):
        receptors.ki_nm("mitragynine", ref_id="obeng2021")
    with pytest.raises(data.SelectionError, match="expected unit 'nM'.*found uM"):
        receptors.mor_ki_nm("mitragynine", "as printed")  # the model's input (exposure uses this function)


def test_a_peak_in_ng_per_ml_is_refused(scratch_course):
    set_cell(scratch_course / "pk_parameters.csv", "pk015", "unit", "ng/mL")
    with pytest.raises(data.SelectionError, match="pk_parameters"):
        receptors.peak_plasma_nm("7-hydroxymitragynine")


# --- binding and potency apart -------------------------------------------------------------------


def test_binding_table_holds_only_binding_constants_in_nanomolar():
    binding = receptors.binding_table()
    assert set(binding["measure"]) <= set(receptors.BINDING_MEASURES)
    assert not binding["value_nM"].isna().any()
    assert "pD2" not in set(binding["measure"]) and "EC50" not in set(binding["measure"])


def test_tissue_potency_derives_only_from_the_same_paper():
    potency = receptors.tissue_potency_table()
    assert set(potency["ref_id"]) == {"horie2005"}
    reported = potency.query("not derived").iloc[0]
    assert reported["compound"] == "7-hydroxymitragynine"
    assert reported["EC50_nM"] == pytest.approx(10 ** (9 - 8.38))
    mitragynine = potency.query("compound == 'mitragynine'").iloc[0]
    assert mitragynine["derived"]
    assert mitragynine["EC50_nM"] / reported["EC50_nM"] == pytest.approx(30.0)


def test_spans_are_computed_not_typed():
    binding = receptors.binding_table()["value_nM"]
    span = receptors.orders_of_magnitude(binding)
    assert span == pytest.approx(math.log10(binding.max() / binding.min()))
    assert 2.0 < span < 2.5  # the data today; the old caption claimed five orders of magnitude
    with pytest.raises(ValueError):
        receptors.orders_of_magnitude([1.0, 0.0])


def test_every_value_says_where_it_came_from():
    values = receptors.values()
    assert set(values["provenance"]) <= {"primary", "secondary"}
    secondary = values[values["provenance"] == "secondary"]
    assert secondary["via_ref_id"].notna().all(), "a secondary value must name the compilation it was read in"
    assert values.loc[values["provenance"] == "primary", "via_ref_id"].isna().all()


def test_ratio_rows_compare_within_one_paper():
    ratios = receptors.ratio_table()
    assert ratios["comparator"].notna().all()
    assert set(ratios["unit"]) == {"fold"}


# --- the disputed abstract as two readings ---------------------------------------------------------


def test_two_readings_swap_the_printed_values_and_match_notebook_03():
    table = receptors.d01_scenarios().pivot(index="reading", columns="compound", values="ki_nM")
    assert set(table.index) == set(exposure.KI_SCENARIOS)
    printed, swapped = table.loc["as printed"], table.loc["transposed"]
    assert printed["mitragynine"] == swapped["7-hydroxymitragynine"]
    assert printed["7-hydroxymitragynine"] == swapped["mitragynine"]
    assert exposure.mor_ki_nm is receptors.mor_ki_nm  # one definition feeds notebooks 02 and 03


def test_occupancy_ratio_flips_with_the_reading():
    printed = receptors.occupancy_ratio("as printed")
    transposed = receptors.occupancy_ratio("transposed")
    assert printed < 1 < transposed
    c7, cm = receptors.peak_plasma_nm("7-hydroxymitragynine"), receptors.peak_plasma_nm("mitragynine")
    expected = occupancy(c7, receptors.mor_ki_nm("7-hydroxymitragynine", "transposed")) / occupancy(
        cm, receptors.mor_ki_nm("mitragynine", "transposed")
    )
    assert transposed == pytest.approx(float(expected))


def test_unknown_reading_is_refused():
    with pytest.raises(KeyError):
        receptors.mor_ki_nm("mitragynine", "average")


# --- efficacy and precipitated withdrawal ----------------------------------------------------------


def test_tau_reproduces_7oh_emax():
    tau = receptors.tau_7oh()
    assert tau / (1 + tau) == pytest.approx(receptors.emax_7oh_fraction())


def test_partial_agonist_pulls_a_full_agonist_response_down_to_its_ceiling():
    facts = receptors.precipitation_facts()
    curves = receptors.precipitation_curves(np.logspace(-3, 9, 200))
    for name in ("high affinity", "low affinity"):
        assert curves[name].iloc[0] == pytest.approx(facts["full_alone"], rel=1e-3)
        assert curves[name].iloc[-1] == pytest.approx(facts["partial_ceiling"], rel=1e-2)
        assert (np.diff(curves[name].to_numpy()) <= 1e-12).all(), "the response only falls as the partial agonist is added"
    half = (facts["full_alone"] + facts["partial_ceiling"]) / 2
    at_half = {name: curves.index[(curves[name] < half).to_numpy().argmax()] for name in curves}
    assert at_half["low affinity"] / at_half["high affinity"] == pytest.approx(facts["k_low"] / facts["k_high"], rel=0.1)


def test_an_antagonist_in_the_two_agonist_model_only_blocks():
    blocked = receptors.two_agonist_response(1e6, k_added_nm=1.0, tau_added=0.0)
    assert blocked < 0.01


# --- the alkaloid relation and the in vivo findings ------------------------------------------------


def test_relation_rests_on_findings_in_data():
    relation = receptors.alkaloid_relation()
    assert {("mitragynine", "7-hydroxymitragynine"), ("7-hydroxymitragynine", "mitragynine pseudoindoxyl")} <= set(
        zip(relation["from"], relation["to"])
    )
    first = relation.query("`from` == 'mitragynine' and to == '7-hydroxymitragynine'").iloc[0]
    assert "kruegel2019" in first["refs"].split(";")
    assert "kamble2020" in relation.query("`from` == '7-hydroxymitragynine'").iloc[0]["refs"]


def test_in_vivo_groups_cover_both_halves_of_the_alpha2_story():
    beyond = receptors.in_vivo_table("beyond the mu receptor")
    assert {"obeng2024"} <= set(beyond["ref_id"])
    designs = " ".join(beyond["design"].astype(str))
    assert "in vitro" in designs and "animal" in designs
    discrimination = receptors.in_vivo_table("drug discrimination")
    assert {"obeng2021", "harun2015"} <= set(discrimination["ref_id"])


def test_cyp3a_in_people_points_to_the_measured_interaction_and_to_methadone_s_own_route():
    table = receptors.in_vivo_table("CYP3A in people")
    assert {"kratom_ddi_cpt2023", "kharasch2009"} <= set(table["ref_id"])
    assert table["rests_on"].notna().all()  # every row says what it rests on, in words


def test_learner_tables_say_what_a_finding_rests_on_not_how_it_was_found():
    for group in receptors.in_vivo_groups():
        text = " ".join(receptors.in_vivo_table(group)["finding"])
        assert "not seen" not in text and "could not be read" not in text, group


def test_figure_labels_cite_people_not_ref_ids():
    assert receptors.citation_label(["kamble2019", "horie2005"]) == "Kamble 2019, Horie 2005"
    assert receptors.citation_label(["obeng_mor_a2_nd"]) == "Obeng n.d."
