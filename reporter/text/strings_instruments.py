"""Language strings of the instrument and panel blocks (scores with reference, collapsed categories, paired
change, sensitivity, unweighted means over measurements).

Merged into ``reporter.text.strings.STRINGS``; every key in both languages with the same placeholders.
"""

from __future__ import annotations

DA: dict[str, str] = {
    "ins_cap_score": "{label} ved {wave}",
    "ins_row_score": "{wave} (N={n})",
    "ins_series_score": "Gennemsnitlig score",
    "ins_note_score": "Scoren går fra {low} til {high}; en højere score er udtryk for et højere niveau.",
    "ins_note_sensitivity_whiskers": "Den vandrette linje omkring gennemsnittet viser intervallet fra "
                                     "sensitivitetsanalysen ({scenarios}).",
    "ins_cap_categories": "{label} ved {wave}",
    "ins_row_category": "{item} (n={n})",
    "ins_note_categories": "Svarkategorierne er slået sammen: {groups}.",
    "ins_cap_change": "{label}: progression fra {first} til {later}",
    "ins_row_change": "{first} → {wave} (n={n})",
    "ins_series_first": "{wave}",
    "ins_series_later": "Senere måling",
    "ins_note_change": "Hver sammenligning er baseret på personer, som har besvaret begge målinger.",
    "ins_note_change_test": "En ring om cirklen betyder, at udviklingen er statistisk signifikant (p < {alpha}, {test}).",
    "ins_note_only_one": "{n} personer med kun én måling indgår ikke i sammenligningerne.",
    "ins_note_only_one_one": "1 person med kun én måling indgår ikke i sammenligningerne.",
    "ins_test_t": "parret t-test",
    "ins_test_wilcoxon": "Wilcoxons rangtest for parrede observationer",
    "ins_significant": "Signifikant (p < 0,05)",
    "ins_cap_change_table": "{label}: udvikling fra {first}",
    "ins_col_comparison": "Sammenligning",
    "ins_col_n": "n",
    "ins_col_from": "{first}",
    "ins_col_to": "Senere måling",
    "ins_col_change": "Ændring",
    "ins_col_t_p": "p (t-test)",
    "ins_col_w_p": "p (Wilcoxon)",
    "ins_cap_sensitivity": "{label}: sensitivitetsanalyse af scoren ved {wave}",
    "ins_row_base": "Beregnet score (N={n})",
    "ins_note_sensitivity": "Scenarierne genberegner scoren med omkodede svar: {scenarios}.",
    "ins_cap_wave_average": "{item} (ikke-vægtet gennemsnit af {waves})",
    "ins_note_wave_average": "Andelen er beregnet som gennemsnittet af andelene fra {waves}. Fordi antallet af "
                             "besvarelser varierer på tværs af målingerne, er gennemsnittene ikke-vægtede.",
    "ins_wave_n": "{wave} (n={n})",
}

EN: dict[str, str] = {
    "ins_cap_score": "{label} at {wave}",
    "ins_row_score": "{wave} (N={n})",
    "ins_series_score": "Mean score",
    "ins_note_score": "The score runs from {low} to {high}; a higher score means a higher level.",
    "ins_note_sensitivity_whiskers": "The horizontal line around the mean shows the interval of the sensitivity "
                                     "analysis ({scenarios}).",
    "ins_cap_categories": "{label} at {wave}",
    "ins_row_category": "{item} (n={n})",
    "ins_note_categories": "Answer categories are collapsed: {groups}.",
    "ins_cap_change": "{label}: progression from {first} to {later}",
    "ins_row_change": "{first} → {wave} (n={n})",
    "ins_series_first": "{wave}",
    "ins_series_later": "Later measurement",
    "ins_note_change": "Each comparison is based on persons who answered both measurements.",
    "ins_note_change_test": "A ring around the circle means that the change is statistically significant (p < {alpha}, {test}).",
    "ins_note_only_one": "{n} persons with only one measurement are not part of the comparisons.",
    "ins_note_only_one_one": "1 person with only one measurement is not part of the comparisons.",
    "ins_test_t": "paired t-test",
    "ins_test_wilcoxon": "Wilcoxon signed-rank test",
    "ins_significant": "Significant (p < 0.05)",
    "ins_cap_change_table": "{label}: change from {first}",
    "ins_col_comparison": "Comparison",
    "ins_col_n": "n",
    "ins_col_from": "{first}",
    "ins_col_to": "Later measurement",
    "ins_col_change": "Change",
    "ins_col_t_p": "p (t-test)",
    "ins_col_w_p": "p (Wilcoxon)",
    "ins_cap_sensitivity": "{label}: sensitivity analysis of the score at {wave}",
    "ins_row_base": "Computed score (N={n})",
    "ins_note_sensitivity": "The scenarios recompute the score with recoded answers: {scenarios}.",
    "ins_cap_wave_average": "{item} (unweighted mean of {waves})",
    "ins_note_wave_average": "The share is the mean of the shares at {waves}. Because the number of answers "
                             "varies across the measurements, the means are unweighted.",
    "ins_wave_n": "{wave} (n={n})",
}
