"""The results page (检索) behind the search box in every page's header, and the read-only view of
a record of a committee below, for the offices that may search it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from zhengxie.org.models import Committee
from zhengxie.org.scope import committee_ids

from .index import providers
from .models import Document
from .query import below_ids, search, visible_documents
from .text import MAX_QUERY


def kind_choices() -> list[tuple[str, str]]:
    return [("", "全部类别")] + [(k, str(getattr(p, "LABEL", k))) for k, p in providers().items()]


def searchable_committees(user: Any) -> list[Committee]:
    ids = committee_ids(user) | below_ids(user)
    return list(Committee.objects.filter(pk__in=ids).order_by("code"))


class SearchForm(forms.Form):
    q = forms.CharField(label="检索词", required=False, max_length=MAX_QUERY * 2)
    kind = forms.ChoiceField(label="类别", required=False)
    committee = forms.TypedChoiceField(label="政协", required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    state = forms.CharField(label="状态", required=False, max_length=40)
    category = forms.CharField(label="分类", required=False, max_length=40)

    def __init__(self, *args: Any, committees: list[Committee], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()  # type: ignore[attr-defined]
        self.fields["committee"].choices = [("", "全部可查范围")] + [  # type: ignore[attr-defined]
            (c.pk, c.name) for c in committees
        ]
        self.fields["year"].choices = [("", "全部年度")] + [(y, f"{y}年") for y in years]  # type: ignore[attr-defined]


@login_required
def results(request: HttpRequest) -> HttpResponse:
    committees = searchable_committees(request.user)
    years = sorted(
        Document.objects.filter(committee__in=[c.pk for c in committees])
        .values_list("year", flat=True)
        .distinct(),
        reverse=True,
    )[:15]
    form = SearchForm(request.GET or None, committees=committees, years=years)
    found = None
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            found = search(
                request.user,
                data["q"],
                kind=data["kind"],
                committee_id=data["committee"],
                year=data["year"],
                state=data["state"],
                category=data["category"],
                cursor=request.GET.get("after", ""),
                home_committee_id=getattr(request, "committee_id", None),
            )
        else:
            form.add_error(None, "筛选条件有误，请重新选择。")
    params = request.GET.copy()
    params.pop("after", None)
    if found is not None and found.next_cursor:
        params["after"] = found.next_cursor
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "found": found,
            "next_query": params.urlencode() if found and found.next_cursor else "",
        },
    )


@login_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    """A record of a committee below, as indexed: what a province or city office reads when it
    searches its subtree (the record's own page belongs to its committee)."""
    doc = visible_documents(request.user).select_related("committee").filter(pk=pk).first()
    if doc is None:
        raise Http404("未找到该记录")
    return render(
        request, "search/document.html", {"doc": doc, "kind_label": dict(kind_choices()).get(doc.kind, "")}
    )
