"""From milligrams of mitragynine to plasma and to mu-opioid receptor occupancy (notebook 03).

Every input is chosen by meaning (table, compound, parameter, unit) through `data.select` and
`data.value`; the named blocks below say which rows feed the model and which are left out, and why.
The model is a teaching device: it shows how one study's summary statistics constrain a curve
and how wide the implied receptor exposure is. It is not a prediction for any person or product,
and it is not a dose guide. Exposure is expressed against milligrams of mitragynine swallowed;
leaf grams enter only to show how uncertain that conversion is.

Which accumulation is meant is always said: *peak* (Cmax at steady state over the first Cmax),
*trough* (the concentration just before a dose at steady state over the one before the second
dose) or *AUC* (exposure over one dosing interval at steady state over the first interval).

The package, by job (each module's names are re-exported here, so `exposure.observed()` reads as before):
- `inputs`: which rows of data/ feed the model, read by meaning and unit; the calibration targets;
- `calibration`: the one- and two-compartment calibrations to one study, and the curves they give;
- `occupancy`: receptor occupancy, the Monte Carlo over the inputs' published spread, and the tornado;
- `demos`: the sampling-window demonstration, leaf to milligrams, the chain, and tables for people.
"""

from ..receptors import BASE_READING, KI_SCENARIOS, mor_ki_nm  # noqa: F401  (part of this package's interface too)
from .calibration import (  # noqa: F401
    ASSUMED_KA_PER_H,
    KA_FIT_BREAKS_PER_H,
    KA_VALUES_PER_H,
    OneCompartment,
    accumulation_range,
    accumulation_table,
    bioavailability_ceiling,
    concentration_nm,
    ka_identifiability,
    model_check,
    one_compartment,
    two_compartment,
)
from .demos import (  # noqa: F401
    ARTICLE_RANGE_G,
    CAPTION_WARNING,
    NOT_MEASURED_IN_PEOPLE,
    PARAMETER_LABELS,
    RANGE_LABELS,
    SCENARIO_WORDS,
    TWO_PHASE,
    WINDOW_LAST,
    WINDOW_SAMPLES,
    calibrated_decline,
    calibration_study_table,
    chain_steps,
    first_day_fall,
    leaf_band,
    leaf_fold_range,
    leaf_mitragynine_table,
    occupancy_table,
    ranges_table,
    repeated_dosing_curves,
    sampling_windows,
    single_dose_curves,
    study_label,
    two_phase,
    window_effect_summary,
    window_fits,
    window_sensitivity,
)
from .inputs import (  # noqa: F401
    CALIBRATION_STUDY,
    DRIED_LEAF_CONTENT,
    HEPATIC_BLOOD_FLOW,
    LEFT_OUT_OF_LEARNER_TABLES_VIEW,
    MITRAGYNINE,
    MODEL_INPUTS,
    NOT_REPORTED,
    PROTEIN_BINDING_MITRAGYNINE,
    SEVEN_OH,
    STUDIED_DOSES,
    TEA_EXTRACTION_VIEW,
    URINARY_UNCHANGED,
    Observed,
    fraction_unbound_7oh,
    fraction_unbound_range,
    highest_dose_row,
    highest_dose_studied_mg,
    human_half_lives_h,
    ki_scenarios,
    leaf_content_range_percent,
    learner_pk_table,
    model_input,
    model_input_row,
    molar_mass,
    observed,
    observed_range,
    rows_left_out_of_learner_tables,
    tea_extraction,
    tea_extraction_table,
    tea_recovery_range,
)
from .occupancy import (  # noqa: F401
    N_DRAWS,
    SEED,
    central_values,
    default_ranges,
    exposure_by_dose,
    monte_carlo,
    peak_exposure,
    sensitivity,
    seven_oh_ki_sensitivity,
)
