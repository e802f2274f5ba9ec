"""Language strings of the cost blocks (cost tables, cost per citizen, sensitivity, budget result).

Merged into ``reporter.text.strings.STRINGS``; every key in both languages with the same placeholders.
"""

from __future__ import annotations

DA: dict[str, str] = {
    "cost_average": "Gennemsnit",
    "cost_establishment": "Etableringsomk.",
    "cost_operation": "Driftsomk.",
    "cost_total": "Samlede omk.",
    "cost_total_establishment": "Samlede etableringsomkostninger",
    "cost_total_operation": "Driftsomkostninger i alt",
    "cost_operation_per_year": "Gennemsnitlige driftsomk. pr. år",
    "cost_operation_per_citizen": "Gennemsnitlige driftsomk. pr. borger",
    "cost_basis_total": "I alt ({years}-årig driftsperiode)",
    "cost_basis_per_year": "Pr. år",
    "cost_basis_per_citizen": "Pr. borger",
    "cost_participants": "{n} borgere pr. år",
    "cost_participants_axis": "Deltagende borgere pr. år pr. kommune",
    "cost_per_citizen_axis": "Omkostninger pr. borger (kr.)",
    "cost_net_axis": "Nettoresultat pr. borger (kr.)",
    "cost_all_actors": "Samlet",
    "cost_prices": "{year}-priser",
    "cost_round_1000": "afrundet til hele tusinde kr.",
    "cost_round_100": "afrundet til hele hundrede kr.",
    "cost_round_other": "afrundet til nærmeste {step} kr.",
    "cost_cap_establishment": "Etableringsomkostninger opgjort pr. kommune og for den gennemsnitlige kommune",
    "cost_cap_operation": "Driftsomkostninger i alt opgjort pr. kommune og for den gennemsnitlige kommune",
    "cost_cap_per_citizen": "Omkostninger pr. borger ved en {years}-årig driftsperiode",
    "cost_cap_summary": "Omkostninger for den gennemsnitlige kommune ved en {years}-årig driftsperiode",
    "cost_cap_summary_municipality": "Omkostninger i {municipality} ved en {years}-årig driftsperiode",
    "cost_cap_items": "Poster for ressourceforbrug",
    "cost_col_phase": "Fase",
    "cost_col_group": "Gruppe",
    "cost_col_items": "Omkostningsposter",
    "cost_phase_establishment": "Etablering",
    "cost_phase_operation": "Drift",
    "cost_source_items": "Kommunernes registrering af ressourceforbrug.",
    "cost_cap_sensitivity": "Følsomhedsanalyse af ændring i antal deltagere pr. år pr. kommune",
    "cost_cap_budget": "Budgetøkonomisk resultat pr. borger",
    "cost_source": "Egne beregninger på baggrund af indsamlede omkostningsdata.",
    "cost_note_rounding": "Som følge af afrunding summerer de enkelte omkostningsposter ikke nødvendigvis til de "
                          "samlede omkostninger.",
    "cost_note_average": "Gennemsnit: den gennemsnitlige kommune ({n} kommuner); omkostningerne pr. borger er "
                         "gennemsnittet af omkostningerne delt med det gennemsnitlige antal borgere pr. år "
                         "({participants}).",
    "cost_note_per_citizen": "Etableringsomkostningerne er fordelt på alle borgere i en {years}-årig driftsperiode; "
                             "driftsomkostningerne pr. borger er de årlige driftsomkostninger delt med antal "
                             "borgere pr. år.",
    "cost_note_sensitivity": "Omkostningerne for den gennemsnitlige kommune holdes konstante; kun antallet af "
                             "deltagere pr. år varierer ({points}).",
    "cost_note_budget": "Nettoresultat = budgetkonsekvenser minus indsatsens omkostninger pr. borger "
                        "({cost}), som afholdes af {actor}.",
    "cost_position_lowest": "laveste",
    "cost_position_average": "gennemsnit",
    "cost_position_highest": "højeste",
    "cost_alt_stacked": "Søjler med etablerings- og driftsomkostninger pr. {basis}: {summary}.",
    "cost_alt_sensitivity": "Omkostninger pr. borger ved forskellige antal deltagere pr. år: {summary}.",
    "cost_alt_budget": "Nettoresultat pr. borger pr. scenarie og offentlig aktør: {summary}.",
    "cost_item": "Omkostningspost",
    "cost_budget_consequences": "Konsekvenser",
    "cost_budget_costs": "Omkostninger",
    "cost_budget_net": "Netto",
}

EN: dict[str, str] = {
    "cost_average": "Average",
    "cost_establishment": "Establishment",
    "cost_operation": "Operation",
    "cost_total": "Total cost",
    "cost_total_establishment": "Total establishment costs",
    "cost_total_operation": "Total operating costs",
    "cost_operation_per_year": "Average operating costs per year",
    "cost_operation_per_citizen": "Average operating costs per citizen",
    "cost_basis_total": "Total ({years}-year operating period)",
    "cost_basis_per_year": "Per year",
    "cost_basis_per_citizen": "Per citizen",
    "cost_participants": "{n} citizens per year",
    "cost_participants_axis": "Participating citizens per year per municipality",
    "cost_per_citizen_axis": "Cost per citizen (DKK)",
    "cost_net_axis": "Net result per citizen (DKK)",
    "cost_all_actors": "Total",
    "cost_prices": "{year} prices",
    "cost_round_1000": "rounded to the nearest DKK 1,000",
    "cost_round_100": "rounded to the nearest DKK 100",
    "cost_round_other": "rounded to the nearest DKK {step}",
    "cost_cap_establishment": "Establishment costs per municipality and for the average municipality",
    "cost_cap_operation": "Total operating costs per municipality and for the average municipality",
    "cost_cap_per_citizen": "Cost per citizen over a {years}-year operating period",
    "cost_cap_summary": "Costs of the average municipality over a {years}-year operating period",
    "cost_cap_summary_municipality": "Costs in {municipality} over a {years}-year operating period",
    "cost_cap_items": "Items of resource use",
    "cost_col_phase": "Phase",
    "cost_col_group": "Group",
    "cost_col_items": "Cost items",
    "cost_phase_establishment": "Establishment",
    "cost_phase_operation": "Operation",
    "cost_source_items": "The municipalities' records of resource use.",
    "cost_cap_sensitivity": "Sensitivity to the number of participants per year per municipality",
    "cost_cap_budget": "Net budget result per citizen",
    "cost_source": "Own calculations based on the cost data collected.",
    "cost_note_rounding": "Because of rounding, the cost items do not necessarily add up to the totals.",
    "cost_note_average": "Average: the average municipality ({n} municipalities); the cost per citizen is the "
                         "average cost divided by the average number of citizens per year ({participants}).",
    "cost_note_per_citizen": "Establishment costs are spread over every citizen of a {years}-year operating period; "
                             "the operating cost per citizen is the annual operating cost divided by the citizens "
                             "per year.",
    "cost_note_sensitivity": "The average municipality's costs are held constant; only the participants per year "
                             "vary ({points}).",
    "cost_note_budget": "Net result = budget consequences minus the intervention's cost per citizen ({cost}), "
                        "borne by {actor}.",
    "cost_position_lowest": "lowest",
    "cost_position_average": "average",
    "cost_position_highest": "highest",
    "cost_alt_stacked": "Bars of establishment and operating costs per {basis}: {summary}.",
    "cost_alt_sensitivity": "Cost per citizen at different numbers of participants per year: {summary}.",
    "cost_alt_budget": "Net result per citizen by scenario and public actor: {summary}.",
    "cost_item": "Cost item",
    "cost_budget_consequences": "Consequences",
    "cost_budget_costs": "Costs",
    "cost_budget_net": "Net",
}
