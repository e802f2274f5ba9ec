"""Draw the intervention model of the 'Social støtte' example (fixtures/social-support/images/model.png).

A consultant-drawn diagram in a real project; here a simple box diagram so the note carries a model figure
(Figur 2-1 of the reference document) as an image. Run: ``python tools/draw_social_support_model.py``."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyBboxPatch  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "social-support" / "images" / "model.png"
PHASES = ["Overgang", "Afprøvning", "Overdragelse"]
TRACKS = [("Virksomheds-\nrettet indsats", "#1f5f8b"), ("Social støtte\n(CTI-metoden)", "#2e8b57")]


def _box(ax, x, y, w, h, text, colour, text_colour="white"):
    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.02,rounding_size=0.08", fc=colour, ec="none"))
    ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", color=text_colour, fontsize=9, wrap=True)


def draw(path: Path = OUT) -> Path:
    fig, ax = plt.subplots(figsize=(8, 3.2), dpi=150)
    ax.set_xlim(0, 10)
    ax.set_ylim(0.7, 4)
    ax.axis("off")
    _box(ax, 0.1, 1.3, 1.6, 1.4, "Visitation\nog fælles\nopstarts-\nmøde", "#555555")
    for i, phase in enumerate(PHASES):
        ax.text(2.6 + i * 2.0, 3.7, phase, ha="center", va="center", fontsize=9, color="#333333", weight="bold")
    for row, (track, colour) in enumerate(TRACKS):
        y = 2.2 - row * 1.3
        for i in range(3):
            _box(ax, 1.9 + i * 2.0, y, 1.8, 1.0, track if i == 0 else ("Opfølgning" if i == 1 else "Fastholdelse"),
                 colour)
    _box(ax, 8.1, 1.3, 1.8, 1.4, "Job og\nfastholdelse", "#c06000")
    for y in (2.7, 1.4):
        ax.annotate("", xy=(8.05, 2.0), xytext=(7.75, y), arrowprops={"arrowstyle": "->", "color": "#333333"})
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return path


if __name__ == "__main__":
    print(draw())
