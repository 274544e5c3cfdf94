#!/usr/bin/env python3
"""Checks every ```mlir block of the given Markdown files with quant-opt.

Each block must parse and verify, and print -> parse -> print must give the
same text in custom and in generic form. Blocks marked ```mlir-invalid are
skipped. Usage: check-doc-examples.py QUANT_OPT FILE.md...
Exit code 0 when all pass; otherwise the failing blocks are named on stderr.
"""
import re
import subprocess
import sys


def run(quant_opt, text, *args):
    result = subprocess.run([quant_opt, *args], input=text, text=True,
                            capture_output=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip())
    return result.stdout


def main():
    quant_opt, files = sys.argv[1], sys.argv[2:]
    failures = checked = 0
    for path in files:
        text = open(path, encoding="utf-8").read()
        for match in re.finditer(r"^```mlir\n(.*?)^```", text, re.S | re.M):
            line = text.count("\n", 0, match.start()) + 1
            block = match.group(1)
            checked += 1
            try:
                first = run(quant_opt, block)
                second = run(quant_opt, first)
                generic = run(quant_opt, first, "--mlir-print-op-generic")
                third = run(quant_opt, generic)
                if first != second or first != third:
                    raise RuntimeError("round trip changed the text")
            except RuntimeError as error:
                failures += 1
                print(f"{path}:{line}: {error}", file=sys.stderr)
    print(f"checked {checked} mlir examples, {failures} failed")
    return 1 if failures or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
