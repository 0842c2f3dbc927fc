"""Diagnostics in the interface language. The content engine (and so the CLI) writes them in English;
here each known phrase is rewritten in Polish, keeping the quoted names, numbers and paths as they are.

A message with a phrase not listed stays in English rather than being half-guessed; a test parses the
fixtures with errors and checks that every message they produce is fully Polish.
"""

from __future__ import annotations

import re

from glossary.corpus.entry import Diagnostic

_Q = r"'([^']*)'"  # a quoted name, kept as is

# (English phrase as a regex, Polish replacement), applied in order; longer phrases first.
PHRASES: tuple[tuple[str, str], ...] = (
    (
        r"file is empty: start from `python -m glossary new \"Term\"` or copy an existing entry",
        'plik jest pusty: zacznij od `python -m glossary new "Termin"` albo skopiuj istniejące hasło',
    ),
    (
        r"front matter opened with '---' on line 1 is not closed: add a closing '---' line",
        "nagłówek YAML otwarty przez '---' w wierszu 1 nie jest zamknięty: dodaj wiersz '---' na końcu",
    ),
    (
        r"front matter is not valid YAML \((.*)\): fix the lines between the '---' markers",
        r"nagłówek nie jest poprawnym YAML-em (\1): popraw wiersze między znacznikami '---'",
    ),
    (
        r"front matter must be 'key: value' lines \(title: \.\.\., aliases: \[\.\.\.\]\)",
        "nagłówek to wiersze 'klucz: wartość' (title: ..., aliases: [...])",
    ),
    (rf"unknown front-matter key {_Q}", r"nieznany klucz nagłówka '\1'"),
    (
        rf"front-matter {_Q} should be a list like \[a, b\]; it was ignored",
        r"pole nagłówka '\1' ma być listą, np. [a, b]; pominięto je",
    ),
    (
        rf"front-matter {_Q} should be a single value; it was ignored",
        r"pole nagłówka '\1' ma mieć jedną wartość; pominięto je",
    ),
    (
        r"link '(.*)' is not http\(s\): use an https:// address or an in-app link \[text\]\(/slug\)",
        r"link '\1' nie jest http(s): użyj adresu https:// albo linku do hasła [tekst](/slug)",
    ),
    (
        r"table row has (\d+) cells but the header has (\d+): make every row the same width "
        r"\(add empty cells '\| \|' or remove extra ones\)",
        r"wiersz tabeli ma \1 komórek, a nagłówek \2: wyrównaj wiersze (dodaj puste komórki '| |' "
        r"albo usuń nadmiarowe)",
    ),
    (
        r"code fence opened here is never closed: add a line with (.*) after the code",
        r"blok kodu otwarty tutaj nie jest zamknięty: dodaj po kodzie wiersz \1",
    ),
    (
        rf"section {_Q} appears twice: merge it into the first one",
        r"sekcja '\1' występuje dwa razy: połącz ją z pierwszą",
    ),
    (
        r"text before the first section: move it into a section \(it is kept as an extra section\)",
        "tekst przed pierwszą sekcją: przenieś go do sekcji (na razie jest osobną sekcją)",
    ),
    (
        r"the definition has no heading: put it under '## 🎯 Definicja'",
        "definicja nie ma nagłówka: umieść ją pod '## 🎯 Definicja'",
    ),
    (
        r"no definition: add a '## 🎯 Definicja' section with a sentence saying what the term is",
        "brak definicji: dodaj sekcję '## 🎯 Definicja' ze zdaniem, czym jest termin",
    ),
    (
        rf"unknown lang {_Q}: use 'pl' or 'en' \(assumed 'pl'\)",
        r"nieznany język '\1': użyj 'pl' albo 'en' (przyjęto 'pl')",
    ),
    (rf"unknown section {_Q}", r"nieznana sekcja '\1'"),
    (
        r"source \[([^\]]*)\] has no URL: add one, e.g\. '- \[([^\]]*)\] Title: https://…'",
        r"źródło [\1] nie ma adresu URL: dodaj go, np. '- [\2] Tytuł: https://…'",
    ),
    (
        r"source \[([^\]]*)\] URL '(.*)' is not http\(s\): use an https:// address",
        r"adres źródła [\1] '\2' nie jest http(s): użyj adresu https://",
    ),
    (
        rf"unknown activation {_Q} \((.*)\): the page will have no activation demos",
        r"nieznana funkcja aktywacji '\1' (\2): strona nie będzie miała demonstracji aktywacji",
    ),
    (rf"link to a missing entry {_Q}", r"link do nieistniejącego hasła '\1'"),
    (r": fix the link or create it", ": popraw link albo utwórz hasło"),
    (
        rf"related entry {_Q} does not exist: fix the slug in 'related'",
        r"powiązane hasło '\1' nie istnieje: popraw adres w 'related'",
    ),
    (
        rf"duplicate slug {_Q}: (.*) and (.*) name the same entry; rename one file",
        r"powtórzony adres '\1': \2 i \3 to to samo hasło; zmień nazwę jednego pliku",
    ),
    (
        rf"duplicate title or alias {_Q}: (.*) and (.*) both use it; remove it from one of them",
        r"powtórzony tytuł lub alias '\1': używają go \2 i \3; usuń go z jednego z nich",
    ),
    (
        r"the address /(\S+) belongs to the app's own page \((.*)\); rename the file",
        r"adres /\1 należy do strony aplikacji (\2); zmień nazwę pliku",
    ),
    (
        rf"alias {_Q} is only another spelling of {_Q} \(case, diacritics, hyphens\)",
        r"alias '\1' to tylko inna pisownia '\2' (wielkość liter, znaki diakrytyczne, łączniki)",
    ),
    (r": remove it from 'aliases'", ": usuń go z 'aliases'"),
    (
        rf"image {_Q} has no alt text: say what it shows, as in (.*)",
        r"obraz '\1' nie ma tekstu alternatywnego: napisz, co przedstawia, jak w \2",
    ),
    (
        r"page budget: ([\d,]+) (.*), the page shows the first ([\d,]+) and a note from here on "
        r"\(split the entry or move the material into its own entries\)",
        r"limit strony: \1 × \2, strona pokazuje pierwsze \3 i od tego miejsca notkę "
        r"(podziel hasło albo przenieś materiał do osobnych haseł)",
    ),
    (
        r"demo block (.*) is not shown: put it between paragraphs of the definition, "
        r"the explanation or the example",
        r"blok demonstracji \1 nie jest pokazany: umieść go między akapitami definicji, "
        r"wyjaśnienia lub przykładu",
    ),
    (rf"unknown demo {_Q}", r"nieznana demonstracja '\1'"),
    (r"demo block without a name", "blok demonstracji bez nazwy"),
    (
        r": use one of (.*) \(`python -m glossary demos` lists them\)",
        r": użyj jednej z: \1 (lista: `python -m glossary demos`)",
    ),
    (
        r"demo settings are not valid YAML \((.*)\): defaults used",
        r"ustawienia demonstracji nie są poprawnym YAML-em (\1): użyto domyślnych",
    ),
    (rf"demo {_Q} has no setting {_Q}", r"demonstracja '\1' nie ma ustawienia '\2'"),
    (r"; its settings: ", "; jej ustawienia: "),
    (rf"demo {_Q}, setting {_Q}: ", r"demonstracja '\1', ustawienie '\2': "),
    (
        rf"{_Q} is a discouraged variant \((.*)\): write {_Q} instead \(one term per concept, see (\S+)\)",
        r"'\1' to odradzany wariant (\2): pisz '\3' (jeden termin na pojęcie, zob. \4)",
    ),
    (
        r"this table writes decimals both with a comma and with a point: use one separator in a table "
        r"\(a comma, or a point in a worked x / f\(x\) / f'\(x\) table\)",
        r"ta tabela zapisuje ułamki i z przecinkiem, i z kropką: użyj w tabeli jednego separatora "
        r"(przecinka albo kropki w tabeli wartości x / f(x) / f'(x))",
    ),
    (
        r"internal parser error \((.*)\): please report it",
        r"wewnętrzny błąd parsera (\1): prosimy go zgłosić",
    ),
    # pieces shared by several messages
    (rf" \(did you mean {_Q}\?\)", r" (czy chodziło o '\1'?)"),
    (rf"did you mean {_Q}\?", r"czy chodziło o '\1'?"),
    (r"known: ", "znane: "),
    (r": default used", ": użyto domyślnej wartości"),
    (r": defaults used", ": użyto domyślnych"),
    (r"is outside (\[[^\]]*\]): (\S+) used", r"jest poza \1: użyto \2"),
    (r"is outside (\[[^\]]*\]): clamped", r"jest poza \1: przycięto"),
    (r"expected true or false, got ", "oczekiwano true albo false, jest "),
    (r"; it is kept as an extra section", "; zostaje jako dodatkowa sekcja"),
    (r" is not one of ", " nie jest jedną z wartości: "),
    (r" is not a list of up to (\d+) of ", r" nie jest listą najwyżej \1 spośród: "),
    (r" is not a list of (\d+)–(\d+) numbers in ", r" nie jest listą \1–\2 liczb z "),
    (r" is not \[low, high\] within ", " nie jest parą [od, do] w granicach "),
    (r" is not a whole number in ", " nie jest liczbą całkowitą z "),
    (r" is not a number in ", " nie jest liczbą z "),
    (r"low must be below high", "początek musi być mniejszy niż koniec"),
    (r" not among (.*) \(ignored\)", r" spoza \1 (pominięto)"),
    (r"at most (\d+) \(the rest ignored\)", r"najwyżej \1 (resztę pominięto)"),
)

_COMPILED = tuple((re.compile(pattern), polish) for pattern, polish in PHRASES)


def message(diag: Diagnostic, lang: str) -> str:
    """``diag``'s message in ``lang`` (English as the engine wrote it, or Polish)."""
    text = diag.message
    if lang != "pl":
        return text
    for pattern, polish in _COMPILED:
        text = pattern.sub(polish, text)
    return text


def line_text(diag: Diagnostic, path: str, lang: str) -> str:
    """``path:line: severity: message`` as the CLI prints it, in ``lang``."""
    from glossary.ui.i18n import t

    severity = (
        t(f"severity_{diag.severity}", lang) if diag.severity in ("error", "warning") else diag.severity
    )
    return f"{path}:{diag.line}: {severity}: {message(diag, lang)}"
