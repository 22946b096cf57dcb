"""Export records declared once (`kinds`), in the vocabulary of `spec`; `agreements` reads the
agreement records that the exports and the reconcile stage share."""

from rashomon.records.kinds import KIND_SPECS, UNEXPORTED_TABLES
from rashomon.records.spec import Field, Group, Json, KindSpec, ListOf, Record, Scalar, build_record

__all__ = [
    "KIND_SPECS",
    "UNEXPORTED_TABLES",
    "Field",
    "Group",
    "Json",
    "KindSpec",
    "ListOf",
    "Record",
    "Scalar",
    "build_record",
]
