"""The system administrator's Excel imports: templates, upload, row-by-row error report."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import validate_password
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhengxie.lib.xlsx import problems_response, run_import, workbook_response

from . import imports
from .models import Committee, HandlingUnit, Person
from .roles import Role
from .scope import has_role

REPORT_KEY = "zx_import_report"
KINDS = {
    "members": ("委员", imports.MEMBER_COLUMNS, imports.MEMBER_EXAMPLE, imports.import_members),
    "units": ("承办单位", imports.UNIT_COLUMNS, imports.UNIT_EXAMPLE, imports.import_units),
}


class UploadForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")
    password = forms.CharField(
        label="初始密码", widget=forms.PasswordInput, help_text="导入的账号使用此初始密码，首次登录时须修改"
    )

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        validate_password(password)
        return password


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
    label, columns, _, importer = KINDS[kind]
    form = UploadForm(request.POST or None, request.FILES or None)
    result, problems = run_import(
        request,
        form,
        columns=columns,
        importer=lambda rows: importer(
            committee=committee, rows=rows, password=form.cleaned_data["password"], by=request.user
        ),
        session_key=REPORT_KEY,
    )
    if result is not None:
        messages.success(request, f"成功导入 {result.created} 个{label}")
        return redirect("org:import_index")
    status = 400 if form.errors or problems else 200
    context = {"form": form, "kind": kind, "label": label, "problems": problems}
    return render(request, "org/import_upload.html", context, status=status)


@login_required
def import_report(request: HttpRequest) -> HttpResponse:
    """The last failed import's problems as a workbook."""
    _committee(request)
    report = request.session.get(REPORT_KEY) or []
    return problems_response(report)
