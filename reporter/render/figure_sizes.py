"""How large the charts are drawn, in every format: a module without imports, so the command can hand the
charts out to be drawn before it imports any format writer (python-docx alone takes about 0,13 s).

The text column of the A4 page is 21 cm minus 2 × 2,5 cm margins in the PDF, the DOCX and the HTML alike, and
a chart spans it; the DOCX takes its charts as PNG at print resolution.
"""

from __future__ import annotations

TEXT_WIDTH_CM = 16.0        # A4 21 cm minus 2 × 2.5 cm margins
FIGURE_WIDTH_CM = TEXT_WIDTH_CM
CHART_DPI = 300             # the DOCX's chart PNGs
