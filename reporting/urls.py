from django.urls import path

from reporting.views import observatory, report

app_name = "reporting"

urlpatterns = [
    path("observatoire/", observatory.observatory_page, name="observatory"),
    path("observatoire/<slug:slug>/", observatory.observatory_page, name="observatory_desk"),
    path(
        "observatoire/<slug:slug>/donnees.csv", observatory.observatory_csv, name="observatory_csv"
    ),
    path("bilan/", report.report_page, name="report"),
    path("bilan/<slug:slug>/", report.report_page, name="report_desk"),
    path("bilan/<slug:slug>/bilan.csv", report.report_csv, name="report_csv"),
    path("bilan/<slug:slug>/bilan.pdf", report.report_pdf, name="report_pdf"),
    path("bilan/<slug:slug>/pdf/<int:job_pk>/", report.report_pdf_job, name="report_pdf_job"),
    path(
        "bilan/<slug:slug>/pdf/<int:job_pk>/etat.json",
        report.report_pdf_status,
        name="report_pdf_status",
    ),
    path(
        "bilan/<slug:slug>/pdf/<int:job_pk>/bilan.pdf",
        report.report_pdf_download,
        name="report_pdf_download",
    ),
]
