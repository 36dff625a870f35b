"""Organisation names to entities: exact names, aliases and acronyms, patterns ('IOM Mission
in X', 'Government of X'), then fuzzy matching; what stays unmatched is a new entity flagged as
unresolved, never dropped. Countries are found with the gazetteer of borderkg.reference."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from borderkg.ontology.iris import digest
from borderkg.reference import load_countries, load_organisations
from borderkg.reference.gazetteer import gazetteer
from borderkg.reference.iati import (
    category,
    family,
    is_channel_code,
    is_placeholder,
    looks_like_identifier,
)
from borderkg.textnorm import clean_name, normalise_name, slugify

FUZZY_THRESHOLD = 90.0
# IATI OrganisationType (codes of 2.0x, names of 1.0x) -> organisation kind.
IATI_TYPE_KIND = {
    "10": "national-government", "government": "national-government",
    "11": "government-body", "local government": "government-body",
    "15": "government-body", "other public sector": "government-body",
    "21": "ngo", "international ngo": "ngo", "22": "ngo", "national ngo": "ngo",
    "23": "ngo", "regional ngo": "ngo", "24": "ngo", "donor country based ngo": "ngo",
    "30": "organisation", "public private partnership": "organisation",
    "40": "international-organisation", "multilateral": "international-organisation",
    "60": "ngo", "foundation": "ngo", "70": "private-sector", "private sector": "private-sector",
    "71": "private-sector", "72": "private-sector", "73": "private-sector",
    "80": "academic", "academic, training and research": "academic", "90": "organisation",
}


def iati_kind(type_code: str | None) -> str:
    """The organisation kind of an IATI OrganisationType code (or 1.0x name)."""
    return IATI_TYPE_KIND.get((type_code or "").strip().lower(), "organisation")


# ---------------------------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OrgRef:
    """An organisation a name resolved to, and how.

    `in_reference` entities are described in the reference graph; the others (made by a
    pattern or new) are described in the graph of the source that named them.
    """

    key: str
    label: str
    kind: str
    written: str
    method: str  # exact | alias | pattern | fuzzy | identifier | new
    score: float
    country: str | None = None
    parent: str | None = None
    iati: str | None = None
    in_reference: bool = True

    @property
    def unresolved(self) -> bool:
        return self.method == "new"


_IOM_OFFICE = [
    re.compile(r"^(?:the )?IOM(?:'s)? (?:Mission|Office|Country Office|Missions) (?:in|to|for) "
               r"(?P<c>.+)$", re.I),
    re.compile(
        r"^(?:the )?International Organi[sz]ation for Migration(?: \(IOM\))?,? "
        r"(?:Mission|Office|Country Office) (?:in|to) (?P<c>.+)$", re.I),
    re.compile(r"^IOM (?P<c>.+)$"),
]
_GOVERNMENT = [
    re.compile(r"^(?:the )?Government of (?:the )?(?P<c>.+)$", re.I),
    re.compile(r"^(?:the )?(?P<c>.+?) Government$", re.I),
    re.compile(r"^(?:le |du )?Gouvernement (?:du |de la |de l'|des |de |d')(?P<c>.+)$", re.I),
    re.compile(r"^(?:el )?Gobierno (?:de la |de los |de las |del |de )(?P<c>.+)$", re.I),
]
_KIND_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bborder police\b|\bpolice (?:aux|des) fronti[eè]res\b|"
                r"\bpolic[ií]a de fronteras\b", re.I), "border-police"),
    (re.compile(r"\bborder guards?\b|\bborder committee\b|\bborder service\b|"
                r"\bgarde[- ]fronti[eè]res?\b|\bguardia (?:de )?fronteras?\b|"
                r"\bservicio (?:nacional )?de fronteras\b", re.I), "border-guard"),
    (re.compile(r"\bcustoms?\b|\bdouanes?\b|\baduanas?\b", re.I), "customs-service"),
    (re.compile(r"\bpolice\b|\bpolic[ií]a\b|\bgendarmer(?:ie|[ií]a)\b|\bcarabineros\b",
                re.I), "police-service"),
    (re.compile(r"\b(?:department|directorate|division|unit|direction|d[ée]partement|"
                r"direcci[óo]n|departamento)\b.*\b(?:ministry|minist[èe]re|ministerio)\b", re.I),
     "ministry-department"),
    (re.compile(r"\bministry\b|\bminist[èe]re\b|\bministerio\b", re.I), "ministry"),
    (re.compile(r"\bgovernment\b|\bgouvernement\b|\bgobierno\b", re.I),
     "national-government"),
    (re.compile(r"\buniversity\b|\binstitute\b|\bacademy\b|\buniversit[ée]\b|"
                r"\buniversidad\b|\binstitut\b|\binstituto\b|\bacad[ée]mie\b|"
                r"\bacademia\b", re.I), "academic"),
    (re.compile(r"\bNGO\b|\bONG\b|\bfoundation\b|\bassociation\b|\bcaritas\b|"
                r"\bred cross\b|\bfondation\b|\bfundaci[óo]n\b|\basociaci[óo]n\b|"
                r"\bcroix[- ]rouge\b|\bcruz roja\b", re.I), "ngo"),
    (re.compile(r"\bagency\b|\binspectorate\b|\bservice\b|\bcommittee\b|\boffice\b|"
                r"\bbureau\b|\bdirectorate\b|\bauthority\b|\bcommission\b|\bagence\b|"
                r"\bagencia\b|\bservicio\b|\bcomit[ée]\b|\boficina\b|\bdirection\b|"
                r"\bdirecci[óo]n\b|\bautorit[ée]\b|\bautoridad\b|\bcomisi[óo]n\b|"
                r"\binspection\b|\bsuperintendencia\b|\bmigraci[óo]n\b", re.I),
     "government-body"),
]
# Kinds of national public bodies: an unknown one whose name gives no country belongs to the
# country its source is about, when the source is about exactly one.
NATIONAL_KINDS = frozenset({"border-police", "border-guard", "customs-service", "police-service",
                            "ministry-department", "ministry", "government-body"})
_REPUBLIC = re.compile(r"^(?:the )?(?:(?:Federal |Islamic |Democratic )?Republic of (?:the )?|"
                       r"R[ée]publique (?:f[ée]d[ée]rale |islamique )?(?:du |de la |de l'|des |de "
                       r"|d')|Rep[úu]blica (?:Federal )?(?:del |de la |de )|Kingdom of (?:the )?|"
                       r"Royaume (?:du |de l'|des |de )|Reino (?:de los |de la |del |de ))", re.I)
_TRAILING_ACRONYM = re.compile(r"^(?P<name>.+?)\s*\((?P<acr>[A-Za-z][A-Za-z0-9&\-. ]{1,15})\)$")


def guess_kind(name: str) -> str:
    """The organisation kind that the words of a name suggest ('organisation' if none)."""
    for pattern, kind in _KIND_WORDS:
        if pattern.search(name):
            return kind
    return "organisation"


CACHE_SIZE = 1 << 16  # resolved names kept per resolver (a few MB)


class OrganisationResolver:
    """Resolves written organisation names to entities (see the module docstring)."""

    def __init__(self) -> None:
        self._entries = load_organisations()
        self._exact: dict[str, str] = {}
        self._alias: dict[str, str] = {}
        self._acronyms: dict[str, str] = {}
        self._raw: dict[str, str] = {}
        for entry in self._entries.values():
            for name in entry.all_names():
                self._raw.setdefault(name, entry.key)
            self._exact.setdefault(normalise_name(entry.name), entry.key)
            for name in entry.all_names():
                self._alias.setdefault(normalise_name(name), entry.key)
            for acronym in entry.acronyms:
                self._acronyms[acronym] = entry.key
        self._choices = sorted(self._alias)
        self._by_iati = {e.iati: e.key for e in self._entries.values() if e.iati}
        self._countries = gazetteer()
        # Resolving is a pure function of its arguments, and sources repeat the same few
        # hundred names (one IATI file names its publisher in every activity): the
        # CACHE_SIZE answers of each kind used last are kept.
        self._resolved = lru_cache(maxsize=CACHE_SIZE)(self._resolve)
        self._resolved_iati = lru_cache(maxsize=CACHE_SIZE)(self._resolve_iati)

    def is_key(self, key: str) -> bool:
        """Whether a key is one of the reference list's."""
        return key in self._entries

    def _ref(self, key: str, written: str, method: str, score: float) -> OrgRef:
        e = self._entries[key]
        return OrgRef(key=key, label=e.name, kind=e.kind, written=written, method=method,
                      score=score, country=e.country, parent=e.parent, iati=e.iati)

    def resolve(self, written: str, *, context_country: str | None = None) -> OrgRef:
        """The entity a written name stands for (see the module docstring for the order).

        `context_country` is the one country the source is about: an unknown national body
        whose name names no country ('Ministry of Interior') is that country's."""
        return self._resolved(written, context_country)

    def _resolve(self, written: str, context_country: str | None) -> OrgRef:
        name = clean_name(written)
        key = normalise_name(name)
        if " " not in name and len(name) <= 8:
            # A short single word is compared as written: "IoM" is not IOM.
            for table in (self._acronyms, self._raw):
                if name in table:
                    return self._ref(table[name], written, "exact", 1.0)
        elif key in self._exact:
            return self._ref(self._exact[key], written, "exact", 1.0)
        elif key in self._alias:
            return self._ref(self._alias[key], written, "alias", 1.0)
        m = _TRAILING_ACRONYM.match(name)
        if m:
            inner = normalise_name(m["name"])
            if inner in self._alias:
                return self._ref(self._alias[inner], written, "alias", 1.0)
            if m["acr"] in self._acronyms:
                return self._ref(self._acronyms[m["acr"]], written, "alias", 1.0)
            name = m["name"]
        pattern = self._pattern(name, written)
        if pattern is not None:
            return pattern
        if " " in name:
            best = process.extractOne(key, self._choices, scorer=fuzz.token_sort_ratio,
                                      score_cutoff=FUZZY_THRESHOLD)
            if best is not None:
                return self._ref(self._alias[best[0]], written, "fuzzy", round(best[1] / 100, 3))
        return self._new(name, written, context_country)

    def _new(self, name: str, written: str, context_country: str | None) -> OrgRef:
        """A new entity for a name outside the reference list, with the kind its head noun
        gives and the country its words (or, for a national body, its source) give."""
        codes = self._countries.codes(name)
        country = codes[0] if len(codes) == 1 else self._countries.demonym_country(name)
        kind = guess_kind(name)
        label = name
        new_key = slugify(name)
        if country is None and context_country is not None and kind in NATIONAL_KINDS:
            country = context_country
            label = f"{name} ({load_countries()[country].name})"
            new_key = slugify(f"{name} {country}")
        if new_key in self._entries or new_key.startswith(("iom-mission-", "government-")):
            new_key = f"{new_key}-{digest(name)[:6]}"
        return OrgRef(key=new_key, label=label, kind=kind, written=written,
                      method="new", score=0.0, country=country, in_reference=False)

    def resolve_iati(self, ref: str | None, name: str | None, type_code: str | None, *,
                     recipients: tuple[str, ...] = ()) -> tuple[OrgRef | None, str | None]:
        """An IATI organisation (identifier, name, type) and the channel category it gave
        instead of an organisation, if any (see borderkg.reference.iati).

        The identifier's family decides first (XI-IATI-EC_INTPA, XT-IATI-EC_INTPA, EC_INTPA
        and activity ids under them are DG INTPA); a category or placeholder is no
        organisation, except 'Recipient Government' with exactly one recipient country,
        which is that country's government; a ref that is 'N/A' or a channel code leaves the
        name to decide; an identifier outside the reference list keys a new entity of the
        kind its IATI type says."""
        return self._resolved_iati(ref, name, type_code, recipients)

    def _resolve_iati(self, ref: str | None, name: str | None, type_code: str | None,
                      recipients: tuple[str, ...]) -> tuple[OrgRef | None, str | None]:
        names = [n.strip() for n in (name or "").split("*") if n.strip()]
        name = names[0] if names else None
        if looks_like_identifier(name) and (not ref or is_placeholder(ref)):
            ref, name = name, None
        ref = None if is_placeholder(ref) else ref.strip() if ref else None
        cat = category(ref, name) or (category(None, name) if is_channel_code(ref) else None)
        if cat is not None:
            if cat.code == "12000" and len(recipients) == 1:
                return self._government(recipients[0], name or cat.name), cat.code
            return None, cat.code
        channel = ref if is_channel_code(ref) else None
        if channel:
            ref = None
        if ref:
            key = family(ref, name) or self._by_iati.get(ref)
            if key is not None:
                return self._ref(key, name or ref, "identifier", 1.0), None
        if name is not None and is_placeholder(name):
            name = None
        if name is None and not ref:
            return None, channel
        for candidate in names if name else []:
            by_name = self.resolve(candidate)
            if by_name.method in ("exact", "alias", "pattern"):
                return by_name, channel
        if ref:
            return OrgRef(key="iati-" + slugify(ref), label=name or ref,
                          kind=iati_kind(type_code), written=name or ref, method="identifier",
                          score=1.0, iati=ref, in_reference=False), None
        assert name is not None
        resolved = self.resolve(name)
        return replace(resolved, kind=iati_kind(type_code)) if resolved.unresolved and \
            type_code else resolved, channel

    def _government(self, code: str, written: str) -> OrgRef:
        key = f"government-{code.lower()}"
        if key in self._entries:
            return self._ref(key, written, "pattern", 1.0)
        return OrgRef(key=key, label=f"Government of {load_countries()[code].name}",
                      kind="national-government", written=written, method="pattern",
                      score=1.0, country=code, in_reference=False)

    def iom_office(self, country_name: str, written: str) -> OrgRef | None:
        """The IOM country office in the named country."""
        code = self._countries.lookup(country_name)
        if code is None:
            return None
        key = f"iom-mission-{code.lower()}"
        if key in self._entries:
            return self._ref(key, written, "pattern", 1.0)
        label = f"IOM Mission in {load_countries()[code].name}"
        return OrgRef(key=key, label=label, kind="country-office", written=written,
                      method="pattern", score=1.0, country=code, parent="iom", in_reference=False)

    def _pattern(self, name: str, written: str) -> OrgRef | None:
        for regex in _IOM_OFFICE:
            m = regex.match(name)
            if m:
                office = self.iom_office(m["c"], written)
                if office is not None:
                    return office
        # A donor named by its country ("United States", "Netherlands") is its government.
        candidates = [m["c"] for regex in _GOVERNMENT if (m := regex.match(name))] + [name]
        candidates += [short for c in candidates if (short := _REPUBLIC.sub("", c)) != c]
        for country in candidates:
            code = self._countries.lookup(country)
            if code is None:
                continue
            return self._government(code, written)
        return None


@cache
def organisation_resolver() -> OrganisationResolver:
    """The shared resolver (building it reads the reference organisations once)."""
    return OrganisationResolver()
