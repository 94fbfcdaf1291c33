"""Which lab image a node's containerlab ``image:`` runs on.

FRR tags pick the FRR release Debian ships nearest to them (10.x → frr10, 8.x/9.x → frr8), with a
warning when that is not the exact release the tag names, so an apprentice knows what they practise
on. Linux host images (network-multitool, alpine, …) run on the ``host`` image. A user mapping file
(``$NETASSESS_IMAGE_MAP``, else ~/.config/netassess/images.yaml) can define more images and map
image references (shell-style patterns, first match wins, before the built-in rules) to any image,
or to ``hostfs``: the machine's own filesystem and FRR, as the lab ran before images existed.
"""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from netassess.errors import SpecError
from netassess.lab.images import BUILTIN_IMAGES, ImageSpec
from netassess.lab.topology import Node, is_frr_image

HOSTFS = "hostfs"  # no image: the node shares the host's filesystem and FRR
MAP_ENV = "NETASSESS_IMAGE_MAP"
DEFAULT_MAP = Path("~/.config/netassess/images.yaml")
_EXACT = {"frr10": (10, 3), "frr8": (8, 4)}  # the FRR release each built-in router image carries
_TAG_VERSION = re.compile(r"^v?(\d+)\.(\d+)")


class UserImage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    suite: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    packages: list[str] = Field(min_length=1)
    role: str = Field(pattern=r"^(router|host|switch)$")
    description: str = ""


class ImageMapFile(BaseModel):
    """The user mapping file: ``images`` adds image definitions, ``map`` sends image references to them."""

    model_config = ConfigDict(extra="forbid")
    images: dict[str, UserImage] = Field(default_factory=dict)
    map: dict[str, str] = Field(default_factory=dict)


class ImageCatalogue:
    """Built-in images plus the user's, and the user's mapping rules."""

    def __init__(self, user: ImageMapFile | None = None, source: Path | None = None) -> None:
        self.images: dict[str, ImageSpec] = dict(BUILTIN_IMAGES)
        self.rules: list[tuple[str, str]] = []
        self.source = source
        for name, img in (user.images if user else {}).items():
            self.images[name] = ImageSpec(name=name, suite=img.suite, packages=tuple(img.packages), role=img.role,
                                          description=img.description)
        for pattern, target in (user.map if user else {}).items():
            if target != HOSTFS and target not in self.images:
                raise SpecError(f"{source}: map {pattern!r} → {target!r}: no such image "
                                f"(known: {', '.join(sorted([*self.images, HOSTFS]))})")
            self.rules.append((pattern, target))

    def get(self, name: str) -> ImageSpec:
        try:
            return self.images[name]
        except KeyError:
            raise SpecError(f"no lab image {name!r} (known: {', '.join(sorted(self.images))})") from None

    def resolve(self, node: Node) -> tuple[ImageSpec | None, str | None]:
        """(image spec or None for hostfs, warning or None) for one netns node."""
        image = node.image or ""
        for pattern, target in self.rules:
            if image and fnmatch.fnmatchcase(image, pattern):
                spec = None if target == HOSTFS else self.images[target]
                if spec is not None and spec.role != node.role:
                    raise SpecError(f"node {node.name}: image {image} is mapped to {target}, a {spec.role} image, "
                                    f"but the node is a {node.role}")
                return spec, None
        if node.role in ("host", "switch"):
            return self.images["ovs" if node.role == "switch" else "host"], None
        return self._frr(node)

    def _frr(self, node: Node) -> tuple[ImageSpec, str | None]:
        image = node.image or ""
        tag = image.split("@", 1)[0].rpartition("/")[2].partition(":")[2]
        found = _TAG_VERSION.match(tag)
        if found is None:
            what = f"image {image}" if image else f"kind {node.kind} without an image"
            return self.images["frr10"], f"node {node.name}: {what} names no FRR release; it runs FRR 10.3"
        major, minor = int(found.group(1)), int(found.group(2))
        name = "frr10" if major >= 10 else "frr8"
        exact = _EXACT[name]
        if (major, minor) != exact:
            return self.images[name], (f"node {node.name}: image {image} asks for FRR {major}.{minor}; "
                                       f"the lab runs FRR {exact[0]}.{exact[1]}, the nearest Debian ships")
        return self.images[name], None


def map_path() -> Path:
    return Path(os.environ.get(MAP_ENV) or DEFAULT_MAP).expanduser()


def load_catalogue(path: Path | None = None) -> ImageCatalogue:
    """The catalogue with the user's mapping file, when there is one (a bad file: SpecError, exit 2)."""
    path = path or map_path()
    explicit = path != DEFAULT_MAP.expanduser()
    if not path.is_file():
        if explicit and os.environ.get(MAP_ENV):
            raise SpecError(f"{path}: image mapping file ({MAP_ENV}) not found")
        return ImageCatalogue()
    try:
        raw = yaml.safe_load(path.read_text()) or {}
        return ImageCatalogue(ImageMapFile.model_validate(raw), path)
    except yaml.YAMLError as exc:
        raise SpecError(f"{path}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        raise SpecError(f"{path}: {'.'.join(map(str, first['loc']))}: {first['msg']}") from None



def plan_images(nodes: list[Node], catalogue: ImageCatalogue | None = None,
                frr_image: str | None = None) -> tuple[dict[str, ImageSpec | None], list[str]]:
    """Per node, the image it runs on (None: the host's filesystem), and the warnings to show.
    ``frr_image``: run every FRR router on this image (or ``hostfs``) whatever its tag says."""
    catalogue = catalogue or load_catalogue()
    if frr_image and frr_image != HOSTFS and catalogue.get(frr_image).role != "router":
        raise SpecError(f"--frr-image {frr_image}: a {catalogue.get(frr_image).role} image; FRR routers need a router image")
    plan: dict[str, ImageSpec | None] = {}
    notes: list[str] = []
    for node in nodes:
        if frr_image and node.role == "router" and node.platform == "frr":
            plan[node.name] = None if frr_image == HOSTFS else catalogue.get(frr_image)
            continue
        spec, note = catalogue.resolve(node)
        plan[node.name] = spec
        if note:
            notes.append(note)
    return plan, notes


def missing_images(plan: dict[str, ImageSpec | None]) -> list[ImageSpec]:
    """The distinct images a plan needs that are not cached yet, in a stable order."""
    from netassess.lab.images import lookup

    seen: dict[str, ImageSpec] = {}
    for spec in plan.values():
        if spec is not None and spec.key not in seen and lookup(spec) is None:
            seen[spec.key] = spec
    return list(seen.values())

__all__ = ["HOSTFS", "ImageCatalogue", "ImageMapFile", "is_frr_image", "load_catalogue", "missing_images", "plan_images"]
