"""The latency and build-time chart, written as plain SVG from the figures of a run.

Log scales on both axes: sizes grow tenfold and so, at worst, do the times. Latencies
use the left axis (ms), the build time the right one (s). The background is painted
white so that the chart stays readable in a dark theme (GitHub's included).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from pathlib import Path

WIDTH, HEIGHT = 760, 460
LEFT, RIGHT, TOP, BOTTOM = 80, 90, 84, 64
FONT = 'font-family="Helvetica, Arial, sans-serif"'


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float]
    color: str
    axis: str = "left"  # "left" (ms) or "right" (s)
    dash: str = ""


class LogScale:
    """Maps values to pixels on a base-10 log scale padded out to whole decades."""

    def __init__(self, values: list[float], start: float, end: float, pad: float = 0.0):
        positive = [v for v in values if v > 0] or [1.0]
        self.low = math.floor(math.log10(min(positive)) - pad)
        self.high = math.ceil(math.log10(max(positive)) + pad)
        if pad:  # keep the points off the axes, by ``pad`` decades, not whole ones
            self.low = math.log10(min(positive)) - pad
            self.high = math.log10(max(positive)) + pad
        if self.high - self.low < 1:
            self.low, self.high = self.low - 0.5, self.high + 0.5
        self.start, self.end = start, end

    def __call__(self, value: float) -> float:
        share = (math.log10(max(value, 1e-9)) - self.low) / (self.high - self.low)
        return self.start + share * (self.end - self.start)

    def ticks(self) -> list[float]:
        """Powers of ten; with 1, 2 and 5 of each decade when there are few decades."""
        steps = (1, 2, 5) if self.high - self.low <= 2 else (1,)
        decades = range(math.floor(self.low), math.ceil(self.high) + 1)
        values = [step * 10.0**p for p in decades for step in steps]
        return [v for v in values if self.low - 1e-9 <= math.log10(v) <= self.high + 1e-9]


def _number(value: float) -> str:
    if value >= 1:
        return f"{value:,.0f}".replace(",", "\u202f")
    return f"{value:g}"


def _text(
    x: float, y: float, content: str, anchor: str = "middle", size: int = 12, extra: str = ""
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'{FONT} fill="#222"{extra}>{escape(content)}</text>'
    )


def render(sizes: list[int], series: list[Series], title: str) -> str:
    """The whole SVG document."""
    x = LogScale([float(s) for s in sizes], LEFT, WIDTH - RIGHT, pad=0.25)
    bottom = HEIGHT - BOTTOM
    scales = {
        axis: LogScale([v for s in series if s.axis == axis for v in s.values], bottom, TOP)
        for axis in ("left", "right")
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
        _text(WIDTH / 2, 24, title, size=15, extra=' font-weight="bold"'),
    ]
    for tick in x.ticks():
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="{TOP}" x2="{x(tick):.1f}" y2="{bottom}" '
            'stroke="#e3e3e3"/>'
        )
        parts.append(_text(x(tick), bottom + 18, _number(tick)))
    for axis, scale in scales.items():
        edge, anchor, shift = (LEFT, "end", -8) if axis == "left" else (WIDTH - RIGHT, "start", 8)
        parts.append(f'<line x1="{edge}" y1="{TOP}" x2="{edge}" y2="{bottom}" stroke="#555"/>')
        for tick in scale.ticks():
            if axis == "left":
                parts.append(
                    f'<line x1="{LEFT}" y1="{scale(tick):.1f}" x2="{WIDTH - RIGHT}" '
                    f'y2="{scale(tick):.1f}" stroke="#e3e3e3"/>'
                )
            parts.append(_text(edge + shift, scale(tick) + 4, _number(tick), anchor))
    parts.append(
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="#555"/>'
    )
    parts.append(
        _text((LEFT + WIDTH - RIGHT) / 2, HEIGHT - 20, "Nombre de solutions (échelle log)")
    )
    middle = (TOP + bottom) / 2
    parts.append(
        _text(
            22,
            middle,
            "Latence de recherche (ms, log)",
            extra=f' transform="rotate(-90 22 {middle})"',
        )
    )
    parts.append(
        _text(
            WIDTH - 22,
            middle,
            "Construction de l’index (s, log)",
            extra=f' transform="rotate(90 {WIDTH - 22} {middle})"',
        )
    )
    for number, line in enumerate(series):
        parts += _series(line, sizes, x, scales[line.axis])
        parts += _legend(line, number)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _series(line: Series, sizes: list[int], x: LogScale, y: LogScale) -> list[str]:
    points = [(x(s), y(v)) for s, v in zip(sizes, line.values, strict=True) if v > 0]
    dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
    path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    parts = [
        f'<polyline points="{path}" fill="none" stroke="{line.color}" stroke-width="2.5"{dash}/>'
    ]
    unit = " ms" if line.axis == "left" else " s"
    values = [v for v in line.values if v > 0]
    for number, ((px, py), value) in enumerate(zip(points, values, strict=True)):
        parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{line.color}"/>')
        # The last label goes left of its point, away from the right-hand axis.
        last = number == len(points) - 1 and len(points) > 1
        label = (_number(value) if value >= 100 else f"{value:.3g}") + unit
        parts.append(
            _text(px - 7 if last else px + 7, py - 7, label, "end" if last else "start", 11)
        )
    return parts


def _legend(line: Series, number: int) -> list[str]:
    column, row = number % 2, number // 2
    lx, ly = LEFT + column * 310, 44 + row * 18
    dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
    return [
        f'<line x1="{lx}" y1="{ly}" x2="{lx + 28}" y2="{ly}" stroke="{line.color}" '
        f'stroke-width="2.5"{dash}/>',
        _text(lx + 36, ly + 4, line.label, "start"),
    ]


def write_chart(path: Path, sizes: list[int], series: list[Series], title: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(sizes, series, title), encoding="utf-8")
