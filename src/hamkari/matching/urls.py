from django.urls import path

from hamkari.matching import views

app_name = "matching"

urlpatterns = [
    path("hits/", views.hit_list, name="hit-list"),
    path("hits/<str:reference>/", views.hit_detail, name="hit-detail"),
    path("hits/<str:reference>/request/", views.disclosure_request, name="disclosure-request"),
    path("hits/<str:reference>/judgement/", views.judgement_add, name="judgement-add"),
    path("opt-out/<str:kind>/<int:pk>/", views.opt_out, name="opt-out"),
    path("disclosures/", views.disclosure_list, name="disclosure-list"),
    path("disclosures/<int:pk>/", views.disclosure_detail, name="disclosure-detail"),
]
