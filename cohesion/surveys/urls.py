from django.urls import path

from cohesion.core.routes import PUBLIC, PUBLIC_FORM, SENSITIVE, SENSITIVE_FORM
from cohesion.surveys.views import collect, comments, results, setup

urlpatterns = [
    # Set-up
    path("surveys/", setup.survey_list, name="surveys-survey-list"),
    path("surveys/list.<fmt:fmt>", setup.survey_list, name="surveys-survey-list-twin"),
    path("surveys/new/", setup.survey_create, name="surveys-survey-create"),
    path("surveys/<int:pk>/", setup.survey_detail, name="surveys-survey-detail"),
    path("surveys/<int:pk>.<fmt:fmt>", setup.survey_detail, name="surveys-survey-detail-twin"),
    path("surveys/<int:pk>/edit/", setup.survey_edit, name="surveys-survey-edit"),
    path("surveys/<int:survey_pk>/waves/new/", setup.wave_create, name="surveys-wave-create"),
    path("surveys/waves/<int:pk>/", setup.wave_detail, name="surveys-wave-detail"),
    path("surveys/waves/<int:pk>.<fmt:fmt>", setup.wave_detail, name="surveys-wave-detail-twin"),
    path(
        "surveys/waves/<int:pk>/interpreters.<fmt:fmt>",
        setup.wave_interpreters,
        name="surveys-wave-interpreters-twin",
    ),
    path("surveys/waves/<int:pk>/edit/", setup.wave_edit, name="surveys-wave-edit"),
    path("surveys/waves/<int:pk>/weight/", setup.wave_weight, name="surveys-wave-weight"),
    path("surveys/questionnaires/", setup.questionnaire_list, name="surveys-questionnaire-list"),
    path(
        "surveys/questionnaires/new/",
        setup.questionnaire_create,
        name="surveys-questionnaire-create",
    ),
    path(
        "surveys/questionnaires/<int:pk>/",
        setup.questionnaire_detail,
        name="surveys-questionnaire-detail",
    ),
    path(
        "surveys/questionnaires/<int:pk>/edit/",
        setup.questionnaire_edit,
        name="surveys-questionnaire-edit",
    ),
    path(
        "surveys/questionnaires/<int:pk>/publish/",
        setup.questionnaire_publish,
        name="surveys-questionnaire-publish",
    ),
    path("surveys/questions/", setup.question_list, name="surveys-question-list"),
    path(
        "surveys/questions/list.<fmt:fmt>", setup.question_list, name="surveys-question-list-twin"
    ),
    path("surveys/questions/new/", setup.question_create, name="surveys-question-create"),
    path("surveys/questions/<int:pk>/", setup.question_detail, name="surveys-question-detail"),
    # Collection by officers
    path(
        "surveys/waves/<int:wave_pk>/responses/new/",
        collect.response_create,
        name="surveys-response-create",
    ),
    path(
        "surveys/waves/<int:wave_pk>/import/", collect.import_create, name="surveys-import-create"
    ),
    path("surveys/imports/<int:pk>/", collect.import_detail, name="surveys-import-detail"),
    path(
        "surveys/imports/<int:pk>/discard/", collect.import_discard, name="surveys-import-discard"
    ),
    # Results
    path("surveys/waves/<int:pk>/results/", results.wave_results, name="surveys-wave-results"),
    path(
        "surveys/waves/<int:pk>/results.<fmt:fmt>",
        results.wave_results,
        name="surveys-wave-results-twin",
    ),
    path(
        "surveys/waves/<int:pk>/results.xlsx",
        results.wave_results_xlsx,
        name="surveys-wave-results-xlsx",
    ),
    path("surveys/waves/<int:pk>/map.geojson", results.wave_map_geojson, name="surveys-wave-map"),
    path("surveys/waves/<int:pk>/publish/", results.wave_publish, name="surveys-wave-publish"),
    path(
        "surveys/waves/<int:pk>/change-since/<int:other_pk>/",
        results.wave_compare,
        name="surveys-wave-compare",
    ),
    path(
        "surveys/waves/<int:pk>/change-since/<int:other_pk>.<fmt:fmt>",
        results.wave_compare,
        name="surveys-wave-compare-twin",
    ),
    # Residents' comments and their coding frame
    path("surveys/waves/<int:pk>/comments/", comments.wave_comments, name="surveys-wave-comments"),
    path("surveys/waves/<int:pk>/themes/", comments.wave_themes, name="surveys-wave-themes"),
    path(
        "surveys/waves/<int:pk>/themes.<fmt:fmt>",
        comments.wave_themes,
        name="surveys-wave-themes-twin",
    ),
    # The public questionnaire
    path("surveys/take/<str:code>/", collect.take_start, name="surveys-take"),
    path("surveys/answer/<str:token>/", collect.answer_resume, name="surveys-answer-resume"),
    path(
        "surveys/answer/<str:token>/page/<int:number>/",
        collect.answer_page,
        name="surveys-answer-page",
    ),
    path(
        "surveys/answer/<str:token>/interpreter/",
        collect.answer_interpreter,
        name="surveys-answer-interpreter",
    ),
    path("surveys/answer/<str:token>/saved/", collect.answer_saved, name="surveys-answer-saved"),
    path("surveys/answer/<str:token>/check/", collect.answer_check, name="surveys-answer-check"),
    path("surveys/answer/<str:token>/done/", collect.answer_done, name="surveys-answer-done"),
]

# Who may open each address (cohesion/core/routes.py; the permission test refuses a route missing here).
# Surveys, waves, responses and results are a council's records; only the online questionnaire is public.
ROUTE_CLASSES = {
    "surveys-survey-list": SENSITIVE,
    "surveys-survey-list-twin": SENSITIVE,
    "surveys-survey-create": SENSITIVE_FORM,
    "surveys-survey-detail": SENSITIVE,
    "surveys-survey-detail-twin": SENSITIVE,
    "surveys-survey-edit": SENSITIVE_FORM,
    "surveys-wave-create": SENSITIVE_FORM,
    "surveys-wave-detail": SENSITIVE,
    "surveys-wave-detail-twin": SENSITIVE,
    "surveys-wave-interpreters-twin": SENSITIVE,
    "surveys-wave-edit": SENSITIVE_FORM,
    "surveys-wave-weight": SENSITIVE_FORM,
    "surveys-questionnaire-list": SENSITIVE,
    "surveys-questionnaire-create": SENSITIVE_FORM,
    "surveys-questionnaire-detail": SENSITIVE,
    "surveys-questionnaire-edit": SENSITIVE_FORM,
    "surveys-questionnaire-publish": SENSITIVE_FORM,
    "surveys-question-list": SENSITIVE,
    "surveys-question-list-twin": SENSITIVE,
    "surveys-question-create": SENSITIVE_FORM,
    "surveys-question-detail": SENSITIVE,
    "surveys-response-create": SENSITIVE_FORM,
    "surveys-import-create": SENSITIVE_FORM,
    "surveys-import-detail": SENSITIVE_FORM,
    "surveys-import-discard": SENSITIVE_FORM,
    "surveys-wave-results": SENSITIVE,
    "surveys-wave-results-twin": SENSITIVE,
    "surveys-wave-results-xlsx": SENSITIVE,
    "surveys-wave-map": SENSITIVE,
    "surveys-wave-publish": SENSITIVE_FORM,
    "surveys-wave-compare": SENSITIVE,
    "surveys-wave-compare-twin": SENSITIVE,
    # Comments are free text that may name people: only those who manage the wave read them.
    "surveys-wave-comments": SENSITIVE_FORM,
    # Theme counts: any council member who sees the results (suppressed unless they manage it).
    "surveys-wave-themes": SENSITIVE_FORM,
    "surveys-wave-themes-twin": SENSITIVE,
    "surveys-take": PUBLIC_FORM,
    "surveys-answer-resume": PUBLIC,
    "surveys-answer-page": PUBLIC_FORM,
    "surveys-answer-interpreter": PUBLIC_FORM,
    "surveys-answer-saved": PUBLIC,
    "surveys-answer-check": PUBLIC_FORM,
    "surveys-answer-done": PUBLIC,
}
