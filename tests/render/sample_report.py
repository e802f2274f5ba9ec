"""A sample note and a sample profile covering every block type of the document model.

Shared by the HTML/PDF tests (tests/render/) and the DOCX renderer's tests. All text is final
(numbers formatted, captions numbered, cross-references resolved) as the builder would leave it;
the data are deterministic (a seeded generator), not real survey results.
"""

from __future__ import annotations

import datetime as dt
import random

from reporter.model.document import (
    BackPage,
    Cell,
    Figure,
    FrontPage,
    KeyFinding,
    Paragraph,
    Report,
    Row,
    Section,
    Series,
    Table,
)
from reporter.text.numbers import fmt_percent
from reporter.text.strings import strings_for

DATE = dt.date(2019, 9, 1)
WAVES = ("Start", "Midt", "Slut")
SIDES = ("Medarbejder", "Leder", "Samlet")
MUNICIPALITIES = (
    "Middelfart", "Stevns", "Brøndby", "Skive", "Nyborg", "Favrskov", "Greve", "Solrød", "Brønderslev",
    "Ringkøbing-Skjern", "Ballerup", "Frederiksberg", "Holstebro", "Nordfyn", "Silkeborg", "Samsø",
    "Svendborg", "Helsingør", "Rudersdal", "Gladsaxe", "Faxe", "Odder", "Billund", "Aabenraa",
    "Fredericia", "Frederikshavn", "Glostrup",
)
# Row labels and values that tests look for in the PDF text.
RANKING_FIRST_ROW = ("Middelfart", "90%", "79%", "90%", "73%", "93%", "83%", "81%", "86%", "86%")
LONG_LABEL = "Ringkøbing-Skjern Kommunes jobcenter og virksomhedsservice"


def pct(x: float) -> str:
    return fmt_percent(x, "da")


def head(text: str, span: int = 1, align: str = "center") -> Cell:
    return Cell(text=text, status="header", align=align, span=span)


def label(text: str, status: str = "plain", span: int = 1) -> Cell:
    return Cell(text=text, status=status, align="left", span=span)


def value(x: float | None, status: str = "plain") -> Cell:
    if x is None:
        return Cell(text="", value=None, status="missing", align="center")
    return Cell(text=pct(x), value=x, status=status)


def suppressed() -> Cell:
    return Cell(text="*", value=None, status="suppressed", align="center")


def _status(a: float, b: float) -> str:
    d = b - a
    return "up" if d > 0.05 else "down" if d < -0.05 else "same"


def ranking_table(number: int = 3) -> Table:
    """A power-ranking-like wide table: name + 3 sides × 3 waves, 27 rows, a group row and a total row."""
    rng = random.Random(3)
    rows = [
        Row(cells=(head("", align="left"),) + tuple(head(s, span=3) for s in SIDES), kind="header"),
        Row(cells=(head("Kommune", align="left"),) + tuple(head(w) for _ in SIDES for w in WAVES), kind="header"),
        Row(cells=(label("SPOR 1", status="group", span=10),), kind="group"),
    ]
    for i, name in enumerate(MUNICIPALITIES):
        if i == 0:
            vals = [0.90, 0.79, 0.90, 0.73, 0.93, 0.83, 0.81, 0.86, 0.86]
        else:
            vals = [round(rng.uniform(0.1, 0.95), 2) for _ in range(9)]
        cells: list[Cell] = [label(LONG_LABEL if name == "Ringkøbing-Skjern" else name)]
        for j, v in enumerate(vals):
            status = _status(vals[7], vals[8]) if j == 8 else "plain"
            if name == "Gladsaxe" and j in (4, 7):
                cells.append(value(None))
            elif name == "Samsø" and j in (3, 4, 5):
                cells.append(suppressed())
            elif name in ("Frederikshavn", "Glostrup") and j in (5, 8):
                cells.append(value(None))
            else:
                cells.append(value(v, status))
        rows.append(Row(cells=tuple(cells)))
    rows.append(Row(cells=(label("Total"),) + tuple(value(v) for v in
                                                   (0.50, 0.51, 0.53, 0.55, 0.56, 0.54, 0.52, 0.54, 0.54)),
                    kind="total"))
    notes = (
        "Kommunernes samlede score ved slutmålingen er markeret grøn ▲, gul ● eller rød ▼ efter, hvordan scoren "
        "har ændret sig siden midtvejsmålingen (grøn = stigning på mere end 5 pct.-point, gul = ændring inden for "
        "±5 pct.-point, rød = fald på mere end 5 pct.-point).",
        "Blanke felter er ensbetydende med manglende svar. * Kan ikke vises af hensyn til datadiskretion "
        "(færre end 5 besvarelser).",
    )
    return Table(key="ranking", caption="Power-ranking af kommunernes fidelitet", rows=tuple(rows), number=number,
                 notes=notes, source="Survey blandt ledere og medarbejdere, start-, midtvejs- og slutmåling.",
                 legend=True, column_widths=(3.4,) + (1.4,) * 9)


def response_table(number: int = 1) -> Table:
    rows = [Row(cells=(head("Funktion", align="left"),) + tuple(head(f"{w}måling") for w in WAVES), kind="header")]
    data = {"Sagsbehandler": (412, 398, 371), "Virksomhedskonsulent": (133, 141, 128),
            "Teamleder": (58, 61, 55), "Afdelingsleder": (29, 30, 27)}
    for role, counts in data.items():
        rows.append(Row(cells=(label(role),) + tuple(Cell(text=str(c), value=float(c)) for c in counts)))
    totals = [sum(c[i] for c in data.values()) for i in range(3)]
    rows.append(Row(cells=(label("Total"),) + tuple(Cell(text=str(c), value=float(c)) for c in totals),
                    kind="total"))
    return Table(key="responses", caption="Antal besvarelser fordelt på funktion og måling", rows=tuple(rows),
                 number=number, column_widths=(6.0, 3.0, 3.0, 3.0))


def method_table(number: int = 2) -> Table:
    rows = [Row(cells=(head("Kerneelement", align="left"), head("Indikator", align="left"),
                       head("Spørgsmål i surveyen", align="left")), kind="header"),
            Row(cells=(label("SPOR 1", status="group", span=3),), kind="group"),
            Row(cells=(label("1a. Ledelsesmæssig fokus"), label("Prioritering"),
                       label("“Min nærmeste leder kommunikerer, at virksomhedsrettede forløb er den vigtigste "
                             "indsats”\n“Ledelsen følger op på antallet af forløb”"))),
            Row(cells=(label("1b. Internt samarbejde"), label("Rolleklarhed"),
                       label("“Der er gode rammer for et godt samarbejde om virksomhedsrettet indsats”"))),
            Row(cells=(label("SPOR 2", status="group", span=3),), kind="group"),
            Row(cells=(label("2a. Match og progression"), label("Målrettethed"),
                       label("“Alle i målgruppen, der deltager i et virksomhedsrettet forløb, har et klart mål” "
                             "(kun ledere)")))]
    return Table(key="method", caption="Kerneelementer, indikatorer og spørgsmål", rows=tuple(rows), number=number,
                 column_widths=(4.5, 4.0, 7.5), notes=("Hvert udsagn besvares på en skala fra ”Helt enig” til "
                                                       "”Helt uenig”; enighed udtrykker høj fidelitet.",))


def clustered_figure(number: int) -> Figure:
    cats = ("Ledelsen kommunikerer målet", "Ledelsen følger op", "Ledelsen prioriterer ressourcer")
    series = tuple(Series(name=w, values=v, labels=tuple(pct(x) for x in v))
                   for w, v in zip(WAVES, ((0.61, 0.55, 0.48), (0.69, 0.60, 0.52), (0.72, 0.66, 0.57))))
    return Figure(key="fig_leadership", caption="Ledelsesmæssig fokus, prioritering og understøttelse",
                  kind="clustered_bar", categories=cats, series=series, number=number,
                  alt_text="Grupperet søjlediagram: andel enige for tre udsagn om ledelse ved start-, midtvejs- og "
                           "slutmålingen. Alle tre udsagn stiger; højest er ”Ledelsen kommunikerer målet” med 72% "
                           "ved slutmålingen.",
                  notes=("Andel besvarelser ”Helt enig” og ”Enig” for udsagnene: ”Min nærmeste leder kommunikerer, "
                         "at virksomhedsrettede forløb er den vigtigste indsats”, ”Ledelsen følger op på antallet "
                         "af forløb” og ”Ledelsen prioriterer ressourcer til indsatsen”.",),
                  value_max=1.0)


def stacked_figure(number: int) -> Figure:
    bands = ("0–10%", "11–25%", "26–50%", "Over 50%", "Ved ikke")
    cats = WAVES
    data = ((0.22, 0.35, 0.25, 0.10, 0.08), (0.15, 0.32, 0.30, 0.15, 0.08), (0.10, 0.28, 0.34, 0.22, 0.06))
    series = tuple(Series(name=b, values=tuple(d[i] for d in data), labels=tuple(pct(d[i]) for d in data),
                          dont_know=b == "Ved ikke")
                   for i, b in enumerate(bands))
    return Figure(key="fig_belief", caption="Tro på målgruppens mulighed for at opstarte i virksomhedspraktik "
                                            "inden for tre måneder",
                  kind="stacked_bar", categories=cats, series=series, number=number,
                  alt_text="Stablet søjlediagram: fordelingen af svar i tre målinger på fem svarkategorier. Andelen, "
                           "der tror, at over 50% kan starte, stiger fra 10% til 22%.",
                  notes=("Fordeling på udsagnet: ”Hvor stor en andel af din kommunes samlede målgruppe vurderer du "
                         "kan deltage i et forløb på en virksomhed inden for tre måneder?”",),
                  value_max=1.0)


def horizontal_figure(number: int) -> Figure:
    cats = ("Praktikmål", "Arbejdsopgaver", "Arbejdstider", "Mentorstøtte", "Opfølgningsdatoer", "Løntimer")
    vals = (0.91, 0.84, 0.77, 0.52, 0.47, 0.31)
    return Figure(key="fig_agreements", caption="Elementer i de skriftlige aftaler med borger og virksomhed",
                  kind="horizontal_bar", categories=cats,
                  series=(Series(name="Slut", values=vals, labels=tuple(pct(v) for v in vals)),),
                  number=number,
                  alt_text="Vandret søjlediagram over seks elementer i de skriftlige aftaler; praktikmål indgår "
                           "oftest (91%), løntimer sjældnest (31%).",
                  notes=("Andel, der har sat kryds ved hver mulighed (mulighed for flere svar).",
                         "Kun stillet til respondenter, der svarede ja til det forudgående spørgsmål."),
                  value_max=1.0, height=7.0)


def sample_note() -> Report:
    """A complete note: front page, TOC, resumé, numbered sections with sub-sections, 4 tables, 3 figures."""
    resume = Section(key="resume", title="Resumé", numbered=False, blocks=(
        KeyFinding(headline="Fideliteten steg i 17 af 27 kommuner",
                   text="Fra midtvejs- til slutmålingen forbedrede 17 kommuner deres samlede power-ranking med mere "
                        "end 5 pct.-point, 6 er stabile og 4 faldt."),
        KeyFinding(headline="Ledelsen er tydeligere",
                   text="Andelen af medarbejdere, der oplever, at ledelsen kommunikerer målet, steg med 11 "
                        "pct.-point fra start- til slutmålingen."),
        KeyFinding(headline="Troen på målgruppen vokser",
                   text="22% af medarbejderne tror, at over halvdelen af målgruppen kan starte i praktik inden for "
                        "tre måneder (start: 10%)."),
    ))
    intro = Section(key="intro", title="Indledning", number="1", blocks=(
        Paragraph(style="lead", text="Dette notat præsenterer resultaterne af surveyen blandt ledere og "
                                     "medarbejdere i projekt Særligt Tilrettelagt Virksomhedsforløb (STV)."),
        Paragraph(text="Surveyen dækker 27 kommuner over tre målinger og følger, hvordan kommunerne efterlever "
                       "indsatsmodellens kerneelementer. Tabel 1 viser antallet af besvarelser fordelt på funktion "
                       "og måling."),
        response_table(1),
    ), sections=(
        Section(key="intro_method", title="Metode: fra kerneelement til spørgsmål", number="1.1", blocks=(
            Paragraph(text="Hvert kerneelement er nedbrudt i indikatorer, som igen måles ved et eller flere "
                           "spørgsmål. Tabel 2 viser nedbrydningen for udvalgte kerneelementer."),
            method_table(2),
            Paragraph(style="bullet", text="Spørgsmål med svar ”Ved ikke” indgår ikke i beregningen."),
            Paragraph(style="bullet", text="Projektledere indgår som medarbejdere og ikke som ledere."),
        )),
    ))
    ranking = Section(key="fidelity", title="Fidelitet på kerneelementerne", number="2", page_break_before=True,
                      blocks=(Paragraph(text="Afsnittet samler kommunernes fidelitet i en power-ranking og viser "
                                             "udviklingen på de enkelte kerneelementer."),),
                      sections=(
        Section(key="ranking", title="Power-ranking af kommunerne", number="2.1", blocks=(
            Paragraph(text="Tabel 3 viser kommunernes fidelitetsscore for medarbejdere, ledere og samlet ved start-, "
                           "midtvejs- og slutmålingen. Tabellen er sorteret efter bedste samlede score i "
                           "slutmålingen, og denne score er farvet efter ændringen siden midtvejsmålingen."),
            ranking_table(3),
            Paragraph(text="Figur 1 viser udviklingen i ledelsesmæssigt fokus, som er det kerneelement, hvor "
                           "kommunerne har flyttet sig mest."),
            clustered_figure(1),
        )),
        Section(key="belief", title="Tro på målgruppen", number="2.2", blocks=(
            Paragraph(text="Figur 2 viser, hvordan troen på, at målgruppen kan deltage i virksomhedspraktik inden "
                           "for tre måneder, har udviklet sig. Andelen, der tror på over halvdelen, steg med 12 "
                           "pct.-point fra start- til slutmålingen."),
            stacked_figure(2),
        )),
    ))
    track = Section(key="track1", title="Spor 1: Skriftlige aftaler", number="3", sections=(
        Section(key="agreements", title="Indhold i de skriftlige aftaler", number="3.1", blocks=(
            Paragraph(text="Figur 3 viser, hvilke elementer der indgår i de skriftlige aftaler, som laves med "
                           "borgere og virksomheder forud for et virksomhedsrettet forløb."),
            horizontal_figure(3),
            Paragraph(style="small", text="Opgørelsen omfatter kun kommuner med mindst 5 besvarelser."),
        )),
        Section(key="ranking_again", title="Sammenfatning for sporet", number="3.2", blocks=(
            Paragraph(text="Tabel 4 gentager power-rankingen for sporets kerneelementer, så den kan læses "
                           "sammen med figur 3."),
            _replace_number(ranking_table(4), "Power-ranking af kommunerne på spor 1"),
        )),
    ))
    return Report(
        kind="note", language="da", brand="nordlys",
        front=FrontPage(project="Projekt Særligt Tilrettelagt Virksomhedsforløb", title="Surveynotat",
                        subtitle="Slutmåling blandt ledere og medarbejdere", date_text="september 2019",
                        publisher="Nordlys Analyse"),
        sections=(resume, intro, ranking, track),
        back=BackPage(title="Om os", paragraphs=(
            "Nordlys Analyse er et uafhængigt analysehus, der evaluerer offentlige indsatser på beskæftigelses- "
            "og socialområdet.",
            "Vi kombinerer surveys, registerdata og casestudier, så kommuner og styrelser får et solidt grundlag "
            "for deres beslutninger.")),
        toc=True, date=DATE, strings=strings_for("da"),
    )


def _replace_number(table: Table, caption: str) -> Table:
    from dataclasses import replace
    return replace(table, caption=caption, key=table.key + "_track1")


def profile_table(number: int = 1) -> Table:
    rows = [Row(cells=(head("Kerneelement", align="left"), head("Slut"), head("Ændring"),
                       head("Alle kommuner")), kind="header"),
            Row(cells=(label("SPOR 1", status="group", span=4),), kind="group")]
    items = (("1a. Ledelsesmæssig fokus", 0.72, "+8", "up", 0.61),
             ("1b. Internt samarbejde", 0.55, "+1", "same", 0.53),
             ("1c. Synlighed om resultater", 0.41, "−9", "down", 0.49),
             ("2a. Match og progression", None, "", "missing", 0.57),
             ("2b. Mentorstøtte", "*", "*", "suppressed", 0.44),
             ("3a. Opfølgning", 0.66, "+6", "up", 0.58))
    for name, v, change, status, avg in items:
        if v == "*":
            cells = (label(name), suppressed(), suppressed(), value(avg))
        elif v is None:
            cells = (label(name), value(None), value(None), value(avg))
        else:
            cells = (label(name), value(v), Cell(text=change + " pct.-point", status=status), value(avg))
        rows.append(Row(cells=cells))
    rows.append(Row(cells=(label("Samlet"), value(0.61), Cell(text="+3 pct.-point", status="same"), value(0.54)),
                    kind="total"))
    return Table(key="profile_indicators", caption="Fidelitet på kerneelementerne ved slutmålingen",
                 rows=tuple(rows), number=number, legend=True, column_widths=(7.5, 2.5, 3.5, 3.0),
                 notes=("Ændringen er farvet efter reglen: mere end ±5 pct.-point fra midtvejs- til slutmålingen. "
                        "* = færre end 5 besvarelser.",))


def sample_profile() -> Report:
    """A one-page municipality profile: key findings, two tables and a figure."""
    mean = Table(key="profile_mean", caption="Fidelitetsgennemsnit og power-ranking ved slutmålingen", number=2,
                 rows=(Row(cells=(head("", align="left"), head("Medarbejder"), head("Leder"), head("Samlet")),
                           kind="header"),
                       Row(cells=(label("Gennemsnit (1–5)"), Cell(text="3,71", value=3.714), Cell(text="3,92", value=3.92),
                                  Cell(text="3,82", value=3.817, status="up"))),
                       Row(cells=(label("Power-ranking"), Cell(text="nr. 4", value=4), Cell(text="nr. 9", value=9),
                                  Cell(text="nr. 5 af 27", value=5)))),
                 column_widths=(7.5, 3.0, 3.0, 3.0))
    fig = Figure(key="profile_belief", caption="Tro på målgruppen ved slutmålingen: Middelfart og alle kommuner",
                 kind="horizontal_bar", categories=("0–10%", "11–25%", "26–50%", "Over 50%"),
                 series=(Series(name="Middelfart", values=(0.05, 0.20, 0.40, 0.35),
                                labels=("5%", "20%", "40%", "35%")),
                         Series(name="Alle kommuner", values=(0.10, 0.28, 0.34, 0.22),
                                labels=("10%", "28%", "34%", "22%"))),
                 number=1, height=5.0, value_max=1.0,
                 alt_text="Vandret søjlediagram: Middelfarts medarbejdere tror oftere end gennemsnittet, at over "
                          "halvdelen af målgruppen kan starte i praktik (35% mod 22%).",
                 notes=("Fordeling på spørgsmålet: ”Hvor stor en andel af målgruppen vurderer du kan deltage i et "
                        "forløb på en virksomhed inden for tre måneder?”",))
    section = Section(key="profile", title="Middelfart Kommune", numbered=False, in_toc=False, blocks=(
        KeyFinding(headline="Nr. 5 af 27 kommuner",
                   text="Middelfart har en samlet fidelitet på 61% ved slutmålingen mod 54% i alle kommuner."),
        profile_table(1),
        mean,
        fig,
        Paragraph(style="small", text="Besvarelser ved slutmålingen: 29 medarbejdere og 30 ledere."),
    ))
    return Report(
        kind="profile", language="da", brand="nordlys",
        front=FrontPage(project="Projekt Særligt Tilrettelagt Virksomhedsforløb", title="Kommuneprofil: Middelfart",
                        subtitle="Slutmåling 2019", date_text="september 2019", publisher="Nordlys Analyse"),
        sections=(section,), back=None, toc=False, date=DATE, strings=strings_for("da"),
    )
