"""`@record`: frozen dataclasses without the start-up cost of `dataclasses.dataclass`.

`@dataclass(frozen=True)` compiles five methods per class with `exec` when the module is
imported: about 0.3 ms for a small class and 2.5 ms for `Procedure`'s 24 fields, 11 ms for the
classes one `explain` needs, which is most of the start-up budget (docs/speed.md). `@record`
gives the same behaviour with shared generic methods and no `exec`:

- the constructor of a frozen dataclass (positional or keyword arguments, defaults,
  `field(default_factory=...)`), assignment and deletion raising `FrozenInstanceError`;
- `==` and `hash` over the fields (fields with `compare=False` left out), a dataclass-style repr;
- `fields` and `replace` here stand in for `dataclasses.fields` and `replace` (a record is not a
  dataclass to the `dataclasses` module: faking one needs its private classes, which change
  between Python versions);
- mypy checks them as frozen dataclasses (`typing.dataclass_transform`).

Instances keep a plain `__dict__`, so pickle and copy work as for dataclasses.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")
C = TypeVar("C", bound=type)


class FrozenInstanceError(AttributeError):
    """Raised on assignment to a record's field (as `dataclasses.FrozenInstanceError`)."""


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class FieldSpec:
    """What `field()` returns: a default, or a factory, and whether the field takes part in ==."""

    __slots__ = ("compare", "default", "factory", "repr")

    def __init__(self, default: Any, factory: Callable[[], Any] | None, compare: bool, repr: bool):
        self.default, self.factory, self.compare, self.repr = default, factory, compare, repr


@overload
def field(*, default: T, compare: bool = True, repr: bool = True) -> T: ...
@overload
def field(*, default_factory: Callable[[], T], compare: bool = True, repr: bool = True) -> T: ...
def field(
    *,
    default: Any = MISSING,
    default_factory: Callable[[], Any] | None = None,
    compare: bool = True,
    repr: bool = True,
) -> Any:
    """A field's default or default factory, as `dataclasses.field`."""
    return FieldSpec(default, default_factory, compare, repr)


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field '{name}'")


def _frozen_delattr(self: object, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field '{name}'")


def _init_for(
    names: tuple[str, ...], defaults: dict[str, Any], factories: dict[str, Callable[[], Any]]
) -> Callable[..., None]:
    known = frozenset(names)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(names):
            raise TypeError(
                f"{type(self).__name__}() takes {len(names)} arguments but {len(args)} were given"
            )
        values = dict(zip(names, args, strict=False))
        for key, value in kwargs.items():
            if key not in known:
                raise TypeError(f"{type(self).__name__}() got an unexpected argument '{key}'")
            if key in values:
                raise TypeError(f"{type(self).__name__}() got multiple values for '{key}'")
            values[key] = value
        if len(values) < len(names):
            for key in names:
                if key in values:
                    continue
                if key in defaults:
                    values[key] = defaults[key]
                elif key in factories:
                    values[key] = factories[key]()
                else:
                    raise TypeError(f"{type(self).__name__}() missing argument '{key}'")
        # Field order, as a dataclass's __dict__ has it (repr, pickle and asdict follow it).
        self.__dict__.update((key, values[key]) for key in names)

    return __init__


def _key(self: Any) -> tuple[Any, ...]:
    d = self.__dict__
    return tuple(d[name] for name in self.__record_compare__)


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        return _key(self) == _key(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(_key(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{n}={self.__dict__[n]!r}" for n in self.__record_repr__)
    return f"{type(self).__qualname__}({shown})"


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: C) -> C:
    """Makes cls a frozen, dataclass-compatible record (see the module docstring)."""
    names = tuple(inspect.get_annotations(cls))
    specs: dict[str, FieldSpec] = {}
    defaults: dict[str, Any] = {}
    factories: dict[str, Callable[[], Any]] = {}
    for name in names:
        if name not in cls.__dict__:
            continue
        value = cls.__dict__[name]
        if isinstance(value, FieldSpec):
            specs[name] = value
            if value.factory is not None:
                factories[name] = value.factory
            elif value.default is not MISSING:
                defaults[name] = value.default
        else:
            defaults[name] = value
            specs[name] = FieldSpec(value, None, True, True)
        if name in defaults:
            type.__setattr__(cls, name, defaults[name])  # as a dataclass: the default stays
        else:
            delattr(cls, name)
    seen = [n for n in names if n in defaults or n in factories]
    if seen and names[len(names) - len(seen) :] != tuple(seen):
        raise TypeError(f"{cls.__name__}: fields without a default must come first")
    attrs: dict[str, Any] = {
        "__record_fields__": names,
        "__record_specs__": specs,
        "__record_compare__": tuple(n for n in names if n not in specs or specs[n].compare),
        "__record_repr__": tuple(n for n in names if n not in specs or specs[n].repr),
        "__init__": _init_for(names, defaults, factories),
        "__setattr__": _frozen_setattr,
        "__delattr__": _frozen_delattr,
        "__eq__": _eq,
        "__hash__": _hash,
        "__repr__": _repr,
        "__match_args__": names,
    }
    for key, value in attrs.items():
        type.__setattr__(cls, key, value)
    return cls


def fields(cls: type[Any] | object) -> tuple[str, ...]:
    """A record class's (or instance's) field names, in order."""
    owner = cls if isinstance(cls, type) else type(cls)
    try:
        names: tuple[str, ...] = owner.__dict__["__record_fields__"]
    except KeyError:
        raise TypeError(f"{owner.__name__} is not a record") from None
    return names


def values_of(obj: Any) -> tuple[Any, ...]:
    """A record's field values, in order."""
    d = obj.__dict__
    return tuple(d[name] for name in fields(type(obj)))


def replace(obj: T, /, **changes: Any) -> T:
    """A copy of a record with some fields changed, through its constructor (as
    `dataclasses.replace`)."""
    values = dict(zip(fields(obj), values_of(obj), strict=True))
    values.update(changes)
    return type(obj)(**values)


def build(cls: type[T], values: tuple[Any, ...]) -> T:
    """An instance from its field values in order, skipping __init__ (for trusted cache data)."""
    obj = object.__new__(cls)
    obj.__dict__.update(zip(fields(cls), values, strict=True))
    return obj
