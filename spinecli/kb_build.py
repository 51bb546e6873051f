"""Builds the KnowledgeBase's model objects from merged, validated KB data (kb reads, layers
and validates the files). Pure: no I/O."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from spinecli.model import (
    RECOVERY_PHASES,
    WARNING_TIERS,
    Advice,
    BleedingRisk,
    Condition,
    DiagnosisCode,
    Finding,
    Guideline,
    KnowledgeBase,
    Prerequisite,
    Procedure,
    ProcedureCode,
    RedFlag,
    Rule,
    Source,
    Symptom,
    Treatment,
    ValueTest,
)


def _date(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value or "")


def _t(value: Any) -> tuple[str, ...]:
    return tuple(value or ())


def _phased(
    table: dict[str, list[str]], keys: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((k, tuple(table[k])) for k, _ in keys if table.get(k))


def build(d: Mapping[str, dict[str, Any]], files: Sequence[str] = ()) -> KnowledgeBase:
    """The KnowledgeBase from merged, validated KB data."""
    meta = d.get("kb", {})
    return KnowledgeBase(
        version=str(meta.get("version", "")),
        reviewed=_date(meta.get("reviewed")),
        candidacy=_t(meta.get("candidacy")),
        candidacy_sources=_t(meta.get("candidacy_sources")),
        sources={
            k: Source(
                id=k,
                title=v["title"],
                publisher=v.get("publisher", ""),
                year=v.get("year"),
                url=v.get("url", ""),
                also=_t(v.get("also")),
                single_practice=bool(v.get("single_practice", False)),
            )
            for k, v in d.get("sources", {}).items()
        },
        procedures={k: _procedure(k, v) for k, v in d.get("procedures", {}).items()},
        conditions={k: _condition(k, v) for k, v in d.get("conditions", {}).items()},
        symptoms={
            k: Symptom(
                id=k,
                name=v["name"],
                phrases=_t(v["phrases"]),
                conditions=tuple((c, float(w)) for c, w in v["conditions"].items()),
                sources=_t(v.get("sources")),
                question=v.get("question", ""),
                current_only=bool(v.get("current_only", False)),
                qualifier=bool(v.get("qualifier", False)),
            )
            for k, v in d.get("symptoms", {}).items()
        },
        red_flags={k: _red_flag(k, v) for k, v in d.get("red_flags", {}).items()},
        findings={k: _finding(k, v) for k, v in d.get("findings", {}).items()},
        files=tuple(files),
        anticoagulation=_advice(meta.get("anticoagulation")),
    )


def _red_flag(fid: str, v: dict[str, Any]) -> RedFlag:
    return RedFlag(
        id=fid,
        name=v["name"],
        summary=v["summary"],
        action=v["action"],
        rules=tuple(
            Rule(
                rule=r["rule"],
                source=r["source"],
                all_of=_t(r.get("all")),
                any_of=_t(r.get("any")),
                at_least=int(r.get("at_least", 1)),
                unless=_t(r.get("unless")),
            )
            for r in v["rules"]
        ),
        sources=_t(v["sources"]),
        question=v.get("question", ""),
        urgent_if=v.get("urgent_if", ""),
    )


def _bound(value: Any) -> float | None:
    return None if value is None else float(value)


def _finding(fid: str, v: dict[str, Any]) -> Finding:
    return Finding(
        id=fid,
        name=v["name"],
        phrases=_t(v.get("phrases")),
        values=tuple(
            ValueTest(
                t["kind"],
                *(_bound(t.get(b)) for b in ("at_least", "above", "at_most", "below")),
            )
            for t in v.get("values", ())
        ),
        spinal=bool(v.get("spinal", False)),
        cause=bool(v.get("cause", False)),
        new_only=bool(v.get("new_only", False)),
        event=bool(v.get("event", False)),
        current_only=bool(v.get("current_only", False)),
        symptoms=_t(v.get("symptoms")),
        diagnosed=bool(v.get("diagnosed", False)),
        progressive=bool(v.get("progressive", False)),
        spinal_site=bool(v.get("spinal_site", False)),
        question=v.get("question", ""),
        sources=_t(v.get("sources")),
    )


def _guidelines(items: Any) -> tuple[Guideline, ...]:
    return tuple(
        Guideline(
            body=g["body"],
            ref=g["ref"],
            position=g["position"],
            scope=g["scope"],
            source=g["source"],
            year=g.get("year"),
            verbatim=bool(g.get("verbatim", False)),
        )
        for g in items or ()
    )


def _advice(items: Any) -> tuple[Advice, ...]:
    return tuple(Advice(a["text"], a["source"]) for a in items or ())


def _procedure(pid: str, v: dict[str, Any]) -> Procedure:
    return Procedure(
        id=pid,
        name=v["name"],
        summary=v["summary"],
        category=v["category"],
        regions=_t(v["regions"]),
        purpose=v["purpose"],
        steps=_t(v["steps"]),
        risks=_t(v["risks"]),
        sources=_t(v["sources"]),
        aliases=_t(v.get("aliases")),
        imaging=v.get("imaging", ""),
        anesthesia=v.get("anesthesia", ""),
        setting=v.get("setting", ""),
        duration=v.get("duration", ""),
        onset=v.get("onset", ""),
        relief_duration=v.get("relief_duration", ""),
        repeat=v.get("repeat", ""),
        candidacy=_t(v.get("candidacy")),
        benefits=_t(v.get("benefits")),
        contraindications=_t(v.get("contraindications")),
        evidence=_t(v.get("evidence")),
        reviewed=_date(v.get("reviewed")),
        plain_summary=v.get("plain_summary", ""),
        recovery=_phased(v["recovery"], RECOVERY_PHASES),
        warning_signs=_phased(v["warning_signs"], WARNING_TIERS),
        plain_risks=_t(v.get("plain_risks")),
        plain_recovery=_phased(v.get("plain_recovery", {}), RECOVERY_PHASES),
        plain_warning_signs=_phased(v.get("plain_warning_signs", {}), WARNING_TIERS),
        cpt=tuple(
            ProcedureCode(c["code"], c["description"], c["source"]) for c in v.get("cpt", ())
        ),
        guidelines=_guidelines(v.get("guidelines")),
        requires=tuple(
            Prerequisite(
                source=r["source"],
                procedure=r.get("id", ""),
                step=r.get("step", ""),
                note=r.get("note", ""),
            )
            for r in v.get("requires", ())
        ),
        bleeding_risk=tuple(
            BleedingRisk(b["class"], b["scope"], b["source"]) for b in v.get("bleeding_risk", ())
        ),
        anticoagulation=_advice(v.get("anticoagulation")),
    )


def _condition(cid: str, v: dict[str, Any]) -> Condition:
    return Condition(
        id=cid,
        name=v["name"],
        summary=v["summary"],
        regions=_t(v["regions"]),
        conservative_care=_t(v["conservative_care"]),
        sources=_t(v["sources"]),
        aliases=_t(v.get("aliases")),
        candidacy=_t(v.get("candidacy")),
        reviewed=_date(v.get("reviewed")),
        procedures=tuple(Treatment(t["id"], t["role"]) for t in v.get("procedures", [])),
        icd10=tuple(
            DiagnosisCode(c["code"], c["description"], tuple(c.get("excludes1", ())))
            for c in v.get("icd10", ())
        ),
        guidelines=_guidelines(v.get("guidelines")),
        referral=v.get("referral", ""),
    )
