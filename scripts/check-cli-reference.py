#!/usr/bin/env python3
"""Checks that the DocC command-line reference names every command and option of strata.

    scripts/check-cli-reference.py PATH/TO/strata Sources/Strata/Strata.docc/CLIReference.md

Reads `strata --help` for the list of subcommands and `strata CMD --help` for each one's
options. Every subcommand needs a `### strata CMD` section; every option it prints needs
to appear in that section, or in the common-options table before the first command
section. `-h, --help` is left out (every command has it); `--version` counts only where
the command takes a value with it (`baseline`, `squash`).

Prints what is missing, one line each, and exits 1 if anything is; 0 otherwise.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys


def help_text(binary: str, *args: str) -> str:
    env = dict(os.environ, COLUMNS="100")
    result = subprocess.run([binary, *args, "--help"], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"{binary} {' '.join(args)} --help exited {result.returncode}: {result.stderr.strip()}")
    return result.stdout


def section(text: str, title: str) -> list[str]:
    """The lines of a help section (`OPTIONS:`), up to the next blank-line-separated title."""
    lines = text.split("\n")
    try:
        start = lines.index(title) + 1
    except ValueError:
        return []
    body = []
    for line in lines[start:]:
        if line and not line.startswith(" "):
            break
        body.append(line)
    return body


def subcommands(binary: str) -> list[str]:
    names = []
    for line in section(help_text(binary), "SUBCOMMANDS:"):
        m = re.match(r"^  ([a-z][\w-]*)\s", line)
        if m:
            names.append(m.group(1))
    return names


def options(binary: str, command: str) -> list[str]:
    """The long names (or short ones, for flags without) of a command's options."""
    names = []
    for line in section(help_text(binary, command), "OPTIONS:"):
        m = re.match(r"^  (-\S.*?)(?:\s{2,}|$)", line)
        if not m:
            continue
        spec = m.group(1)
        if spec == "-h, --help" or spec == "--version":
            continue
        longs = re.findall(r"--[\w-]+", spec)
        names.append(longs[0] if longs else spec.split()[0])
    return names


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    binary, reference = argv
    with open(reference, encoding="utf-8") as f:
        text = f.read()
    parts = re.split(r"^### strata ([\w-]+)\s*$", text, flags=re.M)
    common = parts[0]
    sections = {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}
    missing = []
    for command in subcommands(binary):
        body = sections.get(command)
        if body is None:
            missing.append(f"{reference}: no '### strata {command}' section")
            continue
        for option in options(binary, command):
            pattern = re.compile(re.escape(option) + r"(?![\w-])")
            if not pattern.search(body) and not pattern.search(common):
                missing.append(f"{reference}: 'strata {command}' does not mention {option}")
    for line in missing:
        print(line)
    if missing:
        print(f"{len(missing)} command(s) or option(s) missing from the reference", file=sys.stderr)
        return 1
    print(f"every command and option of {binary} is in {reference}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
