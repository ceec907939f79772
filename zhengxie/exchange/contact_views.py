"""Pages of 联络联系: the committee's member directory (each person's visibility choice applied,
phones masked; one full number at a time on request, audited and limited), one's own visibility
settings, the office's liaison staff and writing to them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengxie.lib.attempt import attempt
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role, require_role

from . import contacts
from .forms import CardForm, OfficeForm
from .permissions import DIRECTORY_ROLES, OFFICE_ROLES


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, *DIRECTORY_ROLES)
    q = request.GET.get("q", "")[:50]
    page = keyset_page(request, contacts.directory(committee_id, q))
    entries = [contacts.entry(m) for m in page.items]
    return render_page(request, "exchange/contacts.html", {"page": page, "entries": entries, "q": q})


@login_required
@require_POST
def phone(request: HttpRequest, pk: int) -> HttpResponse:
    """One member's full number (htmx swaps it into the line), if he allowed it."""
    committee_id = require_role(request, *DIRECTORY_ROLES)
    try:
        number = contacts.phone_reveal(by=request.user, committee_id=committee_id, member_id=pk)
    except DomainError as exc:
        # htmx swaps only successful answers: the limit message goes into the line as a 200.
        status = 200 if getattr(request, "htmx", False) else 429
        return render(request, "exchange/_phone.html", {"error": exc.message}, status=status)
    return render(request, "exchange/_phone.html", {"number": number})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    card = contacts.card_of(request.user)
    committee_id = getattr(request, "committee_id", None)
    office = committee_id is not None and has_role(request.user, committee_id, *OFFICE_ROLES)
    form = CardForm(
        request.POST or None,
        initial={
            "show_phone": card.show_phone,
            "show_work": card.show_work,
            "office_phone": card.office_phone,
            "liaison_note": card.liaison_note,
        },
    )
    if not office:
        del form.fields["office_phone"], form.fields["liaison_note"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: contacts.card_update(
                by=request.user,
                show_phone=data["show_phone"],
                show_work=data["show_work"],
                office_phone=data.get("office_phone", card.office_phone),
                liaison_note=data.get("liaison_note", card.liaison_note),
            ),
            success="通讯录公开设置已保存",
            form=form,
        )
        if done:
            return redirect("exchange:card")
    return render(request, "exchange/card.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def office(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, *DIRECTORY_ROLES)
    is_member = has_role(request.user, committee_id, Role.MEMBER)
    form = OfficeForm(request.POST or None)
    if request.method == "POST":
        if not is_member:
            raise Http404
        if form.is_valid():
            done = attempt(
                request,
                lambda: contacts.write_to_office(
                    by=request.user,
                    committee_id=committee_id,
                    topic=form.cleaned_data["topic"],
                    body=form.cleaned_data["body"],
                ),
                success="留言已送达机关工作人员，答复会出现在本会话中",
                form=form,
            )
            if done:
                return redirect("exchange:detail", done.value.group_id)
    context = {"staff": contacts.liaison_staff(committee_id), "form": form, "is_member": is_member}
    return render(request, "exchange/office.html", context, status=400 if form.errors else 200)
