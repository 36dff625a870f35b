"""Organisations named in running text, with the role the sentence gives them.

spaCy's tokenizer (a blank pipeline: nothing is downloaded) splits each sentence into words,
in which two kinds of candidates are found: names of the reference list (spaCy's
PhraseMatcher, names in en/fr/es, acronyms matched case-sensitively) and capitalised runs of
words (one pass over the words) that hold a head noun of an institution ("Ministry", "Border
Guard", "Servicio", ...). Acronyms defined on the page ("Nigerian Immigration Service (NIS)")
are linked to their expansion, so that a later "NIS" names the same body. Precision filters
drop people, places, systems, documents, events and groups ("Member States"). The words
before a name decide its role where they say it ("funded by", "in partnership with", "hosted
by", ...); otherwise the role is "mentioned".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import regex

from borderkg.loaders.records import OrgMention
from borderkg.reference.gazetteer import gazetteer
from borderkg.reference.organisations import load_organisations
from borderkg.textnorm import clean_name, normalise_name

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span

# Head nouns of institutions (en, fr, es), compared lower-case: a run of capitalised words is
# an organisation only if it holds one of these (or is a known name).
HEADS = frozenset("""
ministry ministries department directorate directorate-general division service services
agency agencies police guard guards gendarmerie customs committee commission council bureau
office authority administration inspectorate government university institute academy college
organization organisation association foundation fund centre center bank union mission
delegation embassy secretariat team unit board corps court parliament assembly forces army navy
coastguard federation society trust company corporation consortium network chamber red cross
crescent ngo
ministère ministere direction département departement agence douane douanes garde conseil
autorité autorite inspection gouvernement université universite institut fondation fonds banque
délégation delegation ambassade comité comite secrétariat secretariat préfecture prefecture
ministerio dirección direccion departamento servicio agencia policía policia guardia aduana
aduanas comisión comision consejo oficina autoridad administración administracion gobierno
universidad instituto organización organizacion fundación fundacion fondo centro banco unión
misión mision delegación embajada secretaría secretaria superintendencia migración migracion
""".split())
# Words that make a capitalised run something other than an organisation.
NOT_ORG_WORDS = frozenset("""
system systems database platform software strategy strategies plan plans agreement agreements
convention declaration protocol law act regulation regulations report handbook manual
guidelines project projects initiative process partnership panel conference meeting meetings
forum summit workshop workshops training trainings day week award programme program
framework policy mechanism compact dialogue roadmap action procedures procedure standards
module course campaign month year states countries nationals home homepage menu sitemap login
""".split())
# Capitalised words that open sentences or clauses, not names.
LEADING = frozenset("""
the this these that those in on at for with during since under as by according its their our
a an both all each today yesterday also through following after before while when within to
from however moreover furthermore meanwhile thus further then there here his her le la les l
el los las un une una des del du de en et y
""".split())
CONNECTORS = frozenset("of for and the on de du des la le les del y et für und & - ’s 's in to "
                       "pour para d l".split())
JOB_TITLES = frozenset("""
head deputy director minister chief secretary ambassador president commissioner officer
coordinator representative chair chairman chairperson spokesperson advisor adviser manager
governor mayor prime vice consul counsellor expert specialist lieutenant colonel general major
captain mr mrs ms dr h.e. excellency directeur directrice ministre chef jefe directora ministra
officers officials representatives delegates experts members participants staff heads agents
""".split())
_OF_WORDS = frozenset("of for on de du des del pour para".split())
# Heads that French and Spanish names write in sentence case ("Ministère de l'intérieur",
# "Agence nationale de lutte contre la traite des personnes").
ROMANCE_HEADS = frozenset("""
ministère ministere direction département departement agence douane douanes garde gendarmerie
conseil autorité autorite inspection gouvernement université universite institut fondation
fonds banque délégation ambassade comité comite secrétariat préfecture prefecture police
service office commission organisation haut ministerio dirección direccion departamento
servicio agencia policía policia guardia aduana aduanas comisión comision consejo oficina
autoridad administración administracion gobierno universidad instituto organización
organizacion fundación fundacion fondo centro banco unión misión mision delegación embajada
secretaría secretaria superintendencia procuraduría fiscalía
""".split())
_ROMANCE_OF = frozenset("de du des del d pour para contre contra".split())
_ROMANCE_ARTICLES = frozenset("la le les l el los las".split())
_ADJECTIVE = re.compile(r"(?:al|ale|ales|aux|ique|iques|ico|ica|icos|icas|aire|aires|ario|"
                        r"aria|arios|arias|ier|ière|iers|ières|ieur|ieure|ieures|ior|iores|"
                        r"érale|érales|eral|erales|ionale|ionales|ional|ionales|ée|ées|é|és|"
                        r"ado|ada|ados|adas|ido|ida|idos|idas|if|ive|ifs|ives|ivo|iva|ivos|"
                        r"ivas)$")
OFFICE_HEADS = frozenset("mission missions office offices delegation embassy team "
                         "representation bureau".split())
MONTHS = frozenset("january february march april may june july august september october "
                   "november december monday tuesday wednesday thursday friday saturday "
                   "sunday".split())

_CAP = r"^(?:[A-ZÀ-ÖØ-Þ][\w’'.&]*|[A-Z]{2,}[\w]*)$"
_CAP_RE = re.compile(_CAP)
_CONNECTOR_RE = re.compile("(?i:^(?:" + "|".join(re.escape(c) for c in sorted(CONNECTORS)) + ")$)")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z]{0,2}[A-Z][A-Za-z0-9&\-]{0,10}$|^[A-Z]{2,}$")
_ELISION = re.compile(r"\b([lLdD])['’](?=\w)")

# List material between a cue and a name: the names before it (ORG), numbers, articles and
# conjunctions, punctuation. It is stripped from the end of the words before a name by
# matching their reverse from the start (a search anchored at the end tries every position
# of the text, and took a third of a page's organisation finding).
LIST_WORDS = ("ORG two three four five six seven eight nine ten several other various "
              "relevant national international partner member the its their both and et y la "
              "le les du des del de el los las al au aux").split()
_LIST_TAIL_REVERSED = re.compile(
    r"\s*(?:(?:\b(?:" + "|".join(re.escape(w[::-1]) for w in (*LIST_WORDS, "as well as"))
    + r"|\d+)\b|'[ld]\b|[,;:()])\s*)+", re.I)
# Role cues: each must end right before the name (after list material is stripped).
CUE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("funding", r"\b(?:co-?)?(?:funded|financed|sponsored|funding provided)\s+by"
                r"|\bwith\s+(?:the\s+)?(?:generous\s+)?(?:financial\s+)?"
                r"(?:funding|contributions?|grants?|financial support)\s+(?:of|from)"
                r"|\bthanks\s+to\s+(?:the\s+)?(?:generous\s+)?(?:funding|financial support|"
                r"contributions?)\s+(?:of|from)"
                r"|\bdonors?(?:\s+(?:is|are|include|includes|was|were))?"
                r"|\bfunded\s+through|\bgrant\s+from|\bfunders?\s+(?:is|are|include)"
                r"|\b(?:co)?financ[ée]e?s?\s+par|\bavec\s+le\s+financement(?:\s+d[eu]s?)?"
                r"|\bgr[âa]ce\s+au\s+financement\s+d[eu]s?|\bfinanciad[oa]s?\s+por"
                r"|\bcon\s+(?:el\s+)?(?:financiamiento|financiaci[óo]n)(?:\s+de(?:l)?)?"),
    ("implementing", r"\b(?:implemented|executed|carried out|delivered|run|managed|"
                     r"led)\s+by|\bimplementing\s+(?:agency|partner|organi[sz]ation)s?"
                     r"(?:\s+(?:is|are|was|were))?|\bmis(?:e)?\s+en\s+(?:œ|oe)uvre\s+par"
                     r"|\bex[ée]cut[ée]e?\s+par|\bimplementad[oa]\s+por|\bejecutad[oa]\s+por"),
    ("partner", r"\bin\s+(?:close\s+)?(?:partnership|cooperation|co-operation|collaboration|"
                r"coordination|consultation)\s+with|\bjointly\s+with|\btogether\s+with"
                r"|\bpartners?(?:\s+(?:is|are|include|includes|such as))?|\bpartnering\s+with"
                r"|\bpartnered\s+with|\bwith\s+partners?\s+(?:such\s+as|including)?"
                r"|\ben\s+(?:partenariat|collaboration|coop[ée]ration|coordination)\s+avec"
                r"|\ben\s+(?:colaboraci[óo]n|coordinaci[óo]n|cooperaci[óo]n|asociaci[óo]n)"
                r"\s+con|\bjunto\s+con"),
    ("supporter", r"\bwith\s+the\s+(?:kind\s+|generous\s+)?support\s+(?:of|from)"
                  r"|\bsupported\s+by|\bavec\s+(?:le\s+soutien|l'appui)(?:\s+d[eu]s?)?"
                  r"|\bcon\s+el\s+apoyo(?:\s+de(?:l)?)?"),
    ("beneficiary", r"\bbeneficiar(?:y|ies)(?:\s+(?:is|are|include|includes|will be))?"
                    r"|\bfor\s+the\s+benefit\s+of|\bcapacit(?:y|ies)\s+of"
                    r"|\b(?:training|capacity[- ]building|assistance|support)\s+(?:of|for|to)"
                    r"|\b(?:support(?:ing|s)?|assist(?:ing|s)?|strengthen(?:ing|s)?"
                    r"|train(?:ing|s)?|equip(?:ping|s)?)(?:\s+the)?(?:\s+capacities\s+of)?"
                    r"|\bb[ée]n[ée]ficiaires?|\bbeneficiari[oa]s?"
                    r"|\bappui(?:e|er|era|ent)?(?:\s+(?:à|a))?|\bau\s+(?:profit|b[ée]n[ée]fice)"
                    r"|\ben\s+faveur|\brenforc(?:e|er|era|ent)(?:\s+les\s+capacit[ée]s)?"
                    r"|\bform(?:e|er|era|ent)|\b[ée]quip(?:e|er|era|ent)"
                    r"|\bapoy(?:a|ar|ará|an)(?:\s+a)?|\ben\s+beneficio"
                    r"|\bfortalec(?:e|er|erá|en)(?:\s+(?:las\s+)?capacidades)?"
                    r"|\bcapacit(?:a|ar|ará|an|ó)(?:\s+a)?"),
    ("host", r"\b(?:hosted|organi[sz]ed|convened|co-organi[sz]ed|co-hosted)\s+by"
             r"|\borganis[ée]e?\s+par|\borganizad[oa]\s+por|\bh[ôo]te\s+"),
    ("participant", r"\b(?:representatives|delegates|participants|officials|officers|"
                    r"experts|delegations|heads|members|staff|agents)\s+(?:of|from)"
                    r"|\battended\s+by|\bbrought\s+together|\bgathered(?:\s+\w+)?\s+(?:of|from)?"
                    r"|\bparticipation\s+of|\bparticipants?\s+(?:included|were)"
                    r"|\b(?:repr[ée]sentants|agents|fonctionnaires|d[ée]l[ée]gu[ée]s|"
                    r"participants|representantes|funcionarios|delegados|oficiales|"
                    r"participantes)(?:\s+d[eu]s?|\s+de(?:l)?)?"
                    r"|\bparticipaci[óo]n(?:\s+de(?:l)?)?|\bparticipation(?:\s+d[eu]s?)?"),
)
# A cue ends where the lead ends: the patterns are searched backwards from the end (the
# `regex` package's REVERSE flag), so a lead without a cue fails at once instead of after a
# try at every position (such searches took a seventh of a page's organisation finding).
ROLE_CUES: tuple[tuple[str, regex.Pattern[str]], ...] = tuple(
    (role, regex.compile(rf"(?:{pattern})\s*$", regex.I | regex.REVERSE))
    for role, pattern in CUE_PATTERNS)
# Whether any cue ends a lead, in one search (most leads hold none)
_ANY_CUE = regex.compile("(?:" + "|".join(f"(?:{pattern})" for _, pattern in CUE_PATTERNS)
                         + r")\s*$", regex.I | regex.REVERSE)
# "member countries ORG", "partner agencies (": list words before names
GROUP_WORDS = ("countries organisations organizations states agencies services institutions "
               "partners bodies donors ministries authorities").split()
_GROUP = re.compile(r"(?:\b[a-z][\w\-]*\s+){0,3}(?:" + "|".join(GROUP_WORDS)
                    + r")\s*(?:ORG|\()")
CUE_WINDOW = 160  # longer than any cue: the longest take under 60 characters
# Roles a name's own verb gives it: "The EU funds ...", "IOM implements ...".
AFTER_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("funding", re.compile(r"^\s*(?:-|–)?\s*(?:funded|financed)\b|^\s*(?:has\s+|have\s+)?"
                           r"(?:funds|funded|finances|financed|is funding)\b", re.I)),
    ("implementing", re.compile(r"^\s*(?:directly\s+)?(?:implements|is implementing|"
                                r"implemented|has implemented|will implement|"
                                r"contributes to the implementation)\b", re.I)),
    ("host", re.compile(r"^\s*(?:hosted|hosts|will host|organi[sz]ed the)\b", re.I)),
)


@dataclass(frozen=True)
class Found:
    """One organisation a sentence names: the name to resolve, as written, where, which role."""

    name: str
    written: str
    start: int
    end: int
    role: str


def sentences(text: str) -> list[str]:
    """The sentences of a text. A line break ends a sentence unless the sentence goes on
    (the next line starts in lower case, or the line is long and ends mid-sentence); no split
    after initials and common abbreviations ('U.S. Government', 'No. 1244'). A run-on
    "sentence" longer than MAX_SENTENCE_CHARS is cut at spaces: no name is that long, and the
    matchers' cost grows faster than the length of what they read."""
    text = _RUN_IN.sub(" ", text)  # 'WHO WE AREThe' -> 'WHO WE ARE The'
    blocks: list[str] = []
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            blocks.append("")
            continue
        if blocks and blocks[-1] and (line[:1].islower() or (
                len(blocks[-1]) > 60 and blocks[-1][-1] not in _ENDS)):
            blocks[-1] = f"{blocks[-1]} {line}"
        else:
            blocks.append(line)
    out: list[str] = []
    for block in filter(None, blocks):
        parts = _SPLIT.split(block)
        for k, part in enumerate(parts):
            if k and _ABBREVIATION.search(out[-1][-8:]):
                out[-1] = f"{out[-1]} {part}"
            else:
                out.append(part)
    return [piece for s in out if s.strip() for piece in _windows(s.strip())]


MAX_SENTENCE_CHARS = 1200
_RUN_IN = re.compile(r"(?<=[A-Z]{2})(?=[A-Z][a-z])")
_ENDS = frozenset('.!?:;"”)')
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(ÀÉÈ])")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.|\b(?:No|Mr|Mrs|Ms|Dr|St|Art|para|e\.g|i\.e|etc)\.)$")


def _windows(sentence: str) -> list[str]:
    """A sentence, or a run-on one in pieces of at most MAX_SENTENCE_CHARS cut at spaces."""
    out: list[str] = []
    while len(sentence) > MAX_SENTENCE_CHARS:
        cut = sentence.rfind(" ", MAX_SENTENCE_CHARS // 2, MAX_SENTENCE_CHARS)
        cut = cut if cut > 0 else MAX_SENTENCE_CHARS
        out.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    return [*out, sentence] if sentence else out


@cache
def _nlp() -> Language:
    import spacy

    return spacy.blank("en")


MAX_SEEN = 4096  # sentences whose names an OrgFinder remembers


class OrgFinder:
    """The matchers, built once from the reference organisations."""

    def __init__(self) -> None:
        from spacy.matcher import PhraseMatcher

        nlp = _nlp()
        self.phrases: PhraseMatcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.acronyms: PhraseMatcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        names: set[str] = set()
        acronyms: set[str] = set()
        for entry in load_organisations().values():
            names.update(n for n in entry.all_names() if len(n) > 3 or " " in n)
            acronyms.update(entry.acronyms)
            acronyms.update(n for n in entry.all_names() if " " not in n and n.isupper())
        self.phrases.add("KNOWN", [nlp.make_doc(n) for n in sorted(names)])
        self.acronyms.add("ACRONYM", [nlp.make_doc(n) for n in sorted(acronyms)])
        self.acronym_set = frozenset(acronyms)
        self._seen: dict[str, tuple[Found, ...]] = {}  # sentence -> what it names

    def find(self, text: str) -> list[Found]:
        """Organisations named in one sentence, in order, each once. What a sentence names
        depends on the sentence alone: the last MAX_SEEN sentences are answered from memory
        (pages of one site repeat sentences: funding notes, partner lists, boilerplate)."""
        found = self._seen.get(text)
        if found is None:
            if len(self._seen) >= MAX_SEEN:
                del self._seen[next(iter(self._seen))]  # the oldest
            found = self._seen[text] = tuple(self._find(text))
        return list(found)

    def _find(self, text: str) -> list[Found]:
        """What `find` answers for a sentence it has not read before."""
        norm = _ELISION.sub(r"\1' ", text)
        doc = _make_doc(norm)
        acronyms = [a for a in _spans(doc, self.acronyms(doc))
                    if not _in_capitals(a, self.acronym_set)]
        known = _spans(doc, self.phrases(doc)) + acronyms
        known_at = {(s.start, s.end) for s in known}
        chunks = [piece for s in _capitalised_runs(doc) if (t := _trim(s)) is not None
                  for piece in _split_conjunctions(t, known_at)]
        chunks += _defined_names(doc, chunks)
        chunks += [c for c in _sentence_case_names(doc) if not any(_same(c, d) for d in chunks)]
        blocked = [c for c in chunks if _is_blocking(c)]
        candidates = [c for c in chunks if _is_org_chunk(c) and not _in_quotes(doc, c)
                      and not any(k.end == c.end and k.start > c.start for k in known)]
        candidates += [k for k in known if not any(_inside(k, b) for b in blocked)]
        names: list[Span] = []
        taken: list[tuple[int, int]] = []
        for span in sorted(candidates, key=lambda s: (-(s.end - s.start),
                                                      (s.start, s.end) not in known_at, s.start)):
            if not _overlaps(span, taken):
                taken.append((span.start, span.end))
                names.append(span)
        found = [self._found(doc, span, clean_name(_span_text(span))
                             if (span.start, span.end) in known_at else _name_of(span), norm)
                 for span in sorted(names, key=lambda s: s.start)]
        return _iom_offices(doc, _with_acronyms(doc, found))

    def _found(self, doc: Doc, span: Span, name: str, norm: str) -> Found:
        start, end = span.start_char, span.end_char
        return Found(name=name, written=norm[start:end], start=start, end=end,
                     role=_role(doc, span))


def _make_doc(text: str) -> Doc:
    """The tokens of a text, which the Doc keeps (spaCy joins its tokens again on every
    access to `Doc.text`; the tokenizer keeps every character, so the text is the same)."""
    doc = _nlp().make_doc(text)
    doc.user_data["text"] = text
    return doc


def _text(doc: Doc) -> str:
    """The text of a Doc made by _make_doc."""
    text: str = doc.user_data["text"]
    return text


def _span_text(span: Span) -> str:
    """The text of a span of a Doc made by _make_doc (Span.text joins its tokens again)."""
    return _text(span.doc)[span.start_char:span.end_char]


def _tokens(doc: Doc) -> tuple[list[str], list[str]]:
    """The texts of a Doc's tokens and their lower-case forms, read once (each access to a
    token builds a Token object, and the helpers below read every word several times)."""
    tokens: tuple[list[str], list[str]] | None = doc.user_data.get("tokens")
    if tokens is None:
        texts, lowers = [], []
        for t in doc:
            texts.append(t.text)
            lowers.append(t.lower_)
        tokens = doc.user_data["tokens"] = (texts, lowers)
    return tokens


_OTHER, _CONNECTOR, _CAPITALISED = range(3)


_KINDS: dict[str, int] = {}  # the kinds of the words seen, up to MAX_KINDS short words
MAX_KINDS = 1 << 16


def _kind(word: str) -> int:
    """Whether a token is capitalised (or in capitals), a connector, or neither."""
    kind = _KINDS.get(word)
    if kind is None:
        kind = _CAPITALISED if _CAP_RE.match(word) else \
            _CONNECTOR if _CONNECTOR_RE.match(word) else _OTHER
        if len(word) <= 40 and len(_KINDS) < MAX_KINDS:
            _KINDS[word] = kind
    return kind


def _is_cap(word: str) -> bool:
    return _kind(word) == _CAPITALISED


def _capitalised_runs(doc: Doc) -> list[Span]:
    """Runs of capitalised words with connectors inside them ('Ministry of the Interior'),
    each from its first capitalised word to its last: the longest matches of [CAP,
    (CAP|CONNECTOR)*, CAP] or [CAP], in one pass over the words (spaCy's Matcher found the
    same with a regular expression per token and took a fifth of the finding)."""
    runs: list[Span] = []
    first = last = -1
    for k, word in enumerate(_tokens(doc)[0]):
        kind = _kind(word)
        if kind == _CAPITALISED:
            if first < 0:
                first = k
            last = k
        elif kind == _OTHER and first >= 0:
            runs.append(doc[first:last + 1])
            first = -1
    if first >= 0:
        runs.append(doc[first:last + 1])
    return runs


def _in_capitals(span: Span, acronyms: frozenset[str]) -> bool:
    """True for an acronym inside a heading in capitals ('WHO WE ARE' names nobody): two
    words in capitals that are no acronyms stand next to it."""
    doc = span.doc
    around = [t for t in (*doc[max(0, span.start - 3):span.start], *doc[span.end:span.end + 3])
              if t.is_alpha and len(t.text) > 1 and t.text not in acronyms]
    return bool(sum(t.text.isupper() for t in around) >= 2)


def _spans(doc: Doc, matches: Iterable[tuple[int, int, int]]) -> list[Span]:
    return [doc[s:e] for _, s, e in matches]


def _overlaps(span: Span, taken: list[tuple[int, int]]) -> bool:
    return any(span.start < e and s < span.end for s, e in taken)


def _inside(a: Span, b: Span) -> bool:
    return b.start <= a.start and a.end <= b.end


def _same(a: Span, b: Span) -> bool:
    return a.start == b.start and a.end == b.end


def _trim(span: Span) -> Span | None:
    """A capitalised run without leading sentence words, job titles and trailing connectors;
    'in X' stays only after an office ('IOM Mission in Ukraine')."""
    doc = span.doc
    words = _tokens(doc)[1]
    start, end = span.start, span.end
    while start < end and words[start] in LEADING:
        start += 1
    titles = start
    while titles < end and words[titles].strip(".") in JOB_TITLES:
        titles += 1
    if titles > start:
        # "Director General of the State Border Service" -> the service; "Deputy Head" -> none
        of = next((k for k in range(titles, end) if words[k] in ("of", "de", "del")), None)
        start = of + 1 if of is not None else end
        while start < end and words[start] in LEADING:
            start += 1
    for k in range(start, end):
        if words[k] in ("in", "to") and k > start and words[k - 1] not in OFFICE_HEADS:
            end = k
            break
    while end > start and words[end - 1] in CONNECTORS:
        end -= 1
    return doc[start:end] if end > start else None


def _defined_names(doc: Doc, chunks: list[Span]) -> list[Span]:
    """Names defined by an acronym after them whose words hold commas: 'Bureau of Population,
    Refugees, and Migration (PRM)'. The name starts at the last word from which the initials
    spell the acronym, and takes a head noun with 'of' before it."""
    out: list[Span] = []
    texts, words = _tokens(doc)
    for k in range(1, len(doc) - 2):
        if texts[k] != "(" or texts[k + 2] != ")" or not _ACRONYM.match(texts[k + 1]):
            continue
        letters = [ch for ch in texts[k + 1] if ch.isupper()]
        start = k
        best = None
        initials: list[str] = []  # of the capitalised words of doc[start:k], in order
        while start > 0 and (_is_cap(texts[start - 1]) or
                             words[start - 1] in CONNECTORS or texts[start - 1] == ","):
            start -= 1
            if _is_cap(texts[start]):
                initials.insert(0, texts[start][0])
                if _subsequence(letters, initials):
                    best = start
                    break
        if best is None or "," not in texts[best:k]:
            continue
        if best >= 2 and words[best - 1] in ("of", "for") and words[best - 2] in HEADS:
            best -= 2
        out.append(doc[best:k])
    return out


def _sentence_case_names(doc: Doc) -> list[Span]:
    """French and Spanish names in sentence case: a capitalised head, adjectives, and 'de'
    groups of lower-case words ("Direction générale de la police nationale"), or any lower-case
    words when an acronym that they spell follows ("Agence nationale de lutte contre la traite
    des personnes (ANLTP)")."""
    out: list[Span] = []
    texts, words = _tokens(doc)
    for i, word in enumerate(words):
        if word not in ROMANCE_HEADS or not _is_cap(texts[i]):
            continue
        end = _romance_extent(doc, i)
        acronym = _acronym_after(doc, i)
        if acronym is not None and acronym > end:
            end = acronym
        if end > i + 1:
            out.append(doc[i:end])
    return out


def _romance_extent(doc: Doc, i: int) -> int:
    """End of the sentence-case name whose head is doc[i] (i + 1 when nothing follows)."""
    j = end = i + 1
    has_of = False
    while j < len(doc):
        word = doc[j].lower_
        if doc[j].is_lower and _ADJECTIVE.search(word) and not has_of or \
                _is_cap(doc[j].text) and j == end:
            j += 1
            end = j
            continue
        k = j + (word in ("et", "y") and j + 1 < len(doc) and doc[j + 1].lower_ in _ROMANCE_OF)
        if doc[k].lower_ not in _ROMANCE_OF:
            break
        k += 1
        while k < len(doc) and doc[k].lower_ in _ROMANCE_ARTICLES | {"'"}:
            k += 1
        if k >= len(doc) or not (doc[k].is_lower or _is_cap(doc[k].text)) or \
                not doc[k].is_alpha or doc[k].lower_ in _ROMANCE_OF | _ROMANCE_ARTICLES:
            break
        k += 1
        while k < len(doc) and doc[k].is_lower and _ADJECTIVE.search(doc[k].lower_):
            k += 1
        has_of = True
        j = end = k
    return end


def _acronym_after(doc: Doc, i: int) -> int | None:
    """End of a name from doc[i] that an acronym in parentheses within 14 words spells."""
    for k in range(i + 2, min(len(doc) - 2, i + 15)):
        if doc[k].is_punct and doc[k].text != "(" and doc[k].text not in "'’":
            return None
        if doc[k].text == "(" and doc[k + 2].text == ")" and _ACRONYM.match(doc[k + 1].text):
            letters = [ch for ch in doc[k + 1].text if ch.isupper()]
            initials = [t.text[0].upper() for t in doc[i:k]
                        if t.is_alpha and t.lower_ not in CONNECTORS | _ROMANCE_ARTICLES]
            if letters and initials and letters[0] == initials[0] and \
                    _subsequence(letters, initials):
                return k
            return None
    return None


def _subsequence(needle: list[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(any(ch == h for h in it) for ch in needle)


def _split_conjunctions(span: Span, known_at: set[tuple[int, int]]) -> list[Span]:
    """'DG HOME and the International Organization for Migration' is two names; 'Ministry of
    Agriculture and Rural Development' is one (its second part names nothing alone)."""
    doc = span.doc
    words = _tokens(doc)[1]
    for k in range(span.start + 1, span.end - 1):
        if words[k] not in ("and", "et", "y", "&"):
            continue
        right = k + 1 + (words[k + 1] in LEADING)
        left_span, right_span = doc[span.start:k], doc[right:span.end]
        if len(right_span) and all(_names_alone(p, known_at) for p in (left_span, right_span)):
            return [left_span, *_split_conjunctions(right_span, known_at)]
    return [span]


def _names_alone(span: Span, known_at: set[tuple[int, int]]) -> bool:
    return (span.start, span.end) in known_at or _is_org_chunk(span)


def _words(span: Span) -> list[str]:
    return _tokens(span.doc)[1][span.start:span.end]


def _is_blocking(span: Span) -> bool:
    """A run that names a system, document, event or group: names inside it are not
    organisations taking part ('EU Member States', 'United Nations System')."""
    words = _words(span)
    texts = _tokens(span.doc)[0]
    return any(w in NOT_ORG_WORDS and not texts[span.start + k].isupper()  # DG HOME is a name
               and (k == len(words) - 1 or words[k + 1] in CONNECTORS)
               for k, w in enumerate(words))


def _is_office_of(span: Span) -> bool:
    words = _words(span)
    return len(words) >= 3 and words[1] in OFFICE_HEADS and words[0] in ("iom", "oim")


def _is_org_chunk(span: Span) -> bool:
    """A capitalised run that names an organisation: a head noun, no system or event word,
    not a place, not a person, not only a title."""
    words = _words(span)
    if not words or _is_blocking(span):
        return False
    if any(w in NOT_ORG_WORDS for w in words) and not any(w in HEADS for w in words[-2:]):
        return False
    if len(words) == 1:
        return False  # a lone word is an organisation only as a known name or acronym
    text = _span_text(span)
    if gazetteer().lookup(text) or gazetteer().place_country(text):
        return False
    if words[0] in MONTHS or all(w in CONNECTORS for w in words):
        return False
    if _government(text) is not None:
        return True
    # The head comes before 'of', 'for', 'de' ...: 'Ministry of Interior', not 'Forum for
    # Heads of Border Services'.
    first = next((k for k, w in enumerate(words) if w in _OF_WORDS and k > 0), len(words))
    return any(w in HEADS for w in words[:first])


def _government(text: str) -> str | None:
    m = re.match(r"^Governments? of (?:the )?(?P<c>.+)$|^(?P<c2>.+?) Government$", text)
    if not m:
        return None
    country = m["c"] or m["c2"]
    return country if gazetteer().lookup(country) or gazetteer().codes(country) else None


def _name_of(span: Span) -> str:
    """The name to resolve for a run: "Ukraine's State Border Guard Service" is the State
    Border Guard Service of Ukraine."""
    text = re.sub(r"\s+-\s+", "-", _span_text(span))
    text = re.sub(r"\b([lLdD])['’] ", r"\1'", text)
    text = re.sub(r"\s+(['’]s)\b", r"\1", text)
    m = re.match(r"^(?P<owner>[\w .\-]+?)['’]s (?P<body>.+)$", text)
    if m and gazetteer().lookup(m["owner"]):
        return f"{m['body']} of {m['owner']}"
    if m and any(w.lower() in HEADS for w in m["body"].split()):
        return m["body"]
    return clean_name(text)


def _in_quotes(doc: Doc, span: Span) -> bool:
    """True inside a quoted title (a project name, not a body)."""
    before = _text(doc)[:span.start_char]
    opens = sum(before.count(q) for q in "“«") + before.count('"') % 2
    closes = sum(before.count(q) for q in "”»")
    return opens > closes


def _strip_list_tail(lead: str) -> str:
    """The words before a name without the list material they end with."""
    m = _LIST_TAIL_REVERSED.match(lead[::-1])
    return lead[:len(lead) - m.end()] if m else lead


_PARENTHESES = re.compile(r"\([^()]*\)")
_FIRST_WORD = re.compile(r"[A-ZÀ-Þ][a-zß-ÿ]")
_NAME_RUN = re.compile(r"\b(?:[A-Z][\w’'\-.]*(?:\s+(?:of|for|and|the|on|in|to|de|du|des|la|del|"
                       r"y|et)?\s*[A-Z][\w’'\-.]*)*)")
_ACRONYM_AFTER = re.compile(r"^\s*\([A-Za-z\- ]{2,12}\)")
_CLAUSE_COMMA = re.compile(r",\s*(?:the|la|le|les|el|los|las|l')?\s*$", re.I)
_CLAUSE_VERB = re.compile(r"^\s+(?!(?:and|or|et|ou|y|o|as|of|de|del|du|des)\b)[a-zà-ÿ]")


def _role(doc: Doc, span: Span) -> str:
    """The role the words around a name give it, 'mentioned' if they give none."""
    lead = _PARENTHESES.sub(" ORG ", _text(doc)[:span.start_char])
    if _FIRST_WORD.match(lead):  # a sentence's first word is a word, not a name
        lead = lead[:1].lower() + lead[1:]
    lead = _NAME_RUN.sub(" ORG ", lead)
    if any(word in lead for word in GROUP_WORDS):
        lead = _GROUP.sub(" ORG ", lead)
    tail = _text(doc)[span.end_char:]
    tail = _ACRONYM_AFTER.sub("", tail)
    # After a comma and before its verb, a name opens a new clause: "With the support of the
    # EU, IOM trained ..." gives IOM no role from the cue before the comma.
    subject = _CLAUSE_COMMA.search(lead) and _CLAUSE_VERB.match(tail)
    # a cue ends where the lead ends: only its last CUE_WINDOW characters are searched
    lead = " ".join(_strip_list_tail(lead).split())
    start = max(0, len(lead) - CUE_WINDOW)
    if not subject and _ANY_CUE.search(lead, start):
        return next(role for role, cue in ROLE_CUES if cue.search(lead, start))
    for role, cue in AFTER_CUES:
        if cue.search(tail):
            return role
    return "mentioned"


def _with_acronyms(doc: Doc, found: list[Found]) -> list[Found]:
    """'Name (ACR)': the acronym is kept with the name, and the acronym alone names it."""
    out: list[Found] = []
    text = _text(doc)
    for f in found:
        m = re.match(r"^\s*\((?P<acr>[A-Z][A-Za-z0-9&\-]{1,11})\)", text[f.end:])
        if m and _ACRONYM.match(m["acr"]) and " " in f.name:
            f = Found(f.name, f"{f.written} ({m['acr']})", f.start, f.end + m.end(), f.role)
        out.append(f)
    return out


def _iom_offices(doc: Doc, found: list[Found]) -> list[Found]:
    """'IOM, Mission in Ukraine' and 'the International Organization for Migration (IOM),
    Mission in Ukraine' name the office, not IOM."""
    out: list[Found] = []
    for f in found:
        m = re.match(r"^\s*,?\s*(?:its\s+)?(?:Mission|Office|Country Office)s?\s+(?:in|to)\s+"
                     r"(?P<c>[A-Z][\w\- ]+?)(?=[,.;:)]|\s+(?:and|under|with|in|to|for)\b|$)",
                     _text(doc)[f.end:])
        if m and normalise_name(f.name) in _iom_names() and gazetteer().lookup(m["c"]):
            out.append(Found(f"IOM Mission in {m['c']}", _text(doc)[f.start:f.end + m.end()],
                             f.start, f.end + m.end(), f.role))
            continue
        if out and out[-1].end > f.start:
            continue  # the office swallowed this name
        out.append(f)
    return out


@cache
def _iom_names() -> frozenset[str]:
    iom = load_organisations()["iom"]
    return frozenset(normalise_name(n) for n in (*iom.all_names(), *iom.acronyms))


@cache
def org_finder() -> OrgFinder:
    """The shared finder (its matchers are built once)."""
    return OrgFinder()


def find_organisations(text: str, *, field: str = "text") -> list[OrgMention]:
    """Every organisation a text names, one mention per name and role, with its sentence as
    evidence; acronyms defined anywhere in the text stand for their expansion everywhere."""
    finder = org_finder()
    per_sentence = [(s, finder.find(s)) for s in sentences(text)]
    expansions: dict[str, str] = {}
    for _, found in per_sentence:
        for f in found:
            m = re.search(r"\((?P<acr>[A-Z][A-Za-z0-9&\-]{1,11})\)$", f.written)
            if m:
                expansions.setdefault(m["acr"], f.name)
    out: list[OrgMention] = []
    seen: set[tuple[str, str]] = set()
    for sentence, found in per_sentence:
        for f in found:
            name = expansions.get(f.name, f.name)
            key = (normalise_name(name), f.role)
            if key in seen:
                continue
            seen.add(key)
            acronym = re.search(r"\((?P<acr>[A-Z][A-Za-z0-9&\-]{1,11})\)$", f.written)
            if acronym and name == f.name and "(" not in name:
                name = f"{name} ({acronym['acr']})"
            out.append(OrgMention(name=name, role=f.role, field=field, evidence=sentence))
        out += _defined_acronyms(sentence, found, expansions, seen, field)
    with_role = {_key(m.name) for m in out if m.role != "mentioned"}
    return [m for m in out if m.role != "mentioned" or _key(m.name) not in with_role]


def _key(name: str) -> str:
    """A name compared without the acronym written after it."""
    return normalise_name(re.sub(r"\s*\([^()]*\)$", "", name))


def _defined_acronyms(sentence: str, found: list[Found], expansions: dict[str, str],
                      seen: set[tuple[str, str]], field: str) -> Iterator[OrgMention]:
    """Acronyms that the text defines and uses alone in a sentence where no matcher saw them
    (an unknown body's 'NIS' after 'Nigerian Immigration Service (NIS)')."""
    covered = [(f.start, f.end) for f in found]
    for m in re.finditer(r"(?<![\w(])(?P<acr>[A-Z][A-Za-z0-9&\-]{1,11})(?![\w)])", sentence):
        if m["acr"] not in expansions or any(s <= m.start() < e for s, e in covered):
            continue
        name = expansions[m["acr"]]
        lead_doc = _make_doc(sentence)
        span = lead_doc.char_span(m.start(), m.end(), alignment_mode="expand")
        role = _role(lead_doc, span) if span is not None else "mentioned"
        key = (normalise_name(name), role)
        if key not in seen:
            seen.add(key)
            yield OrgMention(name=name, role=role, field=field, evidence=sentence)
