"""Which function draws each result: a page (for table, plain, md and html) and a JSON view.

Keyed by the result's class as "module.Class" (`view_key`), valued "module:function": strings,
so looking one up imports only the view it names (a `match` page does not load the quiz's, nor
`explain` the matcher's), and a view module never registers itself anywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from spinecli.dispatch import resolve

if TYPE_CHECKING:
    from spinecli.render.doc import Doc

PAGES: dict[str, str] = {
    "spinecli.queries.ProcedureList": "spinecli.render.pages:procedure_list",
    "spinecli.queries.ProcedurePage": "spinecli.render.clinical_pages:procedure_page",
    "spinecli.queries.ConditionList": "spinecli.render.pages:condition_list",
    "spinecli.queries.TreatmentPlan": "spinecli.render.clinical_pages:treatment_plan",
    "spinecli.queries.RecoveryPlan": "spinecli.render.pages:recovery_plan",
    "spinecli.compare.Comparison": "spinecli.render.pages:comparison",
    "spinecli.search.SearchResult": "spinecli.render.pages:search_result",
    "spinecli.codes.CodeList": "spinecli.render.pages:code_list",
    "spinecli.quiz.Quiz": "spinecli.render.pages:quiz_sheet",
    "spinecli.handout.Handout": "spinecli.render.handout_page:handout_page",
    "spinecli.match.MatchResult": "spinecli.render.matchviews:match_page",
    "spinecli.match.SymptomList": "spinecli.render.matchviews:symptom_list",
    "spinecli.triage.Triage": "spinecli.render.matchviews:triage_page",
}

JSON_VIEWS: dict[str, str] = {
    "spinecli.queries.ProcedureList": "spinecli.render.jsonout:procedure_list",
    "spinecli.queries.ProcedurePage": "spinecli.render.jsonout:procedure_page",
    "spinecli.queries.ConditionList": "spinecli.render.jsonout:condition_list",
    "spinecli.queries.TreatmentPlan": "spinecli.render.jsonout:treatment_plan",
    "spinecli.queries.RecoveryPlan": "spinecli.render.jsonout:recovery_plan",
    "spinecli.compare.Comparison": "spinecli.render.jsonout:comparison",
    "spinecli.search.SearchResult": "spinecli.render.jsonout:search_result",
    "spinecli.codes.CodeList": "spinecli.render.jsonout:code_list",
    "spinecli.quiz.Quiz": "spinecli.render.jsonout:quiz",
    "spinecli.handout.Handout": "spinecli.render.jsonout:handout",
    "spinecli.handout.HandoutSet": "spinecli.render.jsonout:handout_set",
    "spinecli.match.MatchResult": "spinecli.render.matchjson:match_json",
    "spinecli.match.SymptomList": "spinecli.render.matchjson:symptom_list_json",
    "spinecli.triage.Triage": "spinecli.render.matchjson:triage_json",
}


def view_key(kind: type) -> str:
    """How PAGES and JSON_VIEWS name a result class: "module.Class"."""
    return f"{kind.__module__}.{kind.__qualname__}"


def view(table: Mapping[str, str], result: object) -> Callable[[Any], Any]:
    """The function table names for result's class; TypeError for a class it does not know."""
    key = view_key(type(result))
    spec = table.get(key)
    if spec is None:
        raise TypeError(f"no view for {key}")
    fn: Callable[[Any], Any] = resolve(spec)
    return fn


def to_doc(result: object) -> Doc:
    """The page for a result, as the document every text format renders."""
    doc: Doc = view(PAGES, result)(result)
    return doc
