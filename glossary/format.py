"""Numbers and counts the way each interface language writes them (no NumPy, no Streamlit).

* Polish writes decimals with a comma (0,25) and groups thousands with a non-breaking space from
  10 000 up (1800, 12 500); English writes 0.25 and 1,800. Both write powers of ten as ``9,1·10⁻¹³`` /
  ``9.1·10⁻¹³`` rather than ``9.1e-13``.
* A Polish count takes one of three noun forms: 1 hasło, 2–4 hasła (also 22–24, 102–104, …, but not
  12–14), 0 and every other number haseł. English takes one or other.

The interface prints every count through :func:`count` and every decimal through :func:`number` (or
:func:`percent`), so a test can hold each sentence to the number it reads.
"""

from __future__ import annotations

import math
import re

NBSP = "\u00a0"
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_EXPONENT = re.compile(r"e([+-]\d+)$")
_SEPARATOR = re.compile(r",\s")  # in a formula built in English every comma separates arguments
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")


def plural_pl(n: int, forms: tuple[str, str, str]) -> str:
    """The Polish form for ``n``: ``forms`` = (for 1, for 2–4, for 5+), e.g. ("hasło", "hasła", "haseł").

    The "2–4" form serves every number ending in 2, 3 or 4 except 12–14; 0, 1 inside a larger number
    (21, 101) and everything else take the third form. For a noun after a preposition or a negation pass
    that case's forms, e.g. ("pliku", "plików", "plików")."""
    one, few, many = forms
    n = abs(int(n))
    if n == 1:
        return one
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return few
    return many


def plural_en(n: int, forms: tuple[str, str]) -> str:
    """The English form for ``n``: ``forms`` = (singular, plural); only 1 takes the singular."""
    return forms[0] if abs(int(n)) == 1 else forms[1]


def count(n: int, lang: str, pl: tuple[str, str, str], en: tuple[str, str]) -> str:
    """``n`` and its noun in ``lang``: ``count(22, "pl", ("hasło", "hasła", "haseł"), ("entry", "entries"))``
    is "22 hasła"."""
    word = plural_en(n, en) if lang == "en" else plural_pl(n, pl)
    return f"{number(int(n), lang)} {word}"


def count_of(n: int, lang: str, forms: tuple[str, str]) -> str:
    """:func:`count` with the noun forms as the string tables keep them, one "|"-separated string per
    language: ``count_of(3, "pl", ("warstwa|warstwy|warstw", "layer|layers"))`` is "3 warstwy"."""
    pl, en = (tuple(f.split("|")) for f in forms)
    if len(pl) != 3 or len(en) != 2:
        raise ValueError(f"noun forms need 3 Polish and 2 English forms, got {forms!r}")
    return count(n, lang, pl, en)  # type: ignore[arg-type]


def localize(text: str, lang: str) -> str:
    """A number Python formatted (``1,234.5``, ``9.1e-13``) in ``lang``'s convention."""
    m = _EXPONENT.search(text)
    if m:
        exponent = str(int(m.group(1))).translate(_SUPERSCRIPT)
        text = f"{text[: m.start()]}·10{exponent}"
    if lang == "en":
        return text
    mantissa = text.split("·")[0].lstrip("-+")
    integer = mantissa.split(".")[0].replace(",", "")
    group = NBSP if len(integer) > 4 else ""  # NOTE: Polish groups from 10 000 up (1800, 12 500)
    return text.translate(str.maketrans({",": group, ".": ","}))


def formula(text: str, lang: str) -> str:
    """A formula with numbers written in, as built in English ("max(0, 1.5)", "[0.5, 0.5]"), in
    ``lang``: Polish takes decimal commas, so its argument and list separators become semicolons
    ("max(0; 1,5)", "[0,5; 0,5]")."""
    if lang == "en":
        return text
    return _DECIMAL_POINT.sub(",", _SEPARATOR.sub("; ", text))


def number(value: float, lang: str, spec: str = "g") -> str:
    """``value`` formatted with ``spec`` (Python's format mini-language, without grouping) and written
    in ``lang``: ``number(0.25, "pl")`` is "0,25", ``number(12500, "en")`` is "12,500"; ∞ and NaN as
    symbols."""
    value = float(value) if not isinstance(value, int) else value
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("∞" if value > 0 else "−∞")
    if isinstance(value, int) and spec == "g":
        spec = "d"  # every digit of a count: 1048577, never 1.04858e+06
    return localize(format(value, "," + spec), lang)


def percent(fraction: float, lang: str, decimals: int = 0) -> str:
    """A fraction as a percentage: ``percent(0.992, "pl", 1)`` is "99,2%"."""
    return number(fraction, lang, f".{decimals}%")


def power_of_ten(value: float, lang: str, digits: int = 2) -> str:
    """A number for a sentence, rounded to ``digits`` significant digits: positional from 0.01 to below
    1000 ("0,25", "120"), else mantissa·10ⁿ ("9,1·10⁻¹³" for 9.095e-13, "10⁻⁹" for 1.0e-9): the
    exponent is never the rounded-down order of magnitude alone. "0" for 0, symbols for ∞ and NaN."""
    if value == 0:
        return "0"
    if not math.isfinite(value):
        return number(value, lang)
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    rounded = float(f"{mantissa}e{exponent}")
    if 0.01 <= abs(rounded) < 1000:
        return number(rounded, lang, "g")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    power = "10" + str(int(exponent)).translate(_SUPERSCRIPT)
    if mantissa in ("1", "-1"):
        return power if mantissa == "1" else "−" + power
    return localize(mantissa, lang) + "·" + power
