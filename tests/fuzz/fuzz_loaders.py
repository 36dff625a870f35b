"""A coverage-guided fuzz run (atheris, libFuzzer) of the text loaders: any bytes as a page
file and as an IATI file. A clear refusal (LoadError, IatiFileError, a Problem) is fine; any
other exception is a crash, which libFuzzer reports with the input that caused it.

Run by tests/hostile/test_fuzz.py with a bounded number of runs; by hand, for longer:
    .venv/bin/python tests/fuzz/fuzz_loaders.py -max_total_time=600
"""

from __future__ import annotations

import io
import sys

import atheris

with atheris.instrument_imports(include=["borderkg"]):
    from borderkg.graph.build import SourceInfo, build_document
    from borderkg.loaders import iati
    from borderkg.loaders.registry import LoadError, decode, pick_loader

SOURCE = SourceInfo(file_name="fuzzed.txt", content_hash="0" * 16)


def one_input(data: bytes) -> None:
    if data[:1] == b"<" and b"iati" in data[:200]:
        try:
            for _ in iati.parse_activities(io.BytesIO(data)):
                pass
        except iati.IatiFileError:
            pass
        return
    try:
        text = decode(data, path="fuzzed.html" if data[:1] == b"<" else "fuzzed.txt")
        document = pick_loader(text, path="fuzzed.txt").parse(text)
    except LoadError:
        return
    build_document(document, SOURCE)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
