from django.urls import path

from . import (
    assign_views,
    assist_views,
    claim_views,
    entry_views,
    inspection_views,
    output_views,
    proof_views,
    public_views,
    review_views,
    topic_views,
    unit_views,
    views,
)

app_name = "proposals"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("similar/", views.similar, name="similar"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/do/<str:action>/", views.act, name="act"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    # Review and filing (proposal staff; leaders read)
    path("queue/", review_views.queue, name="queue"),
    path("queue/batch/", review_views.queue_batch, name="queue_batch"),
    path("<int:pk>/review/", review_views.review_page, name="review"),
    path("<int:pk>/review/<str:action>/", review_views.review_act, name="review_act"),
    path("settings/", review_views.settings_page, name="settings"),
    path("settings/destinations/", entry_views.destinations, name="destinations"),
    path("enter/", entry_views.enter, name="enter"),
    path("quota/", review_views.quota, name="quota"),
    # Assignment, handling and replies: the staff's side…
    path("<int:pk>/assign/", assign_views.assign, name="assign"),
    path("assign/", assign_views.assign_batch, name="assign_batch"),
    path("objections/", assign_views.objection_list, name="objection_list"),
    path("objections/<int:pk>/decide/", assign_views.objection_decide, name="objection_decide"),
    path("extensions/", assign_views.extension_list, name="extension_list"),
    path("extensions/<int:pk>/decide/", assign_views.extension_decide, name="extension_decide"),
    path("replies/", assign_views.reply_list, name="reply_list"),
    path("replies/<int:pk>/", assign_views.reply_review, name="reply_review"),
    # …and the handling units'.
    path("unit/", unit_views.inbox, name="unit_inbox"),
    path("unit/assignments/<int:pk>/", unit_views.assignment, name="unit_assignment"),
    path("unit/assignments/<int:pk>/<str:action>/", unit_views.assignment_act, name="unit_act"),
    # evaluation, statistics, outputs, commendations; the public page needs no login
    path("<int:pk>/rate/", output_views.rate, name="rate"),
    path("<int:pk>/rate-on-paper/", output_views.rate_on_paper, name="rate_on_paper"),
    path("<int:pk>/rehandle/", output_views.rehandle, name="rehandle"),
    path("<int:pk>/close/", output_views.close, name="close"),
    path("<int:pk>/form.docx", output_views.proposal_docx, name="proposal_docx"),
    path("replies/<int:pk>/letter.docx", output_views.reply_docx, name="reply_docx"),
    path("stats/", output_views.stats_page, name="stats"),
    path("stats/report.docx", output_views.stats_docx, name="stats_docx"),
    path("stats/export.xlsx", output_views.export_xlsx, name="export"),
    path("commendations/", output_views.commendations, name="commendations"),
    path("public/<str:code>/", public_views.public_list, name="public_list"),
    # proofreading (校对) of filed proposals: the office's rounds, the proposer's answer
    path("proof/", proof_views.proof_list, name="proof_list"),
    path("<int:pk>/proof/", proof_views.proof_page, name="proof"),
    path("<int:pk>/proof/<int:number>/answer/", proof_views.proof_answer, name="proof_answer"),
    # leaders claim key proposals to supervise (认领) in the window the office opens
    path("claims/", claim_views.claims_page, name="claims"),
    path("claims/window/", claim_views.claims_window, name="claims_window"),
    path("claims/offer/", claim_views.claims_offer, name="claims_offer"),
    path("<int:pk>/claim/", claim_views.claim, name="claim"),
    # 协助审查修改: members' proposals for an upper level's session, the office's comments
    path("assist/", assist_views.assist_mine, name="assist_mine"),
    path("assist/office/", assist_views.assist_office, name="assist_office"),
    path("assist/<int:pk>/", assist_views.assist_detail, name="assist_detail"),
    # 三办督导组: groups, visits to handling units, findings and the units' replies
    path("inspections/", inspection_views.inspections_list, name="inspections"),
    path("inspections/group/<int:pk>/", inspection_views.inspection_group, name="inspection_group"),
    path("inspections/visit/<int:pk>/", inspection_views.inspection_visit, name="inspection_visit"),
    path("inspections/unit/", inspection_views.inspection_unit, name="inspection_unit"),
    # 提案选题: leaders' and the public's topics, published by the office, taken up by members
    path("topics/", topic_views.topic_list, name="topics"),
    path("topics/new/", topic_views.topic_add, name="topic_add"),
    path("topics/publish/", topic_views.topics_publish, name="topics_publish"),
    path("topics/<int:pk>/", topic_views.topic_detail, name="topic_detail"),
    path("topics/<int:pk>/withdraw/", topic_views.topic_withdraw, name="topic_withdraw"),
    path("topics/<int:pk>/take/", topic_views.topic_take, name="topic_take"),
]
