"""The committee's search settings page, for its system administrator (beside the other pages of
the committee's administration in the 系统管理员 menu)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Committee
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role

from .setting_services import MAX_YEARS, MIN_YEARS, setting_for, setting_update


class SettingForm(forms.Form):
    search_below = forms.BooleanField(
        label="本政协工作人员和领导可检索下级政协的记录",
        required=False,
        help_text="开启后，检索结果包括下级政协已提交的记录（不含草稿），以只读方式查阅。",
    )
    similar_years = forms.IntegerField(
        label="查重年限（年）",
        min_value=MIN_YEARS,
        max_value=MAX_YEARS,
        help_text=f"提案、社情民意、督办事项查找相似内容时回看的年数，{MIN_YEARS}至{MAX_YEARS}年。",
        error_messages={
            "required": "请填写查重年限",
            "invalid": "查重年限应为整数",
            "min_value": f"查重年限应为{MIN_YEARS}至{MAX_YEARS}年",
            "max_value": f"查重年限应为{MIN_YEARS}至{MAX_YEARS}年",
        },
    )


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    committee_id: int | None = getattr(request, "committee_id", None)
    if committee_id is None or not has_role(request.user, committee_id, Role.SYSADMIN):
        raise Http404
    committee = Committee.objects.get(pk=committee_id)
    current = setting_for(committee)
    form = SettingForm(
        request.POST or None,
        initial={"search_below": current.search_below, "similar_years": current.similar_years},
    )
    if request.method == "POST" and form.is_valid():
        try:
            setting_update(committee=committee, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "检索设置已保存")
            return redirect("search:settings")
    return render(
        request,
        "search/settings.html",
        {"form": form, "committee": committee},
        status=400 if form.errors else 200,
    )
