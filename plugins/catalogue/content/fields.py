"""A model's fields, walked: what each holds (its Kind) and in which order a form shows them.

One walk for every tool that reads the declaration: the form editor's config (outputs/decap.py),
the key order of `make format` (tools/formatting.py) and the guide (tools/guide.py).
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .types import Widget


@dataclass
class Kind:
    """What a field holds, once Optional, Annotated and tuple are peeled off."""

    name: str  # text slug url email phone path date time bool int float literal model union list
    optional: bool = False
    values: tuple = ()
    models: tuple = ()
    item: "Kind | None" = None
    constraints: dict = field(default_factory=dict)
    widget: Widget | None = None  # the value type's own widget, if it declares one


def _constraints(metadata) -> dict:
    found: dict = {}
    for item in metadata:
        if isinstance(item, FieldInfo):
            found.update(_constraints(item.metadata))
            continue
        for attribute in ("min_length", "max_length", "ge", "le", "pattern"):
            value = getattr(item, attribute, None)
            if value is not None:
                found[attribute] = value
    return found


def kind_of(annotation: Any, metadata: tuple = ()) -> Kind:
    """What an annotation holds, for the form: its Widget if its type declares one, else its Python type.

    >>> from catalogue.content.types import Date, Slug
    >>> kind_of(Slug | None).name, kind_of(Slug | None).optional, kind_of(tuple[Date, ...]).item.name
    ('slug', True, 'date')
    """
    metadata = tuple(metadata)
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return kind_of(base, metadata + tuple(extra))
    constraints = _constraints(metadata)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        if len(args) == 1:
            inner = kind_of(args[0], metadata)
            inner.optional = inner.optional or optional
            return inner
        kinds = [kind_of(a) for a in args]
        models = tuple(k.models[0] for k in kinds if k.models)
        if len(models) == 1:  # a date or a period (sauf): the form offers the period, whose end may stay empty
            return Kind("model", optional=optional, models=models, constraints=constraints)
        return Kind("union", optional=optional, models=models, constraints=constraints)
    if origin in (tuple, list):
        item = kind_of(typing.get_args(annotation)[0])
        return Kind("list", item=item, constraints=constraints)
    if origin is Literal:
        return Kind("literal", values=typing.get_args(annotation), constraints=constraints)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Kind("model", models=(annotation,), constraints=constraints)
    for item in metadata:
        if isinstance(item, Widget):
            return Kind(item.name, constraints=constraints, widget=item)
    simple = {date: "date", time: "time", bool: "bool", int: "int", float: "float", str: "text"}
    if annotation in simple:
        return Kind(simple[annotation], constraints=constraints)
    raise TypeError(f"type de champ non pris en charge par l'éditeur : {annotation!r}")


def field_kind(info: FieldInfo) -> Kind:
    """The Kind of a model's field (its metadata included: the limits of `Field(...)`)."""
    return kind_of(info.annotation, tuple(info.metadata))


def form_fields(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    """(French key, field) of the fields an editor types: not the id and body the loader injects."""
    return [(info.alias or name, info) for name, info in model.model_fields.items() if not info.exclude]


def union_fields(models: tuple) -> list[tuple[str, FieldInfo, list[type[BaseModel]], bool]]:
    """The fields of several models in one form: (key, field, models having it, required in all of them)."""
    merged: dict[str, tuple[FieldInfo, list, bool]] = {}
    for model in models:
        for key, info in form_fields(model):
            if key in merged:
                first, owners, required = merged[key]
                merged[key] = (first, owners + [model], required and info.is_required())
            else:
                merged[key] = (info, [model], info.is_required())
    return [(key, info, owners, required and len(owners) == len(models)) for key, (info, owners, required) in merged.items()]
