"""Computed values in prose: Danish formatting and the sandbox's limits."""

from __future__ import annotations

import pytest

from reporter.compose.template.expressions import Count, Evaluator, ExpressionError, Score, Share, Style


@pytest.fixture
def ev() -> Evaluator:
    names = {"share": Share(0.5432), "before": Share(0.4951), "score": Score(3.456), "n": Count(12345),
             "nested": {"Lyngby-Taarbæk": {"samlet": Share(0.61)}}, "names": ["Aabenraa", "Ballerup"]}
    return Evaluator(names, Style(lang="da"))


def test_values_print_the_danish_way(ev):
    assert ev.text("share") == "54\u00a0pct."
    assert ev.text("score") == "3,46"
    assert ev.text("n") == "12.345"
    assert ev.text("share | percent") == "54%"
    assert ev.text("score | num(1)") == "3,5"
    assert ev.text("nested['Lyngby-Taarbæk'].samlet") == "61\u00a0pct."
    assert ev.text("names | join") == "Aabenraa, Ballerup"


def test_difference_is_that_of_the_rounded_values(ev):
    # 54,32 % and 49,51 % print as 54 % and 50 %: the reader sees a 4-point rise (the raw difference is 4,81).
    assert ev.text("diff(share, before) | pp") == "4\u00a0pct.-point"
    assert ev.text("(share - before) | pp") == "5\u00a0pct.-point"


def test_english_style():
    ev = Evaluator({"share": Share(0.5), "n": Count(1234)}, Style(lang="en"))
    assert ev.text("share") == "50\u00a0per cent"
    assert ev.text("n") == "1,234"


def test_undefined_name_lists_known_names(ev):
    with pytest.raises(ExpressionError) as err:
        ev.text("sahre")
    assert "'sahre' is undefined" in err.value.message
    assert "share" in err.value.message and "nested" in err.value.message


def test_undefined_key_lists_the_keys_there(ev):
    with pytest.raises(ExpressionError) as err:
        ev.text("nested['Lyngby-Taarbæk'].total")
    assert "known: samlet" in err.value.message


@pytest.mark.parametrize("expression", [
    "open('/etc/passwd').read()",
    "''.__class__.__mro__[1].__subclasses__()",
    "share.__class__",
    "n.bit_length()",
    "names.append('x')",
    "cycler.__init__.__globals__",
    "lipsum.__globals__['os'].popen('id').read()",
    "self.__init__.__globals__",
])
def test_no_python_internals_files_or_methods(ev, expression):
    with pytest.raises(ExpressionError):
        ev.text(expression)


@pytest.mark.parametrize("expression", ["9 ** 9 ** 9", "'x' * 10 ** 8", "[1] * 10 ** 7", "range(10 ** 9) | length"])
def test_runaway_expressions_are_bounded(ev, expression):
    with pytest.raises(ExpressionError):
        ev.text(expression)


def test_statements_are_not_expressions(ev):
    with pytest.raises(ExpressionError):
        ev.text("{% for x in names %}x{% endfor %}")
