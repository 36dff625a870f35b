"""Hostile and broken files: each is refused or handled with its file and reason, in bounded
time, and the good files of the same run land."""

from __future__ import annotations

import io
import shutil
import time
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from borderkg.cli import app
from borderkg.graph.export import export
from borderkg.loaders import iati
from borderkg.loaders.codelists import CodelistError, read_codelist
from borderkg.loaders.curation import CurationError, parse_curation
from borderkg.loaders.registry import LoadError, decode, read_file
from borderkg.loaders.text import html_to_text
from borderkg.pipeline.ingest import ingest
from borderkg.store import Store

cli = CliRunner(env={"COLUMNS": "250"})
PROSE = ("Integrated border management in Moldova\n\nThe International Organization for "
         "Migration (IOM) trained officers of the Border Police of Moldova at crossing points, "
         "with funding from the European Union.\n")


def activity(identifier: str, body: str = "") -> str:
    return (f"<iati-activity default-currency='EUR'><iati-identifier>{identifier}"
            f"</iati-identifier><title><narrative>Border posts {identifier}</narrative></title>"
            "<participating-org ref='XI-IATI-EC_NEAR' role='1'><narrative>DG NEAR</narrative>"
            f"</participating-org><recipient-country code='MD'/>{body}</iati-activity>")


def iati_file(*activities: str, prolog: str = "") -> bytes:
    return (f"<?xml version='1.0' encoding='UTF-8'?>{prolog}<iati-activities version='2.03'>"
            + "".join(activities) + "</iati-activities>").encode("utf-8")


def items(data: bytes) -> tuple[list[iati.IatiActivity], list[iati.Problem]]:
    parsed = list(iati.parse_activities(io.BytesIO(data)))
    return ([a for a in parsed if isinstance(a, iati.IatiActivity)],
            [p for p in parsed if isinstance(p, iati.Problem)])


LAUGHS = ("<!DOCTYPE lolz [<!ENTITY lol 'lol'>"
          + "".join(f"<!ENTITY lol{i} '{('&lol' + str(i - 1) + ';') * 10}'>"
                    .replace("&lol0;", "&lol;") for i in range(1, 10)) + "]>")


# -- XML: entity bombs and XXE, wherever they hide ---------------------------------------------
@pytest.mark.parametrize("prolog", [
    LAUGHS,
    "<!DOCTYPE x [<!ENTITY s SYSTEM 'file:///etc/passwd'>]>",
    "<!DOCTYPE x SYSTEM 'http://127.0.0.1:9/x.dtd'>",
    "<!--" + "x" * 70_000 + "-->" + LAUGHS,  # past the 64 KiB the old check read
    "<?pi " + "y" * 70_000 + "?><!-- a -->\n\n" + LAUGHS,
])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-be", "utf-32"])
def test_a_dtd_is_refused_in_any_encoding_after_any_comment(prolog: str, encoding: str) -> None:
    text = f"<?xml version='1.0' encoding='{encoding.upper()}'?>{prolog}" \
           f"<iati-activities version='2.03'>{activity('XI-1')}</iati-activities>"
    data = text.encode("utf-16" if encoding == "utf-16" else encoding)
    assert iati.detect(data)  # seen as an IATI file, whatever the encoding
    started = time.monotonic()
    with pytest.raises(iati.IatiFileError, match="declarations are not allowed"):
        iati.check(io.BytesIO(data))
    with pytest.raises(iati.IatiFileError):  # and the parser alone refuses it too
        items(data)
    assert time.monotonic() - started < 2


def test_the_format_is_found_behind_a_long_comment(tmp_path: Path) -> None:
    from borderkg.loaders.registry import stream_loader

    path = tmp_path / "commented.xml"
    path.write_bytes(iati_file(activity("XI-C"), prolog="<!--" + "x" * 200_000 + "-->"))
    loader = stream_loader(path)
    assert loader is not None and loader.template == iati.TEMPLATE


def test_a_utf16_file_without_a_dtd_is_read() -> None:
    data = ("<?xml version='1.0' encoding='UTF-16'?><iati-activities version='2.03'>"
            + activity("XI-UTF16") + "</iati-activities>").encode("utf-16")
    iati.check(io.BytesIO(data))
    found, problems = items(data)
    assert [a.identifier for a in found] == ["XI-UTF16"] and problems == []


def test_codelists_refuse_dtds_and_name_the_file(tmp_path: Path) -> None:
    bomb = tmp_path / "Sector.xml"
    bomb.write_text(f"<?xml version='1.0'?>{LAUGHS}<codelist name='Sector'><codelist-items>"
                    "<codelist-item><code>&lol9;</code></codelist-item></codelist-items>"
                    "</codelist>", "utf-8")
    broken = tmp_path / "Broken.xml"
    broken.write_text("<codelist><codelist-items><codelist-item>", "utf-8")
    other = tmp_path / "Other.xml"
    other.write_text("<html><body>not a codelist</body></html>", "utf-8")
    for path, reason in ((bomb, "not allowed"), (broken, "not well-formed XML"),
                         (other, "not an IATI codelist")):
        with pytest.raises(CodelistError, match=reason) as info:
            read_codelist(path)
        assert str(path) in str(info.value)


# -- IATI: numbers, dates and identifiers ----------------------------------------------------
@pytest.mark.parametrize("value", ["1e9999999", "sNaN", "NaN", "-Infinity", "Infinity",
                                   "1e999999", "1e-999999", "2e15", "12" * 40, "0x10", ""])
def test_impossible_amounts_are_reported_and_the_other_activities_kept(value: str) -> None:
    data = iati_file(activity("XI-GOOD-1"),
                     activity("XI-BAD", f"<budget><value>{value}</value></budget>"),
                     activity("XI-GOOD-2", "<budget><value>1000.50</value></budget>"))
    found, problems = items(data)
    assert [a.identifier for a in found] == ["XI-GOOD-1", "XI-GOOD-2"]
    assert len(problems) == 1 and problems[0].field == "iati-activity XI-BAD"
    assert len(problems[0].reason) < 200  # a 1 MB number is not echoed back


@pytest.mark.parametrize("percentage", ["101", "-5", "NaN", "1e3"])
def test_impossible_percentages_are_reported(percentage: str) -> None:
    data = iati_file(activity("XI-P", f"<sector code='15190' percentage='{percentage}'/>"))
    found, problems = items(data)
    assert found == [] and "percentage" in problems[0].reason


@pytest.mark.parametrize("day", ["2020-13-45", "2020-02-30", "2020-00-10", "20200101", "soon"])
def test_impossible_dates_are_dropped_and_reported_the_activity_kept(day: str) -> None:
    data = iati_file(activity("XI-D", f"<activity-date type='2' iso-date='{day}'/>"
                                      "<activity-date type='4' iso-date='2021-06-30'/>"
                                      f"<transaction><transaction-type code='3'/>"
                                      f"<transaction-date iso-date='{day}'/>"
                                      f"<value value-date='{day}'>10</value></transaction>"))
    found, problems = items(data)
    assert len(found) == 1 and found[0].dates == {"4": "2021-06-30"}
    assert found[0].transactions[0].date is None
    assert found[0].transactions[0].value.value_date is None
    assert len(problems) == 3 and all("is not a date" in p.reason for p in problems)


def test_duplicate_identifiers_are_reported_not_merged() -> None:
    data = iati_file(activity("XI-DUP"), activity("XI-OTHER"), activity("XI-DUP"))
    found, problems = items(data)
    assert [a.identifier for a in found] == ["XI-DUP", "XI-OTHER"]
    assert len(problems) == 1 and "duplicate iati-identifier" in problems[0].reason


def test_nothing_impossible_reaches_the_store(tmp_path: Path) -> None:
    path = tmp_path / "hostile-iati.xml"
    path.write_bytes(iati_file(
        activity("XI-OK", "<activity-date type='2' iso-date='2020-02-30'/>"
                          "<budget><value>250000</value></budget>"),
        activity("XI-NAN", "<budget><value>NaN</value></budget>")))
    store = Store.open("memory")
    report = ingest(store, [path])
    assert report.files[0].status == "added" and report.files[0].activities == 1
    literals = {str(o) for _, _, o, _ in store.quads()}
    assert "2020-02-30" not in literals and "NaN" not in literals and "250000" in literals


# -- pages: files that are not pages, binary content, sizes and depth ------------------------
@pytest.mark.parametrize(("content", "reason"), [
    ("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e ex:f .\n", "RDF"),
    ("<http://x/a> <http://x/b> <http://x/c> .\n<http://x/d> <http://x/e> \"f\" .\n", "RDF"),
    ('{"@context": "http://schema.org/", "name": "IOM border project in Moldova"}', "JSON"),
    ("id,title,country,budget\n1,Border posts,MD,100\n2,Training,UA,200\n3,X,RS,300\n",
     "delimited table"),
    ("<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'/>",
     "RDF/XML"),
    ("<?xml version='1.0'?><catalog><book>Border</book></catalog>", "XML"),
])
def test_data_named_txt_is_not_read_as_a_page(content: str, reason: str) -> None:
    with pytest.raises(LoadError, match=reason):
        decode(content.encode(), path="looks-like-a-page.txt")


def test_a_nul_anywhere_makes_a_file_binary() -> None:
    data = (PROSE + "x" * 9000 + "\x00 Border Police").encode()
    with pytest.raises(LoadError, match="NUL byte at byte"):
        decode(data, path="late-nul.txt")


def test_control_characters_never_reach_a_literal(tmp_path: Path) -> None:
    page = tmp_path / "controls.txt"
    page.write_text(PROSE.replace("Border Police", "Border\x0b Po\x1blice\x07"), "utf-8")
    store = Store.open("memory")
    report = ingest(store, [page])
    assert report.files[0].status == "added"
    literals = " ".join(str(o) for _, _, o, _ in store.quads())
    assert not any(ch in literals for ch in "\x0b\x1b\x07")
    Graph().parse(data=export(store, "xml"), format="xml")  # RDF/XML stays readable


def test_deep_nesting_is_refused_in_bounded_time() -> None:
    page = "<html><body>" + "<div>x" * 100_000 + "</div>" * 100_000 + "</body></html>"
    started = time.monotonic()
    with pytest.raises(LoadError, match="nested deeper than 256"):
        decode(page.encode(), path="nested.html")
    assert time.monotonic() - started < 5


def test_html_to_text_grows_linearly() -> None:
    unit = "<p>Border <b>management</b> in <a href='#'>Moldova</a>.</p>"
    def cost(n: int) -> float:
        page = "<html><body>" + unit * n + "</body></html>"
        started = time.perf_counter()
        html_to_text(page)
        return time.perf_counter() - started
    small, large = min(cost(5_000) for _ in range(3)), min(cost(50_000) for _ in range(3))
    assert large < 30 * small  # ten times the page; quadratic would be a hundred


def test_oversized_files_are_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as f:
        f.truncate(25_000_000)
    started = time.monotonic()
    with pytest.raises(LoadError, match="larger than any page"):
        read_file(big)
    assert time.monotonic() - started < 1


@pytest.mark.parametrize("text", [
    "Integrated border management\n\n" + "x" * 300_000 + ".",
    "Integrated border management\n\n" + "State Border Guard Service Of The Ministry " * 3000
    + ".",
    "Project\nPartners: " + "Ministry of Interior of the Republic of " * 3000,
    "IOM project\n\n" + " and ".join(["the International Organization for Migration (IOM)"]
                                      * 3000),
    "Integrated border management\n\n" + "ABCDEFGHIJ" * 30_000 + "The end of it all here.",
])
def test_pathological_prose_finishes_in_bounded_time(tmp_path: Path, text: str) -> None:
    from borderkg.pipeline.ingest import prepare_page

    page = tmp_path / "pathological.txt"
    page.write_text(text, "utf-8")
    started = time.monotonic()
    prepare_page(page, None)
    assert time.monotonic() - started < 30


# -- curation and codelist files ---------------------------------------------------------------
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}]\n" for i in range(8)) + "merge: [*i]\n"


@pytest.mark.parametrize(("text", "reason"), [
    (ALIAS_BOMB, "aliases are not allowed"),
    ("merge: [[a, b, c]]", "must be a pair"),
    ("merge: {a: b}", "must be a list"),
    ("other: 1", "keys merge and veto"),
    ("merge: [[a, b]\n", "not readable YAML"),
    ("!!python/object/apply:os.system ['echo pwned']", "not readable YAML"),
])
def test_bad_curation_files_are_refused_with_their_reason(text: str, reason: str) -> None:
    started = time.monotonic()
    with pytest.raises(CurationError, match=reason):
        parse_curation(text, name="curation.yaml")
    assert time.monotonic() - started < 1


def test_a_bad_curation_file_stops_the_run_before_anything_is_written(
        tmp_path: Path, seeds_dir: Path) -> None:
    store = str(tmp_path / "store")
    bad = tmp_path / "curation.yaml"
    bad.write_text(ALIAS_BOMB, "utf-8")
    result = cli.invoke(app, ["ingest", str(seeds_dir), "--store", store, "--curation",
                              str(bad)])
    assert result.exit_code == 1 and "aliases are not allowed" in result.output
    assert str(bad) in " ".join(result.output.split())
    assert len(Store.open(store, read_only=True)) == 0


def test_a_bad_codelist_folder_is_an_error_not_a_traceback(tmp_path: Path,
                                                           seeds_dir: Path) -> None:
    folder = tmp_path / "codelists"
    folder.mkdir()
    (folder / "Sector.xml").write_text("<codelist name='Sector'><codelist-items>", "utf-8")
    result = cli.invoke(app, ["ingest", str(seeds_dir), "--store", str(tmp_path / "s"),
                              "--codelists", str(folder)])
    assert result.exit_code == 1 and "not well-formed XML" in result.output
    assert "Traceback" not in result.output


# -- one run, good and bad files together ----------------------------------------------------
def test_the_good_files_of_a_hostile_run_land(tmp_path: Path, seeds_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    (corpus / "bomb.xml").write_bytes(iati_file(activity("XI-1"), prolog=LAUGHS))
    (corpus / "nan.xml").write_bytes(iati_file(
        activity("XI-NAN", "<budget><value>sNaN</value></budget>"),
        activity("XI-BIG", "<budget><value>1e9999999</value></budget>"),
        activity("XI-FINE", "<budget><value>10</value></budget>")))
    (corpus / "rdf.txt").write_text("@prefix ex: <http://x/> .\nex:a ex:b ex:c .\n", "utf-8")
    (corpus / "nested.html").write_text("<html><body>" + "<div>" * 1000 + "</body></html>",
                                        "utf-8")
    (corpus / "binary.txt").write_bytes(PROSE.encode() + b"\x00")
    (corpus / "[bold]markup[red].txt").write_text(PROSE.replace("Moldova", "[/bold]"),
                                                    "utf-8")
    store = str(tmp_path / "store")
    result = cli.invoke(app, ["ingest", str(corpus), "--store", store])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    for name, reason in (("bomb.xml", "declarations are not allowed"),
                         ("rdf.txt", "RDF"), ("nested.html", "nested deeper"),
                         ("binary.txt", "NUL byte")):
        assert name in out and reason in out, (name, out)
    assert "[bold]markup[red].txt" in out  # printed as written, not read as markup
    projects = cli.invoke(app, ["query", "projects", "--store", store, "-f", "csv"])
    assert "XI-FINE" in projects.stdout and "XI-NAN" not in projects.stdout
    assert "Enhancing Integrated Border Management" in projects.stdout  # a seed


def test_html_pages_expand_no_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", "utf-8")
    page = (f"<!DOCTYPE html [<!ENTITY s SYSTEM '{secret.as_uri()}'>"
            "<!ENTITY b 'bbbbbbbbbb'><!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>]>"
            f"<html><body><p>&s; &c;</p><p>{PROSE}</p></body></html>")
    text = html_to_text(page)
    assert "TOP SECRET" not in text and "bbbbbbbbbb" not in text and "Border Police" in text
