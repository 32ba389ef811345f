#!/usr/bin/env python3
"""Lists every public Swift declaration under Sources/ that has no `///` comment.

    scripts/check-doc-comments.py                 check Sources/ (not Sources/StrataTest*)
    scripts/check-doc-comments.py PATH...         check these files or directories instead
    scripts/check-doc-comments.py --count-by-file summary per file after the list

A declaration is public when it says `public` or `open` (after its attributes and other
modifiers) inside scopes that are themselves public, when it has no access modifier in a
`public extension`, when it is a `case` of a public enum, or when it is a requirement of
a public protocol. Its documentation is a `///` line (or a `/** … */` block) right above
it; attribute lines (`@discardableResult`, a multi-line `@available(…)`) may stand in
between. Extensions themselves need none (DocC shows no extension blocks), nor do
imports.

Code inside comments and string literals (multi-line and raw ones included) is skipped,
so generated source held in a string is not taken for a declaration.

Prints `file:line: kind name` for each undocumented declaration and exits 1 if there is
any, 0 otherwise.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

MODIFIERS = (
    r"static|class|final|nonisolated|override|required|convenience|mutating|nonmutating|"
    r"lazy|dynamic|indirect|weak|unowned|optional|prefix|postfix|infix|consuming|borrowing|"
    r"distributed|isolated|__consuming"
)
ACCESS = r"public|open|package|internal|fileprivate|private"
DECL = (
    r"func|var|let|init[?!]?|subscript|struct|class|enum|protocol|actor|extension|typealias|"
    r"associatedtype|case|macro|operator|precedencegroup"
)
TYPE_DECLS = {"struct", "class", "enum", "protocol", "actor", "extension"}

# One attribute: @name, optionally with a balanced-enough argument list on the same line.
ATTR = r"@[A-Za-z_][\w.]*(?:\((?:[^()]|\([^()]*\))*\))?"
DECL_RE = re.compile(
    rf"^(?P<attrs>(?:{ATTR}\s*)*)"
    rf"(?P<mods>(?:(?:{MODIFIERS}|{ACCESS})(?:\((?:set)\))?\s+)*)"
    rf"(?P<kw>{DECL})(?![\w])"
    rf"\s*(?P<name>[A-Za-z_`][\w`]*|[^\w\s(]+)?"
)
ACCESS_RE = re.compile(rf"\b({ACCESS})\b(?!\()")


@dataclass
class Scope:
    kind: str  # a TYPE_DECLS keyword, or "other" for any other brace
    public: bool = False  # members may be public (the scope is public, or unknown: an extension)
    members_public_by_default: bool = False  # `public extension`, public protocol


@dataclass
class Lexer:
    """Tracks comments, string literals and braces across lines."""

    block_depth: int = 0
    multiline_string: str | None = None  # the closing delimiter, e.g. '"""' or '"""#'
    events: list[str] = field(default_factory=list)

    def scan(self, line: str) -> list[str]:
        """Returns the braces ('{' or '}') that the line has outside comments and strings."""
        braces: list[str] = []
        i, n = 0, len(line)
        while i < n:
            if self.block_depth:
                if line.startswith("/*", i):
                    self.block_depth += 1
                    i += 2
                elif line.startswith("*/", i):
                    self.block_depth -= 1
                    i += 2
                else:
                    i += 1
                continue
            if self.multiline_string is not None:
                if line[i] == "\\" and not self.multiline_string.endswith("#"):
                    i += 2
                    continue
                if line.startswith(self.multiline_string, i):
                    i += len(self.multiline_string)
                    self.multiline_string = None
                else:
                    i += 1
                continue
            c = line[i]
            if line.startswith("//", i):
                break
            if line.startswith("/*", i):
                self.block_depth = 1
                i += 2
                continue
            m = re.match(r'(#*)"""', line[i:])
            if m:
                self.multiline_string = '"""' + m.group(1)
                i += len(m.group(0))
                continue
            m = re.match(r'(#*)"', line[i:])
            if m:
                hashes = m.group(1)
                close = '"' + hashes
                i += len(m.group(0))
                while i < n:
                    if not hashes and line[i] == "\\":
                        i += 2
                        continue
                    if line.startswith(close, i):
                        i += len(close)
                        break
                    i += 1
                continue
            if c in "{}":
                braces.append(c)
            i += 1
        return braces


def is_doc_comment_above(lines: list[str], index: int) -> bool:
    """Whether the declaration at `index` has a doc comment above it, past its attributes."""
    j = index - 1
    paren_balance = 0
    while j >= 0:
        text = lines[j].strip()
        if text.startswith("///"):
            return True
        if text.endswith("*/"):
            k = j
            while k >= 0 and "/*" not in lines[k]:
                k -= 1
            return k >= 0 and "/**" in lines[k]
        # An attribute line, or the continuation of a multi-line attribute's arguments.
        paren_balance += text.count(")") - text.count("(")
        if text.startswith("@") or paren_balance > 0:
            j -= 1
            continue
        return False
    return False


def check_file(path: str) -> list[tuple[int, str, str]]:
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    lexer = Lexer()
    scopes: list[Scope] = []
    pending: Scope | None = None  # a type declaration whose `{` has not been seen yet
    missing: list[tuple[int, str, str]] = []

    for index, line in enumerate(lines):
        at_code = lexer.block_depth == 0 and lexer.multiline_string is None
        stripped = line.strip()
        m = DECL_RE.match(stripped) if at_code else None
        if m:
            kw = m.group("kw").rstrip("?!")
            mods = m.group("mods")
            access = ACCESS_RE.findall(mods)
            explicit = access[0] if access else None
            top = scopes[-1] if scopes else None
            inside_code = any(s.kind == "other" for s in scopes)
            if inside_code:
                public = False
            elif explicit in ("public", "open"):
                public = top is None or top.public
            elif explicit is None and top is not None:
                if kw == "case":
                    public = top.kind == "enum" and top.public
                else:
                    public = top.members_public_by_default
            else:
                public = False
            if kw == "case" and (top is None or top.kind != "enum"):
                public = False
            if kw in TYPE_DECLS:
                if kw == "extension":
                    pending = Scope(
                        "extension",
                        public=explicit in (None, "public", "open"),
                        members_public_by_default=explicit in ("public", "open"),
                    )
                else:
                    pending = Scope(kw, public=public, members_public_by_default=public and kw == "protocol")
            needs_doc = public and kw != "extension"
            if needs_doc and not is_doc_comment_above(lines, index):
                missing.append((index + 1, kw, m.group("name") or ""))
        for brace in lexer.scan(line):
            if brace == "{":
                if pending is not None:
                    scopes.append(pending)
                    pending = None
                else:
                    scopes.append(Scope("other"))
            elif scopes:
                scopes.pop()
    return missing


def swift_files(paths: list[str]) -> list[str]:
    files: list[str] = []
    for p in paths:
        if os.path.isfile(p):
            files.append(p)
            continue
        for dirpath, dirnames, filenames in os.walk(p):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.endswith(".swift"):
                    files.append(os.path.join(dirpath, name))
    return files


def default_paths() -> list[str]:
    sources = os.path.join(ROOT, "Sources")
    return [
        os.path.join(sources, d)
        for d in sorted(os.listdir(sources))
        if os.path.isdir(os.path.join(sources, d)) and not d.startswith("StrataTest")
    ]


def main(argv: list[str]) -> int:
    by_file = "--count-by-file" in argv
    paths = [a for a in argv if not a.startswith("--")] or default_paths()
    total = 0
    counts: dict[str, int] = {}
    for path in swift_files(paths):
        rel = os.path.relpath(path, os.getcwd())
        for line, kw, name in check_file(path):
            print(f"{rel}:{line}: {kw} {name} has no /// comment")
            counts[rel] = counts.get(rel, 0) + 1
            total += 1
    if by_file and counts:
        print()
        for rel, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"{n:5d} {rel}")
    if total:
        print(f"{total} public declaration(s) without a /// comment", file=sys.stderr)
        return 1
    print("every public declaration has a /// comment", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
