"""Charts drawn on the server as SVG: no external service, no script. Each chart is an image
with a text alternative; the page shows the same numbers in a table right below it."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 230
VALUE_WIDTH = 90
CHART_WIDTH = 640


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def bar_chart(title: str, rows: list[tuple[str, float | None]], *, chart_id: str) -> str:
    """Horizontal bars; a ``None`` value (masked or unknown) is drawn as « moins de 5 »."""
    if not rows:
        return ""
    plot = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    top = max((value for _label, value in rows if value is not None), default=0) or 1
    height = len(rows) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    items = []
    for index, (label, value) in enumerate(rows):
        y = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP)
        text_y = y + BAR_HEIGHT * 0.7
        width = 0 if value is None else max(1.0, plot * value / top)
        shown = _("moins de 5") if value is None else _fmt(value)
        items.append(
            format_html(
                '<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"></rect>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                LABEL_WIDTH - 6,
                f"{text_y:.1f}",
                label[:34],
                LABEL_WIDTH,
                y,
                f"{width:.1f}",
                BAR_HEIGHT,
                f"{LABEL_WIDTH + width + 6:.1f}",
                f"{text_y:.1f}",
                shown,
            )
        )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title>{}</svg>',
        CHART_WIDTH,
        height,
        chart_id,
        chart_id,
        title,
        mark_safe("".join(items)),  # noqa: S308 (each item built by format_html)
    )


def line_chart(title: str, points: list[tuple[str, float | None]], *, chart_id: str) -> str:
    """A line over the years; masked points leave a gap."""
    if not points:
        return ""
    width, height, left, bottom, top_margin = CHART_WIDTH, 260, 50, 40, 20
    plot_w, plot_h = width - left - 20, height - bottom - top_margin
    top = max((value for _x, value in points if value is not None), default=0) or 1
    step = plot_w / max(1, len(points) - 1)

    def xy(index, value):
        return left + index * step, top_margin + plot_h * (1 - value / top)

    segments, current = [], []
    for index, (_x, value) in enumerate(points):
        if value is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append(xy(index, value))
    if current:
        segments.append(current)
    lines = format_html_join(
        "",
        '<polyline class="chart-line" fill="none" points="{}"></polyline>',
        ((" ".join(f"{x:.1f},{y:.1f}" for x, y in segment),) for segment in segments),
    )
    dots = format_html_join(
        "",
        '<circle class="chart-dot" cx="{}" cy="{}" r="4"></circle>'
        '<text class="chart-value" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (f"{x:.1f}", f"{y:.1f}", f"{x:.1f}", f"{y - 8:.1f}", _fmt(value))
            for index, (_x, value) in enumerate(points)
            if value is not None
            for x, y in [xy(index, value)]
        ),
    )
    labels = format_html_join(
        "",
        '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (f"{left + index * step:.1f}", height - bottom + 18, x_label)
            for index, (x_label, _value) in enumerate(points)
        ),
    )
    axis = format_html(
        '<line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>',
        left,
        height - bottom,
        width - 20,
        height - bottom,
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title>{}{}{}{}</svg>',
        width,
        height,
        chart_id,
        chart_id,
        title,
        axis,
        lines,
        dots,
        labels,
    )
