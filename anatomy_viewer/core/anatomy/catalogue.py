"""The catalogue of structures (``meshes/manifest.toml``): what each mesh is and where it comes from.

A ``Structure`` is one anatomical part: a stable id in the user's words (``psoas_major_right``), its
display name, FMA id, side, system, colour, file name, pinned upstream URL and SHA-256.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from ..errors import UserError
from ..resources import manifest_path

SYSTEMS = ("bone", "disc", "muscle", "artery", "vein", "ligament")
SIDES = ("right", "midline", "left")


@dataclass(frozen=True)
class Structure:
    id: str
    name: str
    fma: str
    side: str
    system: str
    colour: str
    group: str  # "core": needed by the teaching scenes; "extra": nearby structures
    file: str
    url: str
    sha256: str
    optional: bool


@dataclass(frozen=True)
class Catalogue:
    structures: tuple[Structure, ...]
    licence: str
    licence_url: str
    attribution: str

    def __iter__(self) -> Iterator[Structure]:
        return iter(self.structures)

    def __len__(self) -> int:
        return len(self.structures)

    def __contains__(self, structure_id: object) -> bool:
        return any(s.id == structure_id for s in self.structures)

    def __getitem__(self, structure_id: str) -> Structure:
        for structure in self.structures:
            if structure.id == structure_id:
                return structure
        raise KeyError(structure_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.structures)

    def by_system(self, system: str) -> tuple[Structure, ...]:
        return tuple(s for s in self.structures if s.system == system)

    def select(self, names: Iterable[str]) -> tuple[str, ...]:
        """Expand structure ids and system names (``"artery"``) into structure ids, in catalogue order."""
        wanted = set(names)
        return tuple(s.id for s in self.structures if s.id in wanted or s.system in wanted)


_FIELDS = {f for f in Structure.__dataclass_fields__}


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read and check the manifest. A broken manifest is a packaging bug, reported in one line."""
    path = path or manifest_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"cannot read the mesh catalogue {path}: {exc}") from exc
    structures = []
    for index, entry in enumerate(data.get("structure", []), start=1):
        missing = _FIELDS - entry.keys()
        if missing:
            raise UserError(f"{path}: structure {index} lacks {', '.join(sorted(missing))}")
        structure = Structure(**{k: entry[k] for k in _FIELDS})
        if structure.system not in SYSTEMS or structure.side not in SIDES:
            raise UserError(f"{path}: structure {structure.id} has an unknown system or side")
        structures.append(structure)
    ids = [s.id for s in structures]
    if len(set(ids)) != len(ids):
        raise UserError(f"{path}: duplicate structure ids")
    return Catalogue(
        structures=tuple(structures),
        licence=data["licence"],
        licence_url=data["licence_url"],
        attribution=data["attribution"],
    )
