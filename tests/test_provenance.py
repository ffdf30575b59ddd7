"""data/provenance.jsonld expanded by pyld into RDF: the PROV-O terms and the relay chains they state."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pyld import jsonld

from generator.build import check_briefing
from generator.model import Briefing
from generator.provenance import provenance_of

REPO = Path(__file__).resolve().parent.parent
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DOCUMENT = "https://example.org/brief/data/provenance.jsonld"
SITE = "https://example.org/brief/"
# The PROV-O terms the export may use, as the recommendation spells them (https://www.w3.org/TR/prov-o/).
PROV_TERMS = {"Entity", "Activity", "Agent", "Person", "Organization", "wasAttributedTo", "wasGeneratedBy",
              "wasAssociatedWith", "used", "wasDerivedFrom", "wasQuotedFrom", "actedOnBehalfOf", "value"}

Triple = tuple[str, str, str]


def linked(folder: Path) -> Briefing:
    briefing, problems = check_briefing(folder)
    assert briefing is not None, problems.sorted()
    return briefing


def triples_of(data: bytes, base: str = DOCUMENT) -> set[Triple]:
    """Every statement of the graph, IRIs resolved against where the file would be served."""
    dataset = jsonld.to_rdf(jsonld.expand(json.loads(data), {"base": base}), {})
    out: set[Triple] = set()
    for triple in dataset["@default"]:
        obj = triple["object"]
        out.add((triple["subject"]["value"], triple["predicate"]["value"], obj["value"]))
    return out


def test_the_sample_relay_chain_of_a_verbatim_quote() -> None:
    triples = triples_of(provenance_of(linked(REPO)))
    quote = f"{SITE}statements/jilani-no-escalation/"
    relayed = f"{quote}#via-1"
    jilani, ministry = f"{SITE}actors/jalil-abbas-jilani/", f"{SITE}actors/pakistan-foreign-ministry/"
    assert {
        (quote, RDF_TYPE, f"{PROV}Entity"),
        (quote, f"{PROV}value", "Pakistan has no interest or desire in escalation"),
        (quote, f"{PROV}wasAttributedTo", jilani),
        (quote, f"{PROV}wasGeneratedBy", f"{quote}#said"),
        (f"{quote}#said", f"{PROV}wasAssociatedWith", jilani),
        (relayed, f"{PROV}wasQuotedFrom", quote),
        (relayed, f"{PROV}wasAttributedTo", ministry),
        (relayed, f"{PROV}wasGeneratedBy", f"{quote}#relay-1"),
        (f"{quote}#relay-1", f"{PROV}used", quote),
        (f"{quote}#relay-1", f"{PROV}wasAssociatedWith", ministry),
        (f"{SITE}sources/#report", f"{PROV}wasQuotedFrom", relayed),
        (f"{SITE}sources/#report", RDF_TYPE, f"{PROV}Entity"),
        (jilani, RDF_TYPE, f"{PROV}Person"),
        (jilani, f"{PROV}actedOnBehalfOf", ministry),  # his role: Foreign Minister of that ministry
        (ministry, RDF_TYPE, f"{PROV}Organization"),
    } <= triples


def test_paraphrases_are_derived_not_quoted() -> None:
    triples = triples_of(provenance_of(linked(REPO)))
    partial = f"{SITE}statements/jilani-closer-cooperation/"
    assert (f"{partial}#via-1", f"{PROV}wasDerivedFrom", partial) in triples
    assert not any(s.startswith(partial) and p == f"{PROV}wasQuotedFrom" for s, p, _ in triples)
    # A statement with no relay: the source derives from the statement itself.
    direct = f"{SITE}statements/amir-abdollahian-expand-relations/"
    assert (f"{SITE}sources/#report", f"{PROV}wasDerivedFrom", direct) in triples


def test_every_prov_term_is_a_real_one() -> None:
    triples = triples_of(provenance_of(linked(REPO)))
    used = {p for _, p, _ in triples} | {o for _, p, o in triples if p == RDF_TYPE}
    prov = {term.removeprefix(PROV) for term in used if term.startswith(PROV)}
    assert prov == PROV_TERMS
    assert used - {PROV + t for t in PROV_TERMS} == {
        RDF_TYPE, "http://www.w3.org/2000/01/rdf-schema#label", "http://purl.org/dc/terms/date"}


def test_a_source_in_the_chain_is_the_step_itself(briefing_dir: Callable[..., Path]) -> None:
    folder = briefing_dir({
        "statements.yaml": """\
            - id: comment
              speaker: iran
              said_on: 2024-01-16
              mode: verbatim
              text: 'Words with "quotes" and </script>'
              via: [pakistan, report]
              sources: [report]
            """,
    })
    data = provenance_of(linked(folder), "https://example.org/b/")
    assert data == provenance_of(linked(folder), "https://example.org/b/") == provenance_of(
        linked(folder), "https://example.org/b")
    triples = triples_of(data, base="https://elsewhere.example/")  # absolute IRIs ignore the document base
    comment, report = "https://example.org/b/statements/comment/", "https://example.org/b/sources/#report"
    assert (comment, f"{PROV}value", 'Words with "quotes" and </script>') in triples
    assert (f"{comment}#via-1", f"{PROV}wasQuotedFrom", comment) in triples
    assert (report, f"{PROV}wasQuotedFrom", f"{comment}#via-1") in triples
    assert not any(s == report and o == report for s, _, o in triples)  # not derived from itself
    assert ("https://example.org/b/actors/iran/", RDF_TYPE, f"{PROV}Organization") in triples
