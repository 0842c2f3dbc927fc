"""Every interface string, in Polish (default) and English. Entry text itself is never translated."""

from __future__ import annotations

from glossary.format import count_of
from glossary.ui import strings_demos, strings_teaching, strings_train

LANGS: tuple[str, ...] = ("pl", "en")
DEFAULT_LANG = "pl"
LANG_NAMES = {"pl": "Polski", "en": "English"}

# key -> (Polish, English). Values may contain `{name}` fields filled by `t(key, lang, **fields)`.
# Headings carry no emoji: a screen reader reads an emoji as part of the heading's name.
STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("Glosariusz ML", "ML glossary"),
    "language": ("Język · Language", "Język · Language"),
    "nav_home": ("Wszystkie hasła", "All entries"),
    "nav_main": ("Glosariusz", "Glossary"),
    "nav_entries": ("Hasła", "Entries"),
    "nav_broken": ("Pliki z błędami", "Files with errors"),
    # index
    "index_title": ("Hasła od A do Ż", "Terms A to Z"),
    "index_caption": (
        "Glosariusz uczenia maszynowego, który uczy, uruchamiając matematykę.",
        "A machine-learning glossary that teaches by running the maths.",
    ),
    "search_label": ("Szukaj", "Search"),
    "search_placeholder": ("np. zanikający gradient, relu, łek…", "e.g. vanishing gradient, relu…"),
    "search_results": ("Wyniki wyszukiwania: {n}", "Search results: {n}"),
    "search_none": ("Nic nie znaleziono dla „{q}”.", "Nothing found for “{q}”."),
    "tag_filter": ("Filtruj po tagach", "Filter by tag"),
    "tag_mode": ("Hasła z tagami", "Entries with"),
    "tag_mode_all": ("wszystkimi wybranymi", "all chosen tags"),
    "tag_mode_any": ("dowolnym z wybranych", "any chosen tag"),
    "tags_none": ("Żadne hasło nie ma wszystkich wybranych tagów.", "No entry has all the chosen tags."),
    "tags_none_hint": (
        "Wybierz „dowolnym z wybranych” albo odznacz któryś tag.",
        "Choose “any chosen tag” or unselect a tag.",
    ),
    "count": ("{shown} z {total}", "{shown} of {total}"),
    # noun forms for counts (``tn``): Polish 1 | 2–4 | 5+ (in the case the sentence needs), English 1 | other
    "n_entries_of": ("hasła|haseł|haseł", "entry|entries"),
    "n_entries": ("hasło|hasła|haseł", "entry|entries"),
    "n_files_not_loaded": ("pliku|plików|plików", "file|files"),
    "n_files": ("plik|pliki|plików", "file|files"),
    "n_diagnostics": (
        "komunikat diagnostyczny|komunikaty diagnostyczne|komunikatów diagnostycznych",
        "diagnostic|diagnostics",
    ),
    "no_entries": ("Brak haseł w folderze {folder}.", "No entries in the folder {folder}."),
    "field_title": ("tytuł", "title"),
    "field_alias": ("alias", "alias"),
    "field_key_points": ("kluczowe punkty", "key points"),
    "field_body": ("treść", "text"),
    "broken_files_note": (
        "Nie udało się wczytać {files} — szczegóły w „Stan treści”.",
        "{files} could not be loaded — see “Content health”.",
    ),
    # entry page
    "aliases": ("Inne nazwy", "Also called"),
    "tags": ("Tagi", "Tags"),
    "key_points": ("Kluczowe punkty", "Key points"),
    "explanation": ("Szczegółowe wyjaśnienie", "Detailed explanation"),
    "example": ("Przykład zastosowania", "Example"),
    "sources": ("Źródła", "Sources"),
    "scratchpad": ("Brudnopis", "Scratchpad"),
    "formula": ("Wzór", "Formula"),
    "derivative": ("Pochodna", "Derivative"),
    "demos": ("Demonstracje", "Demos"),
    "related": ("Powiązane hasła", "Related entries"),
    "backlinks": ("Linkują tutaj", "Linked from"),
    "none": ("brak", "none"),
    "entry_lang_note": (
        "Treść hasła jest po polsku; interfejs jest po angielsku.",
        "The entry text is in Polish; the interface is in English.",
    ),
    "source_no_url": ("(bez linku)", "(no link)"),
    "back_to_index": ("Wszystkie hasła", "All entries"),
    # broken entry
    "broken_title": ("Nie udało się wczytać pliku", "This file could not be loaded"),
    "broken_body": (
        "Plik **{path}** ma błędy, więc hasło nie jest wyświetlane. Popraw je i odśwież stronę:",
        "The file **{path}** has errors, so the entry is not shown. Fix them and reload the page:",
    ),
    "line": ("wiersz {line}", "line {line}"),
    "content_missing": (
        "Nie ma folderu z treścią (przeniesiony?): widzisz hasła wczytane ostatnio.",
        "The content folder is missing (moved?): these are the entries loaded last.",
    ),
    "stale_notice": (
        "Pliku **{path}** nie da się teraz wczytać (może jest właśnie zapisywany), więc widzisz jego "
        "ostatnią poprawną wersję. Nowa treść pojawi się, gdy plik znów będzie poprawny:",
        "The file **{path}** cannot be read right now (it may be being saved), so this is its last good "
        "version. The new text shows once the file is valid again:",
    ),
    # not found
    "not_found_title": ("Nie ma takiego hasła", "No such entry"),
    "not_found_body": (
        "Strona **/{path}** nie istnieje.",
        "The page **/{path}** does not exist.",
    ),
    "did_you_mean": ("Czy chodziło o:", "Did you mean:"),
    "no_suggestions": ("Brak podobnych haseł.", "No similar entries."),
    # add entry
    "add_title": ("Dodaj hasło", "Add an entry"),
    "add_intro": (
        "Hasło to jeden plik Markdown w folderze `content/`, nazwany jak adres strony "
        "(`content/leaky-relu.md` → `/leaky-relu`). Aplikacja niczego nie zapisuje: przygotuj plik "
        "tutaj, sprawdź podgląd i diagnostykę, a potem zapisz go w `content/` samodzielnie.",
        "An entry is one Markdown file in the `content/` folder, named like its page address "
        "(`content/leaky-relu.md` → `/leaky-relu`). The app never writes anything: prepare the file "
        "here, check the preview and diagnostics, then save it into `content/` yourself.",
    ),
    "add_format": ("Format pliku", "File format"),
    "add_demos": ("Demonstracje na żywo w tekście: bloki `demo`", "Live demos in the text: `demo` blocks"),
    "add_demos_body": (
        "Blok kodu z nagłówkiem `demo NAZWA` wstawia w tym miejscu strony działające demo; w treści bloku "
        "ustawienia (`nazwa: wartość`, YAML), puste = domyślne. Czytelnik może je zmieniać, a adres strony "
        "zapamiętuje zmiany. Błędne ustawienie daje ostrzeżenie z numerem wiersza, a demo działa z "
        "wartością domyślną.",
        "A code block headed `demo NAME` puts a working demo at that spot of the page; the block's body "
        "holds its settings (`name: value`, YAML), empty for the defaults. Readers can change them and the "
        "page's address remembers the changes. A bad setting gives a warning with its line number and the "
        "demo runs with the default.",
    ),
    "add_demos_default": ("domyślnie", "default"),
    "untitled": ("(bez tytułu)", "(untitled)"),
    "untitled_hint": (
        "Hasło nie ma tytułu: dodaj `title:` w nagłówku YAML, nagłówek `# Tytuł` albo definicję w "
        "postaci „X to …”.",
        "The entry has no title: add `title:` to the YAML header, a `# Title` heading or a definition "
        "of the form “X is …”.",
    ),
    "missing_link": (
        "link do hasła, którego nie ma: „{target}” (dodaj to hasło albo popraw adres)",
        "a link to an entry that does not exist: “{target}” (add that entry or fix the address)",
    ),
    "page_budget": (
        "To hasło jest dłuższe, niż strona pokazuje naraz: powyżej jest jego początek. Pełny tekst jest w "
        "pliku; „Stan treści” wskazuje wiersz, od którego strona go skraca.",
        "This entry is longer than a page shows at once: above is its beginning. The full text is in the "
        "file; “Content health” names the line from which the page cuts it.",
    ),
    "add_format_body": (
        "- Opcjonalny nagłówek YAML między `---`: `title`, `aliases`, `tags`, `lang`, "
        "`activation` (nazwa funkcji z rejestru) i `related` (adresy innych haseł).\n"
        "- Wymagana jest tylko 🎯 Definicja; bez `title` tytuł pochodzi z nagłówka `# …` lub z definicji.\n"
        "- Sekcje `##`: 🎯 Definicja, 🔑 Kluczowe punkty, 📚 Szczegółowe wyjaśnienie (podsekcje `###`), "
        "💡 Przykład zastosowania, 📌 Źródła (`- [1] Tytuł: https://…`), 👽 Brudnopis.\n"
        "- Linki do innych haseł: `[tekst](/slug)`; wzmianki tytułów innych haseł linkują się same.\n"
        "- Tabele GFM i bloki kodu ```` ```python ```` działają; surowy HTML jest pokazywany jako tekst.",
        "- An optional YAML header between `---`: `title`, `aliases`, `tags`, `lang`, "
        "`activation` (a function name from the registry) and `related` (other entries' addresses).\n"
        "- Only 🎯 Definicja is required; without `title` the title comes from a `# Heading` or the "
        "definition.\n"
        "- `##` sections: 🎯 Definicja, 🔑 Kluczowe punkty, 📚 Szczegółowe wyjaśnienie (`###` "
        "subsections), 💡 Przykład zastosowania, 📌 Źródła (`- [1] Title: https://…`), 👽 Brudnopis "
        "(English names work too).\n"
        "- Links to other entries: `[text](/slug)`; mentions of other entries' titles link themselves.\n"
        "- GFM tables and ```` ```python ```` code blocks work; raw HTML is shown as text.",
    ),
    "template_title": ("Tytuł nowego hasła", "Title of the new entry"),
    "template_default": ("Nowe hasło", "New entry"),
    "template_download": ("Pobierz szablon {file}", "Download the template {file}"),
    "paste_label": ("Wklej treść pliku .md", "Paste the .md file's text"),
    "upload_label": ("…albo wgraj plik .md (do 1 MB)", "…or upload a .md file (up to 1 MB)"),
    "too_big": ("Plik ma {size}; limit to 1 MB.", "The file has {size}; the limit is 1 MB."),
    "n_bytes": ("bajt|bajty|bajtów", "byte|bytes"),
    "not_utf8": ("Plik nie jest w UTF-8.", "The file is not UTF-8."),
    "preview": ("Podgląd", "Preview"),
    "diagnostics": ("Diagnostyka", "Diagnostics"),
    "no_diagnostics": ("Brak problemów. ✅", "No problems. ✅"),
    "preview_empty": (
        "Wklej lub wgraj plik, aby zobaczyć podgląd.",
        "Paste or upload a file to see the preview.",
    ),
    "save_hint": ("Zapisz jako `content/{file}`.", "Save it as `content/{file}`."),
    # health
    "health_title": ("Stan treści", "Content health"),
    "health_summary": (
        "{entries}, {failed} z błędami, {diags}.",
        "{entries}, {failed} with errors, {diags}.",
    ),
    "health_diagnostics": ("Wszystkie komunikaty", "Every diagnostic"),
    "health_no_sources": ("Hasła bez źródeł", "Entries without sources"),
    "health_broken_links": ("Zepsute linki między hasłami", "Broken links between entries"),
    "health_stubs": ("Zalążki (brak treści poza definicją)", "Stubs (nothing beyond a definition)"),
    "metric_diagnostics": ("Komunikaty", "Diagnostics"),
    "metric_no_sources": ("Bez źródeł", "Without sources"),
    "metric_broken_links": ("Zepsute linki", "Broken links"),
    "metric_stubs": ("Zalążki", "Stubs"),
    "health_ok": ("Wszystko w porządku. ✅", "All good. ✅"),
    "col_file": ("plik", "file"),
    "col_line": ("wiersz", "line"),
    "col_severity": ("waga", "severity"),
    "col_message": ("problem", "problem"),
    "col_entry": ("hasło", "entry"),
    "col_target": ("cel linku", "link target"),
    "severity_error": ("błąd", "error"),
    "severity_warning": ("ostrzeżenie", "warning"),
    "severity_hint": ("wskazówka", "hint"),
    "image_not_shown": ("Obraz nie jest wyświetlany", "Image not shown"),
}


def normalize_lang(value: object) -> str:
    """A supported language code, or the default for anything else (invalid ``?lang=`` is ignored)."""
    return value if isinstance(value, str) and value in LANGS else DEFAULT_LANG


def _one_table(*tables: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for table in tables:
        clash = {k for k in table if k in merged and merged[k] != table[k]}
        if clash:
            raise ValueError(f"interface strings defined twice, differently: {sorted(clash)}")
        merged.update(table)
    return merged


# One table for the whole interface: the app's strings above and the demos' (strings_demos.py,
# strings_teaching.py, strings_train.py: data only), one lookup `t`.
STRINGS = _one_table(STRINGS, strings_demos.TEXT, strings_teaching.TEXT, strings_train.TEXT)


def tn(key: str, n: int, lang: str) -> str:
    """``n`` with the noun forms of ``key`` in ``lang``: ``tn("n_entries", 22, "pl")`` is "22 hasła"."""
    return count_of(n, lang, STRINGS[key])


def t(key: str, lang: str, **fields: object) -> str:
    """The interface string ``key`` in ``lang`` with ``fields`` filled in.

    An unknown key raises ``KeyError`` (a test checks every key used exists in both languages).
    """
    pl, en = STRINGS[key]
    text = en if lang == "en" else pl
    return text.format(**fields) if fields else text
