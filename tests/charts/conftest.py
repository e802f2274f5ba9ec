import pytest

from reporter.brand import load_brand
from reporter.model import Figure, Series

ROLES = ("Leder", "STV-projektleder", "Sagsbehandler", "Virksomhedskonsulent", "Mentor", "Total")
BANDS = ("0-19 %", "20-39 %", "40-59 %", "60-79 %", "80-100 %", "Ved ikke")
STATS = ("Laveste", "1. kvartil", "Median", "3. kvartil", "Højeste")


def clustered() -> Figure:
    return Figure(key="fig_1a", caption="1a. Ledelse", kind="clustered_bar", categories=ROLES,
                  series=(Series("Start", (0.27, 0.35, None, 0.47, 0.63, 0.328)),
                          Series("Midt", (0.55, 0.6, 0.41, None, 0.7, 0.5),
                                 ("55%", "60%", "41%", "*", "70%", "50%")),
                          Series("Slut", (0.62, 1.0, 0.5, 0.66, None, 0.57))),
                  alt_text="Figur", value_max=1.0)


def stacked() -> Figure:
    cats = tuple(f"{g} – {w} (n=72)" for g in ("Leder", "Total") for w in ("Start", "Slut"))
    rows = [(0.1, 0.25, 0.3, 0.2, 0.05, 0.1), (0.05, 0.2, None, 0.35, 0.3, 0.1),
            (None, None, None, None, None, None), (0.02, 0.18, 0.3, 0.3, 0.15, 0.05)]
    return Figure(key="fig_belief", caption="Tro", kind="stacked_bar", categories=cats,
                  series=tuple(Series(b, tuple(r[i] for r in rows), dont_know=b == "Ved ikke")
                               for i, b in enumerate(BANDS)),
                  alt_text="Figur", value_max=1.0, height=5.0,
                  category_groups=("Leder", "Leder", "Total", "Total"),
                  category_waves=("Start", "Slut", "Start", "Slut"))


def horizontal() -> Figure:
    options = ("Formål med forløbet og forventninger til borgeren", "Arbejdsopgaver og arbejdstid",
               "Plan for opfølgning undervejs i forløbet, herunder hvornår og hvordan der følges op", "Andet")
    return Figure(key="fig_multi", caption="Elementer", kind="horizontal_bar", categories=options,
                  series=(Series("Slut", (0.81, 0.77, 0.52, None)),), alt_text="Figur", value_max=1.0)


def spread() -> Figure:
    cats = tuple(f"{e} – {w}" for e in ("1a", "1b", "2a") for w in ("Start", "Slut"))
    lo = (0.2, 0.3, 0.1, None, 0.25, 0.3)
    cols = [lo, tuple(None if v is None else v + 0.1 for v in lo), tuple(None if v is None else v + 0.2 for v in lo),
            tuple(None if v is None else v + 0.3 for v in lo), tuple(None if v is None else v + 0.4 for v in lo)]
    return Figure(key="fig_spread", caption="Spredning", kind="spread", categories=cats,
                  series=tuple(Series(n, c) for n, c in zip(STATS, cols)), alt_text="Figur", value_max=1.0,
                  category_groups=tuple(e for e in ("1a", "1b", "2a") for _ in range(2)),
                  category_waves=("Start", "Slut") * 3)


def means() -> Figure:
    return Figure(key="fig_caseload", caption="Sager", kind="clustered_bar",
                  categories=("Sagsbehandler: antal sager", "Virksomhedskonsulent: antal sager"),
                  series=(Series("Midt", (38.4, 21.0)), Series("Slut", (33.2, None))),
                  alt_text="Figur", value_format="number")


ALL = {"clustered_bar": clustered, "stacked_bar": stacked, "horizontal_bar": horizontal, "spread": spread,
       "means": means}


@pytest.fixture
def samples():
    """name → a fresh model figure of that shape (all with missing values)."""
    return {name: make() for name, make in ALL.items()}


@pytest.fixture(params=["nordlys", "fjord"])
def brand(request):
    return load_brand(request.param)
