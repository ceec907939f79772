"""The system administrator's Excel imports: templates, upload, row-by-row error report. The
upload is read and checked in the request; validating and writing the rows runs as a long task
(org.imports.import_job) whose progress, result and error report the upload page shows. An
import builds the roster only; the page then points to where the accounts are opened."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhengxie.lib.crypto import encrypt
from zhengxie.lib.errors import DomainError
from zhengxie.lib.longwork import latest_for, start
from zhengxie.lib.xlsx import read_rows, workbook_response

from . import imports
from .models import Committee, HandlingUnit, Person
from .roles import Role
from .scope import has_role

KINDS = {
    "members": ("委员", imports.MEMBER_COLUMNS, imports.MEMBER_EXAMPLE, imports.import_members),
    "units": ("承办单位", imports.UNIT_COLUMNS, imports.UNIT_EXAMPLE, imports.import_units),
}


class UploadForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")


def _committee(request: HttpRequest) -> Committee:
    committee_id = request.committee_id  # type: ignore[attr-defined]
    if not has_role(request.user, committee_id, Role.SYSADMIN):
        raise Http404
    return Committee.objects.get(pk=committee_id)


@login_required
def import_index(request: HttpRequest) -> HttpResponse:
    _committee(request)
    return render(request, "org/import_index.html", {"kinds": KINDS})


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    committee = _committee(request)
    if kind not in KINDS:
        raise Http404
    label, columns, example, _ = KINDS[kind]
    if kind == "members":
        sectors = list(committee.sectors.values_list("name", flat=True))
        specials = list(committee.special_committees.values_list("name", flat=True))
        values = [
            ("界别", sectors),
            ("专委会", specials),
            ("政治面貌", list(Person.Affiliation.values)),
            ("性别", ["男", "女"]),
            ("是否常委", ["是", "否"]),
        ]
    else:
        values = [("单位类别", list(HandlingUnit.Kind.labels))]
    return workbook_response(f"{label}导入模板.xlsx", [(f"{label}", columns, [example])], choices=values)


@login_required
def import_upload(request: HttpRequest, kind: str) -> HttpResponse:
    committee = _committee(request)
    if kind not in KINDS:
        raise Http404
    label, columns, _, _ = KINDS[kind]
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = read_rows(form.cleaned_data["file"], expected_headers=columns)
            if not rows:
                raise DomainError("文件中没有数据行")
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            start(
                runner=imports.import_job,
                label=f"导入{label}",
                owner=request.user,
                committee_id=committee.pk,
                params={
                    "kind": kind,
                    "rows": encrypt(json.dumps(rows, ensure_ascii=False)),
                },
                total=len(rows),
            )
            messages.success(request, f"已开始导入{label}：先逐行校验，全部通过才写入，进度见下方")
            return redirect("org:import_upload", kind)
    long_task = latest_for(request.user, imports.import_job, committee.pk, label=f"导入{label}")
    context = {"form": form, "kind": kind, "label": label, "long_task": long_task}
    return render(request, "org/import_upload.html", context, status=400 if form.errors else 200)
