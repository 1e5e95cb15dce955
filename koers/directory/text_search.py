# The SQL here is built from this module's constants; what a visitor typed travels only as
# a parameter (PostgreSQL) or as quoted, stemmed word tokens made of letters and digits
# (the FTS5 MATCH expression, itself a parameter).
# ruff: noqa: S608
"""Free-text search of the directory on the database's own full-text engine.

One definition, two engines. A service matches a typed query when, in at least one content
language (Dutch, English, Spanish, Romanian), **every** word of the query occurs — after
stemming with that language's Snowball stemmer — in the service's name or description in
that language; or when every word of the query names something the service helps with (a
life domain, see :data:`DOMAIN_WORDS`: "cv" → work and income, "huisarts" → physical
health).

- **PostgreSQL** (production): ``to_tsvector('dutch' | 'english' | 'spanish' | 'romanian',
  name || ' ' || description) @@ plainto_tsquery(<same config>, query)``, with one GIN
  expression index per language (migration ``0004``), so nothing needs to be kept in sync.
- **SQLite** (embedded default): an FTS5 table with one column per language holding the
  texts already stemmed by the same Snowball algorithms (the ``snowballstemmer`` package —
  FTS5 tokenizers cannot be written in Python). Triggers note every written service in a
  small "pending" table; :func:`sync` re-stems just those before the next search.

Why no per-process index any more: the engines answer a search in a few milliseconds at
6,000 services (``benchmarks/``), and a per-process copy cost memory and a rebuild after
every edit in every worker.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import snowballstemmer  # type: ignore[import-untyped]
from django.db import connection as default_connection
from django.db import transaction

from .vocabulary import CONTENT_LANGUAGES

#: Content language → PostgreSQL text-search configuration and Snowball stemmer name.
CONFIGS = {"nl": "dutch", "en": "english", "es": "spanish", "ro": "romanian"}
MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
MAX_WORD_LENGTH = 40
WORD = re.compile(r"\w+", re.UNICODE)

FTS_TABLE = "directory_service_fts"
PENDING_TABLE = "directory_service_fts_pending"

#: Words people type for what a service helps with, per life domain, in the four content
#: languages (compared stemmed, so "sollicitaties" finds "sollicitatie").
DOMAIN_WORDS: dict[str, tuple[str, ...]] = {
    "housing": (
        "wonen", "woning", "huis", "kamer", "dakloos", "opvang", "huur",
        "housing", "house", "home", "room", "homeless", "shelter", "rent",
        "vivienda", "casa", "alojamiento", "alquiler",
        "locuință", "locuinta", "casă", "chirie", "adăpost",
    ),
    "work_income": (
        "werk", "baan", "cv", "sollicitatie", "sollicitatiebrief", "vacature", "inkomen",
        "uitkering", "jobcoach",
        "work", "job", "resume", "income", "benefit", "benefits", "career",
        "trabajo", "empleo", "ingresos", "currículum",
        "muncă", "munca", "serviciu", "venit", "carieră",
    ),
    "education": (
        "opleiding", "cursus", "school", "studie", "taal", "taalles", "diploma", "omscholing",
        "education", "course", "training", "study", "retraining", "language",
        "educación", "formación", "curso", "estudios",
        "educație", "curs", "studii", "școală",
    ),
    "debts": (
        "schuld", "schulden", "schuldhulp", "betalingsachterstand", "incasso", "deurwaarder",
        "debt", "debts", "arrears",
        "deuda", "deudas",
        "datorie", "datorii",
    ),
    "physical_health": (
        "gezondheid", "huisarts", "dokter", "arts", "zorgverzekering", "soa", "test", "ziek",
        "health", "doctor", "gp", "insurance", "sti",
        "salud", "médico", "seguro",
        "sănătate", "medic", "asigurare",
    ),
    "mental_health": (
        "psycholoog", "stress", "somber", "angst", "trauma", "praten", "zingeving",
        "mental", "psychologist", "anxiety", "depression",
        "psicólogo", "ansiedad", "salud mental",
        "psiholog", "anxietate", "depresie",
    ),
    "social_network": (
        "netwerk", "vrienden", "eenzaam", "lotgenoten", "contact",
        "network", "friends", "lonely", "peers",
        "amigos", "soledad",
        "prieteni", "singur",
    ),
    "budgeting": (
        "geld", "budget", "belasting", "belastingaangifte", "aangifte", "boekhouder",
        "boekhouding", "administratie", "toeslag", "toeslagen",
        "money", "tax", "taxes", "accountant", "bookkeeping", "allowance",
        "dinero", "impuestos", "contable", "presupuesto",
        "bani", "impozit", "impozite", "taxe", "contabil", "buget",
    ),
    "safety": (
        "veilig", "veiligheid", "geweld", "uitbuiting", "mensenhandel", "aangifte",
        "safe", "safety", "violence", "exploitation", "trafficking",
        "seguridad", "violencia", "explotación",
        "siguranță", "violență", "exploatare",
    ),
}  # fmt: skip


@functools.lru_cache(maxsize=len(CONFIGS))
def _stemmer(language: str):
    return snowballstemmer.stemmer(CONFIGS[language])


def _plain(word: str) -> str:
    """Lower case without diacritics (FTS5's ``remove_diacritics`` does the same)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.lru_cache(maxsize=65536)
def stem(word: str, language: str) -> str:
    """``word`` stemmed in ``language``, lower case, without diacritics."""
    return _plain(_stemmer(language).stemWord(word.lower()))


def words(text: str) -> list[str]:
    """The words of ``text`` (letters and digits), lower case, in order."""
    return [w.lower() for w in WORD.findall(text) if len(w) <= MAX_WORD_LENGTH]


def stemmed_text(text: str, language: str) -> str:
    """``text`` as space-separated stems: what the SQLite engine indexes."""
    return " ".join(stem(word, language) for word in words(text))


@functools.lru_cache(maxsize=1)
def _domain_stems() -> dict[str, frozenset[str]]:
    """Life domain → every stem (in every content language) of its words."""
    table: dict[str, set[str]] = {}
    for code, domain_words in DOMAIN_WORDS.items():
        stems = table.setdefault(code, set())
        for phrase in domain_words:
            for word in words(phrase):
                stems.update(stem(word, language) for language in CONTENT_LANGUAGES)
    return {code: frozenset(stems) for code, stems in table.items()}


@dataclass(frozen=True)
class TextQuery:
    """A typed query, cleaned: the text as shown back, its words, and per word the life
    domains it names (empty when some word names none)."""

    text: str
    words: tuple[str, ...]
    domains: tuple[tuple[str, ...], ...]

    def __bool__(self) -> bool:
        return bool(self.words)


def parse(text: str) -> TextQuery:
    """Clean what was typed. Never fails: a long text is cut, a text without letters or
    digits (emoji, punctuation, SQL) has no words and so filters nothing."""
    text = " ".join((text or "").split())[:MAX_QUERY_LENGTH]
    found = tuple(dict.fromkeys(words(text)))[:MAX_WORDS]
    domains: list[tuple[str, ...]] = []
    for word in found:
        stems = {stem(word, language) for language in CONTENT_LANGUAGES}
        named = tuple(code for code, known in _domain_stems().items() if stems & known)
        if not named:
            domains = []
            break
        domains.append(named)
    return TextQuery(text=text, words=found, domains=tuple(domains))


# --- the one definition, per engine ---------------------------------------------------


def _document(language: str) -> str:
    """The PostgreSQL expression indexed per language (must equal migration 0004's)."""
    config = CONFIGS[language]
    return (
        f"to_tsvector('{config}'::regconfig, s.name_{language} || ' ' || s.description_{language})"
    )


def _fts_match(query: TextQuery) -> str:
    """The FTS5 MATCH expression: in some language column, every word's stem."""
    per_language = []
    for language in CONTENT_LANGUAGES:
        terms = " AND ".join(f'{language} : "{stem(word, language)}"' for word in query.words)
        per_language.append(f"({terms})")
    return " OR ".join(per_language)


def matching_ids_sql(
    query: TextQuery, *, version: int | None = None, connection=None
) -> tuple[str, list]:
    """``SELECT`` of the ids of the services matching ``query`` (see the module
    docstring), with its parameters, for ``id IN (...)`` in the search's SQL.

    Brings the SQLite engine in step first (:func:`sync`; ``version``: the directory
    version just read, if any), so every caller searches what the database holds."""
    connection = connection or default_connection
    sync(version, connection)
    params: list = []
    if connection.vendor == "postgresql":
        text = " ".join(query.words)
        conditions = []
        for language in CONTENT_LANGUAGES:
            conditions.append(
                f"{_document(language)} @@ plainto_tsquery('{CONFIGS[language]}'::regconfig, %s)"
            )
            params.append(text)
        sql = f"SELECT s.id FROM directory_service s WHERE {' OR '.join(conditions)}"
    else:
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        params.append(_fts_match(query))
    if query.domains:
        # Services that help with something named by each word.
        per_word = []
        for codes in query.domains:
            per_word.append(
                "SELECT service_id FROM directory_serviceattribute "
                f"WHERE taxonomy = %s AND code IN ({', '.join(['%s'] * len(codes))})"
            )
            params += ["koers-life-domain", *codes]
        sql += " UNION SELECT * FROM (" + " INTERSECT ".join(per_word) + ") named"
    return sql, params


# --- keeping the SQLite engine in step --------------------------------------------------


def _sqlite_install_statements() -> list[str]:
    columns = ", ".join(CONTENT_LANGUAGES)
    pending = f"INSERT OR IGNORE INTO {PENDING_TABLE} (service_id) VALUES"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({columns}, "
        "tokenize = 'unicode61 remove_diacritics 2')",
        f"CREATE TABLE IF NOT EXISTS {PENDING_TABLE} (service_id integer PRIMARY KEY)",
        'CREATE TRIGGER IF NOT EXISTS "directory_service_fts_insert" AFTER INSERT ON '
        f"directory_service FOR EACH ROW BEGIN {pending} (new.id); END",
        'CREATE TRIGGER IF NOT EXISTS "directory_service_fts_update" AFTER UPDATE OF '
        "name_nl, name_en, name_es, name_ro, description_nl, description_en, description_es, "
        f"description_ro ON directory_service FOR EACH ROW BEGIN {pending} (new.id); END",
        'CREATE TRIGGER IF NOT EXISTS "directory_service_fts_delete" AFTER DELETE ON '
        f"directory_service FOR EACH ROW BEGIN {pending} (old.id); END",
        # Services written before the table existed (or while its triggers were gone).
        f"INSERT OR IGNORE INTO {PENDING_TABLE} (service_id) SELECT id FROM directory_service "
        f"WHERE id NOT IN (SELECT rowid FROM {FTS_TABLE})",
    ]


def _postgresql_install_statements() -> list[str]:
    return [
        f"CREATE INDEX IF NOT EXISTS directory_service_fts_{language} ON directory_service "
        f"USING gin ({_document(language).replace('s.', '')})"
        for language in CONTENT_LANGUAGES
    ]


def install(connection=None) -> bool:
    """Create what the engine needs (idempotent; also after every ``migrate``, as SQLite
    drops a table's triggers when a migration rebuilds it). False if the services table
    does not exist (yet)."""
    connection = connection or default_connection
    if "directory_service" not in connection.introspection.table_names():
        return False
    if connection.vendor == "sqlite":
        statements = _sqlite_install_statements()
    else:
        statements = _postgresql_install_statements()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return True


_synced_version: int | None = None


def sync(version: int | None = None, connection=None) -> int:
    """Re-stem the services written since the last search (SQLite only; PostgreSQL indexes
    expressions and is always in step). Returns how many services were re-indexed.

    ``version``: the directory version just read; when this process already synced at
    that version nothing can be pending, and no query is made."""
    global _synced_version  # noqa: PLW0603 - one per-process marker, like freshness.py
    connection = connection or default_connection
    if connection.vendor != "sqlite":
        return 0
    if version is not None and version == _synced_version:
        return 0
    columns = [
        f"{part}_{language}" for language in CONTENT_LANGUAGES for part in ("name", "description")
    ]
    done = 0
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(f"SELECT service_id FROM {PENDING_TABLE} LIMIT 100000")
        ids = [row[0] for row in cursor.fetchall()]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)
            cursor.execute(
                f"SELECT id, {', '.join(columns)} FROM directory_service WHERE id IN ({marks})",
                chunk,
            )
            rows = []
            for service_id, *texts in cursor.fetchall():
                values = dict(zip(columns, texts, strict=True))
                rows.append(
                    [service_id]
                    + [
                        stemmed_text(
                            f"{values[f'name_{language}']} {values[f'description_{language}']}",
                            language,
                        )
                        for language in CONTENT_LANGUAGES
                    ]
                )
            if rows:
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(CONTENT_LANGUAGES)}) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    rows,
                )
            cursor.execute(f"DELETE FROM {PENDING_TABLE} WHERE service_id IN ({marks})", chunk)
            done += len(chunk)
    if version is not None and not connection.in_atomic_block:
        _synced_version = version
    return done
