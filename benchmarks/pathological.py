"""Pathological entries, generated: what a careless bulk import or a hostile author could drop into
``content/``. Used by the page-budget tests and the chaos run; each stays under the parser's 1 MB cap.

``pathological_entries()`` maps a file name to its text.
"""

from __future__ import annotations

HEAD = "---\ntitle: {title}\n---\n\n## 🎯 Definicja\n{title} to hasło wygenerowane do testów.\n\n"


def many_sections(n: int = 10_000) -> str:
    body = "".join(f"### Sekcja {i}\nKrótki akapit {i}.\n\n" for i in range(n))
    return HEAD.format(title="Tysiące sekcji") + "## 📚 Szczegółowe wyjaśnienie\n" + body


def long_table(rows: int = 5_000) -> str:
    table = "| x | f(x) |\n|---|---|\n" + "".join(f"| {i} | {i * i} |\n" for i in range(rows))
    return HEAD.format(title="Długa tabela") + "## 📚 Szczegółowe wyjaśnienie\n" + table


def many_mentions(n: int = 50_000) -> str:
    words = " ".join(["ReLU sigmoida tanh"] * (n // 3))
    return HEAD.format(title="Tysiące wzmianek") + "## 📚 Szczegółowe wyjaśnienie\n" + words + "\n"


def huge_paragraph(size: int = 990_000) -> str:
    head = HEAD.format(title="Ogromny akapit") + "## 📚 Szczegółowe wyjaśnienie\n"
    return head + ("slowo " * (size // 6))[: size - len(head.encode())] + "\n"


def deep_lists(depth: int = 200) -> str:
    lines = "".join("  " * i + f"- poziom {i}\n" for i in range(depth))
    return HEAD.format(title="Głębokie listy") + "## 📚 Szczegółowe wyjaśnienie\n" + lines


def many_code_blocks(n: int = 1_000) -> str:
    blocks = "".join(f"```python\nprint({i})\n```\n\n" for i in range(n))
    return HEAD.format(title="Tysiąc bloków kodu") + "## 💡 Przykład zastosowania\nKod:\n\n" + blocks


def many_demo_blocks(n: int = 500) -> str:
    blocks = "".join(f"```demo gradient\ndepth: {1 + i % 60}\n```\n\n" for i in range(n))
    return HEAD.format(title="Pięćset demonstracji") + "## 📚 Szczegółowe wyjaśnienie\n" + blocks


def alias_bombs() -> str:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    front = "---\ntitle: Bomba\n" + bomb + "---\n\n"
    return front + "## 🎯 Definicja\nBomba to test.\n\n```demo gradient\n" + bomb + "```\n"


def pathological_entries() -> dict[str, str]:
    return {
        "patologia-sekcje.md": many_sections(),
        "patologia-tabela.md": long_table(),
        "patologia-wzmianki.md": many_mentions(),
        "patologia-akapit.md": huge_paragraph(),
        "patologia-listy.md": deep_lists(),
        "patologia-kod.md": many_code_blocks(),
        "patologia-dema.md": many_demo_blocks(),
        "patologia-bomba.md": alias_bombs(),
    }
