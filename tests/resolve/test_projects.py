"""Project matching: rules, candidates, curation, and independence from order."""

from __future__ import annotations

import itertools

from borderkg.resolve.projects import Mention, _title_pairs, resolve_projects

A = Mention(graph="g1", key="strengthening-ibm-wb-2009", title="Strengthening Integrated Border "
            "Management in the Western Balkans and Turkey", start_year="2009",
            countries=frozenset({"AL", "RS", "TR"}))
B = Mention(graph="g2", key="ibm-wb-2009", title="Integrated Border Management in the Western "
            "Balkans and Turkey", start_year="2009", countries=frozenset({"AL", "RS", "TR"}))
C = Mention(graph="g3", key="ibm-wb-2014", title="Integrated Border Management in the Western "
            "Balkans and Turkey", start_year="2014", countries=frozenset({"AL", "RS", "TR"}))
PAGE = Mention(graph="g4", key="iom-ib-0213", ids=frozenset({"IB.0213"}), title="A page")
IATI = Mention(graph="g5", key="iati-xm-dac-47066-ib-0213",
               ids=frozenset({"XM-DAC-47066-IB.0213"}), title="Another title")
NEWS = Mention(graph="g6", key="enhancing-ibm-ua-md", title="Enhancing Integrated Border "
               "Management along the Ukraine-Moldova Border", countries=frozenset({"UA", "MD"}),
               orgs=frozenset({"eu", "iom-ua"}))
UNTITLED = Mention(graph="g7", key="untitled-eu-md-ua", label="Untitled project", start_year="2020",
                   countries=frozenset({"MD", "UA"}), orgs=frozenset({"eu", "iom-ua", "iom-md"}),
                   description="This project aims to enhance integrated border management "
                   "between the Republic of Moldova and Ukraine.")
OTHER = Mention(graph="g8", key="ivco", title="Video-Control System at the Belarus-Ukraine "
                "Frontier", countries=frozenset({"BY", "UA"}), orgs=frozenset({"eu", "iom-ua"}))
ALL = [A, B, C, PAGE, IATI, NEWS, UNTITLED, OTHER]


def test_rules() -> None:
    r = resolve_projects(ALL)
    assert r.canonical["strengthening-ibm-wb-2009"] == r.canonical["ibm-wb-2009"] == "ibm-wb-2009"
    assert r.canonical["ibm-wb-2014"] == "ibm-wb-2014"  # same title, other start year
    assert r.canonical["iati-xm-dac-47066-ib-0213"] == "iom-ib-0213"  # IOM project id suffix
    merged = {(d.rule, d.keys) for d in r.decisions if d.decision == "merged"}
    assert merged == {("title+dates+countries", ("ibm-wb-2009", "strengthening-ibm-wb-2009")),
                      ("identifier", ("iati-xm-dac-47066-ib-0213", "iom-ib-0213"))}
    candidates = [d for d in r.decisions if d.decision == "candidate"]
    assert [d.keys for d in candidates] == [("enhancing-ibm-ua-md", "untitled-eu-md-ua")]
    assert 0.6 <= candidates[0].score <= 1
    assert r.canonical["untitled-eu-md-ua"] == "untitled-eu-md-ua"  # not merged


def test_curation_forces_and_vetoes() -> None:
    r = resolve_projects(ALL, merges=[("enhancing-ibm-ua-md", "untitled-eu-md-ua")],
                         vetoes=[("ibm-wb-2009", "strengthening-ibm-wb-2009")])
    assert r.canonical["untitled-eu-md-ua"] == r.canonical["enhancing-ibm-ua-md"]
    assert r.canonical["ibm-wb-2009"] != r.canonical["strengthening-ibm-wb-2009"]
    assert ("vetoed", ("ibm-wb-2009", "strengthening-ibm-wb-2009")) in \
        {(d.decision, d.keys) for d in r.decisions}


def test_order_does_not_matter() -> None:
    first = resolve_projects(ALL)
    for order in itertools.islice(itertools.permutations(ALL), 0, 200, 17):
        again = resolve_projects(order)
        assert again.canonical == first.canonical and again.decisions == first.decisions


def test_titles_compared_share_two_rare_words() -> None:
    """A title meets the titles that share two of its three rarest words: not the many that
    share one common word with it (that block grows with the corpus), and still its near
    duplicate, which merges."""
    pair = [Mention(graph=f"g{i}", key=f"k{i}", title=title, start_year="2010")
            for i, title in enumerate(["Kalo Venmir Security Moldova",
                                       "Kalo Venmir: Security in Moldova (phase I)"])]
    others = [Mention(graph=f"o{i}", key=f"o{i}", title=f"{word} Tasdor Security Moldova",
                      start_year="2010") for i, word in enumerate(["Lopel", "Rinso", "Ubzan"])]
    ms = sorted(pair + others, key=lambda m: (m.key, m.graph))
    pairs = {(ms[i].key, ms[j].key) for i, j in _title_pairs(ms)}
    assert ("k0", "k1") in pairs and ("k1", "k0") in pairs
    assert not {p for p in pairs if {"k0", "k1"} & set(p) and not {"k0", "k1"} >= set(p)}
    assert ("o0", "o1") in pairs  # 'Tasdor' and 'Moldova' are two of their rarest words
    assert resolve_projects(pair + others).canonical["k1"] == "k0"
