"""The desk's yearly report: page with charts and tables, PDF (WeasyPrint) and CSV."""

import csv
import hashlib

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from reporting import report
from reporting.forms import ReportPeriodForm
from territories.models import Desk

PDF_CACHE_SECONDS = 3600


def _desk(request, slug):
    desks = Desk.objects.filter(is_active=True)
    if slug:
        return get_object_or_404(desks, slug=slug), desks
    desk = Desk.objects.of_user(request.user).filter(is_active=True).first()
    desk = desk or desks.order_by("pk").first()
    if desk is None:
        raise Http404
    return desk, desks


def _build(request, slug):
    desk, desks = _desk(request, slug)
    form = ReportPeriodForm(request.GET or None)
    start, end = form.period()
    exact = report.sees_exact_figures(request.user, desk)
    figures = report.compute(desk, start, end)
    return {
        "desk": desk,
        "desks": desks,
        "form": form,
        "start": start,
        "end": end,
        "exact": exact,
        "figures": figures,
        "sections": report.present(figures, exact=exact),
        "query": request.GET.urlencode(),
        "generated_on": timezone.localdate(),
    }


def report_page(request, slug=None):
    if slug is None and request.GET.get("guichet"):
        params = request.GET.copy()
        target = params.pop("guichet")[-1]
        url = redirect("reporting:report_desk", slug=target).url
        return redirect(f"{url}?{params.urlencode()}" if params else url)
    return render(request, "reporting/report/report.html", _build(request, slug))


def report_csv(request, slug):
    context = _build(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="bilan-{context["desk"].slug}-{context["start"]:%Y%m%d}-'
        f'{context["end"]:%Y%m%d}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    for row in report.csv_rows(context["figures"], exact=context["exact"]):
        writer.writerow(row)
    return response


def report_pdf(request, slug):
    """Made with WeasyPrint; cached by the figures it shows, so a second download of the same
    figures costs nothing and any change in the data makes a new one."""
    from portal.pdf import render_pdf

    context = _build(request, slug)
    rows = list(report.csv_rows(context["figures"], exact=context["exact"]))
    key = (
        "reporting:report-pdf:"
        + hashlib.sha256(repr((context["desk"].slug, rows)).encode()).hexdigest()
    )
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf("reporting/report/report_pdf.html", context)
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="bilan-{context["desk"].slug}-{context["start"]:%Y%m%d}-'
        f'{context["end"]:%Y%m%d}.pdf"'
    )
    return response
