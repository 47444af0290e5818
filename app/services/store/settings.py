"""Small named values kept in the local store, each declared here once with its type and default.

A :class:`Setting` names one row of the ``settings`` table and knows how its value is written
(:class:`Kind`: text, integer, JSON; :func:`optional` for "absent means None"). A
:class:`SettingFamily` is one declaration for many rows keyed by a part (the import mapping
remembered per header signature). Declaring a name twice is refused when the module is imported,
so two modules can never mean different things by one key, and no caller reads or writes a key
that is not declared.

The settings carry a version of their own (``settings_version``): :func:`upgrade`, run by
:meth:`LocalStore.open <app.services.store.database.LocalStore.open>` in one transaction, runs each
step of :data:`UPGRADES` newer than the stored version, in order, once. A step changes what older
releases stored (a renamed key, a new format) with the raw helpers below; its docstring says what
it does. To add one: append ``Upgrade(<next version>, _vN_what)``, never reorder or renumber.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from app.services.store.types import Conn

log = logging.getLogger("app.store")

T = TypeVar("T")


class SettingDeclarationError(ValueError):
    """A setting declared twice, or a name that clashes with a family's keys."""


@dataclass(frozen=True)
class Kind(Generic[T]):
    """How values of one type are kept as text. ``serialise`` returning None means "no row"."""

    name: str
    parse: Callable[[str], T]
    serialise: Callable[[T], str | None]


def _parse_json(text: str) -> Any:
    return json.loads(text)


def _dump_json(value: Any) -> str:
    return json.dumps(value)


TEXT: Kind[str] = Kind("text", str, str)
INT: Kind[int] = Kind("int", int, str)
JSON: Kind[Any] = Kind("json", _parse_json, _dump_json)


def optional(kind: Kind[T]) -> Kind[T | None]:
    """``kind``, or None when nothing is stored (putting None deletes the row)."""

    def serialise(value: T | None) -> str | None:
        return None if value is None else kind.serialise(value)

    return Kind(f"{kind.name}?", kind.parse, serialise)


class Registry:
    """The declared names; one per program (:data:`DECLARED`), or a fresh one in a test."""

    def __init__(self) -> None:
        self._names: dict[str, Setting[Any] | SettingFamily[Any]] = {}

    def add(self, item: Setting[Any] | SettingFamily[Any]) -> None:
        name = item.name
        if name in self._names:
            raise SettingDeclarationError(f"The setting {name!r} is declared twice.")
        for other in self._names.values():
            for family, plain in ((other, item), (item, other)):
                if isinstance(family, SettingFamily) and plain.name.startswith(family.prefix):
                    raise SettingDeclarationError(
                        f"The setting {plain.name!r} clashes with the keys of {family.name!r}."
                    )
        self._names[name] = item

    def __contains__(self, name: str) -> bool:
        return name in self._names

    def __getitem__(self, name: str) -> Setting[Any] | SettingFamily[Any]:
        """The declaration named ``name`` (KeyError for a name nobody declared)."""
        return self._names[name]

    def names(self) -> list[str]:
        return sorted(self._names)


DECLARED = Registry()


def _decode(kind: Kind[T], default: T, key: str, text: str | None) -> T:
    if text is None:
        return default
    try:
        return kind.parse(text)
    except ValueError:
        # Unreadable (written by hand, or damaged): the default, as if never set.
        log.warning("setting %s holds an unreadable %s value; using its default", key, kind.name)
        return default


def _write(conn: Conn, key: str, text: str | None) -> None:
    if text is None:
        _remove(conn, key)
    else:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, text),
        )


class Setting(Generic[T]):
    """One named value: ``get`` gives the default when nothing (or nothing readable) is stored."""

    def __init__(
        self, name: str, kind: Kind[T], default: T, doc: str = "", registry: Registry = DECLARED
    ) -> None:
        self.name = name
        self.kind = kind
        self.default = default
        self.doc = doc
        registry.add(self)

    def get(self, conn: Conn) -> T:
        return _decode(self.kind, self.default, self.name, _read(conn, self.name))

    def put(self, conn: Conn, value: T) -> None:
        _write(conn, self.name, self.kind.serialise(value))

    def clear(self, conn: Conn) -> None:
        """Forget the stored value (``get`` gives the default again)."""
        _remove(conn, self.name)

    def __repr__(self) -> str:
        return f"Setting({self.name!r}, {self.kind.name}, default={self.default!r})"


class SettingFamily(Generic[T]):
    """Many values of one type, one row per key part: stored as ``name:part``."""

    def __init__(
        self, name: str, kind: Kind[T], default: T, doc: str = "", registry: Registry = DECLARED
    ) -> None:
        self.name = name
        self.prefix = f"{name}:"
        self.kind = kind
        self.default = default
        self.doc = doc
        registry.add(self)

    def key(self, part: str) -> str:
        return self.prefix + part

    def get(self, conn: Conn, part: str) -> T:
        key = self.key(part)
        return _decode(self.kind, self.default, key, _read(conn, key))

    def put(self, conn: Conn, part: str, value: T) -> None:
        _write(conn, self.key(part), self.kind.serialise(value))

    def clear(self, conn: Conn, part: str) -> None:
        _remove(conn, self.key(part))

    def __repr__(self) -> str:
        return f"SettingFamily({self.name!r}, {self.kind.name}, default={self.default!r})"


# ---- the declarations ------------------------------------------------------------------------

SETTINGS_VERSION = Setting(
    "settings_version", INT, 0, "The last of UPGRADES applied to this store (0: none yet)."
)
WORKSTATION_ID = Setting(
    "workstation_id",
    optional(TEXT),
    None,
    "This installation's id (X-Workstation-Id); made once by workstation_id().",
)
COLLEGE_NAME = Setting(
    "college_name", optional(TEXT), None, "The college's name as last seen online."
)
INTAKE_MAILBOX = Setting(
    "intake_mailbox", optional(TEXT), None, "The college's intake mailbox as last seen online."
)
RECLAIM_URL = Setting(
    "reclaim_url",
    optional(TEXT),
    None,
    "Where slips send students; None means the central service's own /reclaim.",
)
LEASE_REQUEST_KEY = Setting(
    "lease_request_key",
    optional(TEXT),
    None,
    "The Idempotency-Key of a lease request whose answer has not been stored yet.",
)
LEASE_RECONCILE_EPOCH = Setting(
    "lease_reconcile_epoch",
    optional(TEXT),
    None,
    "The epoch whose leases must be checked against the server before use.",
)
BLOCK_KEY_VERSION = Setting(
    "block_key_version",
    optional(INT),
    None,
    "The KEY_VERSION every cached account's blocking keys have (None: unknown, rebuild).",
)
MATCH_CARD_VERSION = Setting(
    "match_card_version",
    optional(TEXT),
    None,
    "The card_version() every cached account's match card has (None: unknown, rebuild).",
)
BLOCK_KEY_PROGRESS = Setting(
    "block_key_rebuilt_through",
    TEXT,
    "",
    "A running index rebuild: '<rebuild tag>:<last CCCID done>' ('' when none is running).",
)
IMPORT_MAPPING = SettingFamily(
    "import.mapping",
    optional(JSON),
    None,
    "The confirmed column mapping (a list of field names or nulls) per header signature.",
)

SERVICE_SETTINGS: tuple[Setting[Any], ...] = (COLLEGE_NAME, INTAKE_MAILBOX)
"""What belongs to the central service followed: forgotten when switching to another one."""


def workstation_id(conn: Conn) -> str:
    """This installation's id (sent as X-Workstation-Id), made once on first use.

    Leased CCCIDs belong to it, so it must outlive sign-ins and staff changes; it lives as long as
    the local store.
    """
    existing = WORKSTATION_ID.get(conn)
    if existing:
        return existing
    made = str(uuid.uuid4())
    WORKSTATION_ID.put(conn, made)
    return made


# ---- versioned upgrades ----------------------------------------------------------------------


@dataclass(frozen=True)
class Upgrade:
    """One step: brings settings stored by older releases to ``version``."""

    version: int
    run: Callable[[Conn], None]

    @property
    def doc(self) -> str:
        return (self.run.__doc__ or self.run.__name__).strip()


def _v1_versioned(conn: Conn) -> None:
    """Settings carry a version from here on; what older releases stored is already current."""


UPGRADES: tuple[Upgrade, ...] = (Upgrade(1, _v1_versioned),)
"""Every step, oldest first. Append only."""


def behind(conn: Conn, upgrades: Sequence[Upgrade] = UPGRADES) -> bool:
    """True when some step of ``upgrades`` has not run on this store yet."""
    return bool(upgrades) and SETTINGS_VERSION.get(conn) < upgrades[-1].version


def upgrade(conn: Conn, upgrades: Sequence[Upgrade] = UPGRADES) -> list[int]:
    """Run the steps newer than the stored version, in order, in the caller's transaction;
    returns the versions run. A store set up by a newer release (a higher version) is left as
    it is: its newer steps are not undone."""
    versions = [step.version for step in upgrades]
    if versions != sorted(set(versions)) or (versions and versions[0] < 1):
        raise SettingDeclarationError(f"Upgrade versions must rise from 1: {versions}")
    current = SETTINGS_VERSION.get(conn)
    ran = []
    for step in upgrades:
        if step.version <= current:
            continue
        log.info("settings upgrade to %d: %s", step.version, step.doc)
        step.run(conn)
        SETTINGS_VERSION.put(conn, step.version)
        ran.append(step.version)
    return ran


# ---- raw rows, for upgrade steps only (everything else goes through a declaration) -----------


def _read(conn: Conn, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _remove(conn: Conn, key: str) -> None:
    conn.execute("DELETE FROM settings WHERE key = ?", (key,))


def rename_key(conn: Conn, old: str, new: str) -> None:
    """Upgrade helper: move a value stored under an older name to ``new`` (kept if both exist)."""
    value = _read(conn, old)
    if value is not None and _read(conn, new) is None:
        _write(conn, new, value)
    _remove(conn, old)


def read_raw(conn: Conn, key: str) -> str | None:
    """Upgrade helper: the text stored under ``key``, declared or not."""
    return _read(conn, key)


def write_raw(conn: Conn, key: str, text: str | None) -> None:
    """Upgrade helper: store ``text`` under ``key`` (None deletes it)."""
    _write(conn, key, text)
