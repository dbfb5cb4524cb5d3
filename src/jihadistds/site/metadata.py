"""The package described for dataset search engines and Croissant readers.

The home page embeds a plain schema.org ``Dataset`` (:func:`dataset`), the form Google's
structured-data documentation shows for dataset search; the build writes a Croissant 1.0
document beside it as ``croissant.json`` (:func:`croissant`), where each CSV is a
``cr:FileObject`` with its SHA-256 and each table a ``cr:RecordSet`` whose fields say their
type and column, so that a Croissant reader (``mlcroissant``) can read every record back.
"""

from __future__ import annotations

from typing import Any

from ..citation import original
from ..read.descriptor import Descriptor, Resource
from ..read.fields import is_period, type_info
from ..read.locate import DESCRIPTOR
from .page import download, listed

CONFORMS_TO = "http://mlcommons.org/croissant/1.0"
# The terms of the Croissant 1.0 JSON-LD context this document uses, as the specification
# defines them.
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "sc": "https://schema.org/",
    "cr": "http://mlcommons.org/croissant/",
    "dct": "http://purl.org/dc/terms/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileObject": "cr:fileObject",
    "key": "cr:key",
    "recordSet": "cr:recordSet",
    "source": "cr:source",
}


def _file_id(res: Resource) -> str:
    return f"{res.name}.csv"


def croissant(
    descriptor: Descriptor,
    files: list[tuple[Resource, int, str]],
) -> dict[str, Any]:
    """The Croissant document of the package; ``files`` is (resource, bytes, SHA-256) per CSV."""
    d = descriptor.data
    licences = [lic for lic in listed(d, "licenses", file=DESCRIPTOR) if isinstance(lic, dict)]
    licence = next(
        (str(lic["path"]) for lic in licences if str(lic.get("path", "")).startswith("https://")),
        None,
    )
    title = str(d.get("title") or d.get("name") or "")
    version = str(d.get("version", ""))
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": str(d.get("name") or title),
        "alternateName": title,
        "description": str(d.get("description", "")),
        "conformsTo": CONFORMS_TO,
        "citeAs": f"{title}, version {version}." if version else f"{title}.",
        "version": version,
        "keywords": [str(k) for k in listed(d, "keywords", file=DESCRIPTOR)],
        "isAccessibleForFree": True,
        "url": "index.html",
        "distribution": [
            {
                "@type": "cr:FileObject",
                "@id": _file_id(res),
                "name": _file_id(res),
                "description": f"The {res.name} table as CSV.",
                "contentUrl": download(res),
                "contentSize": f"{size} B",
                "encodingFormat": "text/csv",
                "sha256": digest,
            }
            for res, size, digest in files
        ],
        "recordSet": [_record_set(res) for res, _, _ in files],
    }
    if licence:
        doc["license"] = licence
    created = d.get("created")
    if isinstance(created, str) and created[:10]:
        doc["datePublished"] = created[:10]
    creators = [
        c
        for c in listed(d, "contributors", file=DESCRIPTOR)
        if isinstance(c, dict) and c.get("title")
    ]
    if creators:
        doc["creator"] = [{"@type": "sc:Organization", "name": str(c["title"])} for c in creators]
    return doc


def dataset(croissant_doc: dict[str, Any], sources: list[dict[str, str]]) -> dict[str, Any]:
    """The plain schema.org ``Dataset`` of the same package, for the home page: its name,
    description, licence, creator and keywords as Croissant has them, each CSV a
    ``DataDownload``, and each source the facts are drawn from as what it ``isBasedOn``."""
    keep = ("name", "alternateName", "description", "version", "keywords", "license",
            "isAccessibleForFree", "datePublished", "url")  # fmt: skip
    doc: dict[str, Any] = {"@context": "https://schema.org/", "@type": "Dataset"}
    doc.update({k: croissant_doc[k] for k in keep if k in croissant_doc})
    doc["creator"] = [
        {"@type": "Organization", "name": c["name"]} for c in croissant_doc.get("creator", [])
    ]
    doc["distribution"] = [
        {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": f["contentUrl"],
         "name": f["name"]}
        for f in croissant_doc["distribution"]
    ]  # fmt: skip
    doc["isBasedOn"] = [
        {
            "@type": "CreativeWork",
            "name": title,
            "datePublished": published,
            "publisher": {"@type": "Organization", "name": publisher},
            "url": url,
        }
        for title, publisher, published, url in map(original, sources)
    ]
    return {k: v for k, v in doc.items() if v not in ([], "")}


def _record_set(res: Resource) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "@type": "cr:RecordSet",
        "@id": res.name,
        "name": res.name,
        "field": [
            {
                "@type": "cr:Field",
                "@id": f"{res.name}/{f.name}",
                "name": f.name,
                "description": f.description,
                # A period bound is text here: it may be a year or a month, not a date.
                "dataType": "sc:Text" if is_period(res, f) else type_info(f).croissant,
                "source": {"fileObject": {"@id": _file_id(res)}, "extract": {"column": f.name}},
            }
            for f in res.fields
        ],
    }
    if res.primary_key:
        keys = [{"@id": f"{res.name}/{k}"} for k in res.primary_key]
        meta["key"] = keys[0] if len(keys) == 1 else keys
    return meta
