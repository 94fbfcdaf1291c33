"""Per-candidate parameter generators: each candidate gets their own, equally hard, reproducible instance.

A value derives from (task id, candidate id, parameter) through HMAC-SHA256 keyed with the
cohort secret, so two candidates get different values, nobody without the secret can predict
another's, and the assessor re-derives any candidate's instance from the same three inputs. The
arithmetic is plain integers (no ``random`` module), so an instance is the same on every Python.

Equal difficulty: a generator only varies *where* a value lands, never its shape (every block
has the task's prefix length, every password its length). Uniqueness: parameters that draw
from one pool with ``pick: 0``, ``pick: 1``… take distinct positions of one per-candidate
walk through that pool, so two blocks of one task never overlap and two ASNs never collide.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import os
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from netassess.errors import UsageError
from netassess.spec.models import Parameter
from netassess.spec.parameters import PARAMETER_GENERATORS

SECRET_ENV = "NETASSESS_COHORT_SECRET"
SECRET_FILE_ENV = "NETASSESS_COHORT_SECRET_FILE"
MIN_COHORT_SECRET = 16  # shorter secrets can be guessed, and with them every candidate's instance
_secret_file: Path | None = None


def use_secret_file(path: Path | None) -> None:
    """``--cohort-secret-file``: read the cohort secret from this file (it wins over the environment)."""
    global _secret_file
    _secret_file = path


def cohort_secret() -> bytes:
    """The cohort secret: ``--cohort-secret-file``, else ``$NETASSESS_COHORT_SECRET_FILE``, else ``$NETASSESS_COHORT_SECRET``."""
    path = _secret_file or (Path(os.environ[SECRET_FILE_ENV]) if os.environ.get(SECRET_FILE_ENV) else None)
    if path is not None:
        try:
            value = path.read_text().strip()
        except OSError as exc:
            raise UsageError(f"cohort secret file {path}: {exc.strerror or exc}") from None
        where = f"cohort secret file {path}"
    else:
        value = os.environ.get(SECRET_ENV, "").strip()
        where = f"${SECRET_ENV}"
    if not value:
        raise UsageError(f"a per-candidate instance needs the cohort secret: set {SECRET_ENV} or pass "
                         "--cohort-secret-file FILE (the same secret reproduces every candidate's instance)")
    if len(value) < MIN_COHORT_SECRET:
        raise UsageError(f"{where} is too short: use at least {MIN_COHORT_SECRET} characters")
    return value.encode()


@dataclass(frozen=True)
class Draw:
    """The keyed source of one parameter's values: integers derived from (task, candidate, label)."""

    task_id: str
    candidate: str
    name: str
    key: bytes

    def integer(self, label: str, modulus: int) -> int:
        """An integer in ``[0, modulus)``, fixed by the key, task, candidate and ``label``."""
        message = "\0".join((self.task_id, self.candidate, label)).encode()
        digest = hmac.new(self.key, message, hashlib.sha256).digest()
        return int.from_bytes(digest, "big") % modulus

    def walk(self, label: str, size: int, pick: int) -> int:
        """Position ``pick`` of a per-candidate walk through ``range(size)``: distinct picks, distinct positions.

        ``offset + pick × stride`` modulo ``size`` with ``stride`` coprime to ``size`` visits every
        position once, so parameters sharing a ``label`` (a pool) never get the same one."""
        if pick >= size:
            raise UsageError(f"parameter {self.name!r}: pick {pick} but the pool holds only {size}")
        stride = 1 + self.integer(label + "\0stride", max(size - 1, 1))
        while math.gcd(stride, size) != 1:
            stride += 1
        return (self.integer(label + "\0offset", size) + pick * stride) % size


class _Args(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)  # a task builds only the generators it uses


class BlockArgs(_Args):
    pool: str = Field(description="the network blocks are carved from, e.g. 10.0.0.0/8")
    prefixlen: int = Field(ge=1, le=128, description="every candidate's block has this length (equal difficulty)")
    pick: int = Field(0, ge=0, description="parameters of one task with the same pool and length, different picks, never overlap")

    @model_validator(mode="after")
    def _fits(self) -> BlockArgs:
        pool = ipaddress.ip_network(self.pool, strict=True)
        if self.prefixlen < pool.prefixlen or self.prefixlen > pool.max_prefixlen:
            raise ValueError(f"prefixlen {self.prefixlen} does not fit in the pool {pool}")
        return self


class RangeArgs(_Args):
    min: int = Field(description="lowest value")
    max: int = Field(description="highest value")
    pick: int = Field(0, ge=0, description="parameters with the same range and different picks never collide")
    exclude: list[int] = Field(default_factory=list, description="values never drawn (reserved VLANs, area 0…)")

    @model_validator(mode="after")
    def _ordered(self) -> RangeArgs:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        if self.max - self.min + 1 <= len({v for v in self.exclude if self.min <= v <= self.max}):
            raise ValueError("every value of the range is excluded")
        return self


class AsnArgs(RangeArgs):
    min: int = Field(64512, ge=1, le=4294967294, description="lowest ASN (default: the private 16-bit range)")
    max: int = Field(65534, ge=1, le=4294967294, description="highest ASN")


class ChoiceArgs(_Args):
    options: list[Any] = Field(min_length=1, description="the values to choose from (all equally hard)")
    pick: int = Field(0, ge=0, description="parameters with the same options and different picks choose different ones")


class PasswordArgs(_Args):
    length: int = Field(16, ge=8, le=64, description="every candidate's password has this length")
    alphabet: str = Field(string.ascii_letters + string.digits, min_length=10,
                          description="characters to draw from (default letters and digits: safe in every CLI)")


def _args(model: type[_Args], name: str, args: Mapping[str, Any]) -> Any:
    try:
        return model.model_validate(dict(args))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise UsageError(f"parameter {name!r}: generator args{f' {where}' if where else ''}: {first['msg']}") from None


def _block(draw: Draw, param: Parameter, args: Mapping[str, Any], version: int) -> str:
    a = _args(BlockArgs, draw.name, args)
    pool = ipaddress.ip_network(a.pool, strict=True)
    if pool.version != version:
        raise UsageError(f"parameter {draw.name!r}: pool {pool} is not IPv{version}")
    size = 2 ** (a.prefixlen - pool.prefixlen)
    index = draw.walk(f"block\0{pool}\0{a.prefixlen}", size, a.pick)
    address = int(pool.network_address) + index * 2 ** (pool.max_prefixlen - a.prefixlen)
    return str(ipaddress.ip_network((address, a.prefixlen)))


@PARAMETER_GENERATORS.register("ipv4_block")
def ipv4_block(draw: Draw, param: Parameter, args: Mapping[str, Any]) -> str:
    """An IPv4 network of ``prefixlen`` from ``pool``."""
    return _block(draw, param, args, 4)


@PARAMETER_GENERATORS.register("ipv6_block")
def ipv6_block(draw: Draw, param: Parameter, args: Mapping[str, Any]) -> str:
    """An IPv6 network of ``prefixlen`` from ``pool``."""
    return _block(draw, param, args, 6)


def _in_range(draw: Draw, a: RangeArgs, label: str) -> int:
    excluded = sorted({v for v in a.exclude if a.min <= v <= a.max})
    size = a.max - a.min + 1 - len(excluded)
    value = a.min + draw.walk(f"{label}\0{a.min}\0{a.max}\0{excluded}", size, a.pick)
    for skipped in excluded:  # the n-th allowed value: step over each excluded one at or below it
        if skipped <= value:
            value += 1
    return value


@PARAMETER_GENERATORS.register("int_range")
def int_range(draw: Draw, param: Parameter, args: Mapping[str, Any]) -> int:
    """An integer in ``[min, max]`` (a VLAN, an OSPF area, a cost), never one of ``exclude``."""
    return _in_range(draw, _args(RangeArgs, draw.name, args), "int")


@PARAMETER_GENERATORS.register("asn")
def asn(draw: Draw, param: Parameter, args: Mapping[str, Any]) -> int:
    """A BGP AS number, by default from the private range 64512–65534."""
    return _in_range(draw, _args(AsnArgs, draw.name, args), "asn")


@PARAMETER_GENERATORS.register("choice")
def choice(draw: Draw, param: Parameter, args: Mapping[str, Any]) -> Any:
    """One of ``options``."""
    a = _args(ChoiceArgs, draw.name, args)
    return a.options[draw.walk(f"choice\0{a.options!r}", len(a.options), a.pick)]


@PARAMETER_GENERATORS.register("password")
def password(draw: Draw, param: Parameter, args: Mapping[str, Any]) -> str:
    """A password of ``length`` characters; the parameter must be ``type: secret`` so it is masked everywhere."""
    if param.type != "secret":
        raise UsageError(f"parameter {draw.name!r}: the password generator needs type: secret (so the value is masked)")
    a = _args(PasswordArgs, draw.name, args)
    alphabet = "".join(dict.fromkeys(a.alphabet))
    return "".join(alphabet[draw.integer(f"password\0{draw.name}\0{i}", len(alphabet))] for i in range(a.length))
