import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, SVGRenderer]);

/**
 * Okabe–Ito: told apart with any kind of colour blindness. Blue for the measure, orange for the
 * target, vermilion reserved for what is below target or negative.
 */
export const colours = { measure: '#0072B2', target: '#E69F00', good: '#009E73', bad: '#D55E00', muted: '#8a8a8a', text: '#1a1a1a' } as const;

const font = { fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif', fontSize: 13, color: colours.text };

/** A chart as an SVG string, drawn on the server by Apache ECharts: no script in the page, the same file to download. */
export function chartSvg(option: echarts.EChartsCoreOption, size: { width: number; height: number }): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, textStyle: font, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export interface TrendPoint {
  label: string;
  value: number | null;
  target?: number | null;
}

/** A measure by month with its target as a dashed line; months without a figure leave a gap. */
export function trendChart(
  points: TrendPoint[],
  names: { value: string; target: string },
  range: { min: number; max: number },
  size: ChartSize = 'wide',
): string {
  const hasTarget = points.some((p) => p.target !== undefined && p.target !== null);
  return chartSvg(
    {
      grid: { left: 48, right: 16, top: 36, bottom: 32 },
      legend: { top: 4, left: 48, itemGap: 24, textStyle: font },
      xAxis: { type: 'category', data: points.map((p) => p.label), axisLabel: font },
      yAxis: { type: 'value', min: range.min, max: range.max, axisLabel: font },
      series: [
        {
          name: names.value,
          type: 'line',
          data: points.map((p) => p.value),
          connectNulls: false,
          symbolSize: 7,
          lineStyle: { width: 3, color: colours.measure },
          itemStyle: { color: colours.measure },
          label: { show: true, position: 'top', ...font },
        },
        ...(hasTarget
          ? [
              {
                name: names.target,
                type: 'line',
                step: 'middle',
                data: points.map((p) => p.target ?? null),
                symbol: 'none',
                lineStyle: { width: 2, type: 'dashed', color: colours.target },
                itemStyle: { color: colours.target },
              },
            ]
          : []),
      ],
    },
    { width: sizes[size].width, height: 280 },
  );
}

export interface BarRow {
  label: string;
  value: number | null;
  /** Drawn as a mark on the bar: the target, if any. */
  target?: number | null;
  /** Shown after the bar, e.g. "n = 84". */
  note?: string;
  /** Drawn as a diamond: a figure to compare with (the whole country, other counties). */
  compare?: number | null;
}

/**
 * Row labels wrap onto lines this wide, never cut. ECharts measures text on the server by an
 * estimate that runs narrower than a browser's fonts, so the lines are kept well inside the
 * margin they stand in, and each row is as tall as its longest label needs.
 */
const lineHeight = 16;

/**
 * A chart is drawn twice where it stands in a page: wide for screens, and narrow for a phone, where
 * a wide one shrunk to 360 px would have text too small to read. Downloads and PDFs are wide.
 */
export type ChartSize = 'wide' | 'narrow';
const sizes = {
  wide: { width: 760, margin: 268, line: 210, right: 96 },
  narrow: { width: 360, margin: 140, line: 96, right: 96 },
} as const;

const labelLines = (label: string, size: ChartSize) => Math.max(1, Math.ceil((label.length * font.fontSize * 0.6) / sizes[size].line));
const rowHeight = (labels: string[], size: ChartSize) => Math.max(34, 12 + lineHeight * Math.max(1, ...labels.map((l) => labelLines(l, size))));
const wrappedLabel = (size: ChartSize) => ({ ...font, width: sizes[size].line, overflow: 'break', lineHeight });

/** Horizontal bars, one per row, with the target marked; bars below their target in vermilion. */
export function barChart(
  rows: BarRow[],
  names: { value: string; target: string; compare?: string },
  range: { min: number; max: number },
  unit = '',
  size: ChartSize = 'wide',
): string {
  const labels = rows.map((r) => r.label);
  const hasTarget = rows.some((r) => r.target !== undefined && r.target !== null);
  const hasCompare = !!names.compare && rows.some((r) => r.compare !== undefined && r.compare !== null);
  const legend = hasTarget || hasCompare;
  return chartSvg(
    {
      grid: { left: sizes[size].margin, right: sizes[size].right, top: legend ? 32 : 8, bottom: 24, outerBoundsMode: 'none' },
      legend: legend ? { top: 4, left: size === 'wide' ? sizes[size].margin : 8, textStyle: font } : undefined,
      xAxis: {
        type: 'value',
        min: range.min,
        max: range.max,
        // a phone's axis names its ends and middle only, so that the numbers never run together
        ...(size === 'narrow' ? { interval: (range.max - range.min) / 2 } : {}),
        axisLabel: { ...font, formatter: `{value}${unit}` },
      },
      yAxis: { type: 'category', data: labels, inverse: true, axisLabel: wrappedLabel(size) },
      series: [
        {
          name: names.value,
          type: 'bar',
          barMaxWidth: 22,
          // the legend's swatch: each bar's own colour below says whether it met its target
          itemStyle: { color: colours.measure },
          data: rows.map((r) => ({
            value: r.value,
            itemStyle: { color: r.target !== undefined && r.target !== null && r.value !== null && r.value < r.target ? colours.bad : colours.measure },
          })),
          label: {
            show: true,
            position: 'right',
            ...font,
            formatter: (p: { dataIndex: number; value: number | null }) =>
              p.value === null ? '–' : `${p.value}${unit}${rows[p.dataIndex]?.note ? `  ${rows[p.dataIndex]!.note}` : ''}`,
          },
        },
        ...(hasTarget
          ? [
              {
                name: names.target,
                type: 'scatter',
                symbol: 'rect',
                symbolSize: [4, 24],
                data: rows.map((r) => r.target ?? null),
                itemStyle: { color: colours.target },
              },
            ]
          : []),
        ...(hasCompare
          ? [
              {
                name: names.compare,
                type: 'scatter',
                symbol: 'diamond',
                symbolSize: 14,
                data: rows.map((r) => r.compare ?? null),
                itemStyle: { color: colours.text },
              },
            ]
          : []),
      ],
    },
    { width: sizes[size].width, height: Math.max(120, (legend ? 56 : 32) + rows.length * rowHeight(labels, size)) },
  );
}

/**
 * Figures along a sequence (the customer journey's stages): one bar each, top to bottom in order
 * (so long stage names wrap instead of colliding), the marked ones in vermilion, each labelled with
 * its value and note (e.g. the margin).
 */
export function stageChart(
  rows: { label: string; value: number | null; note?: string; marked?: boolean }[],
  name: string,
  range: { min: number; max: number },
): string {
  const labels = rows.map((r) => r.label);
  return chartSvg(
    {
      grid: { left: sizes.wide.margin, right: 120, top: 8, bottom: 24, outerBoundsMode: 'none' },
      xAxis: { type: 'value', min: range.min, max: range.max, axisLabel: font },
      yAxis: { type: 'category', data: labels, inverse: true, axisLabel: wrappedLabel('wide') },
      series: [
        {
          name,
          type: 'bar',
          barMaxWidth: 22,
          data: rows.map((r) => ({ value: r.value, itemStyle: { color: r.marked ? colours.bad : colours.measure } })),
          label: {
            show: true,
            position: 'right',
            ...font,
            formatter: (p: { dataIndex: number; value: number | null }) =>
              p.value === null ? '–' : `${p.value}${rows[p.dataIndex]?.note ? ` ${rows[p.dataIndex]!.note}` : ''}`,
          },
        },
      ],
    },
    { width: sizes.wide.width, height: Math.max(120, 32 + rows.length * rowHeight(labels, 'wide')) },
  );
}

/** A chart in the page: the SVG as an image with a name, its numbers in a table, and downloads. */
export function Chart({
  id,
  title,
  svg,
  table,
  downloads,
  tableOpen,
  image,
  narrowSvg,
}: {
  id: string;
  title: string;
  svg: string;
  table: preact.ComponentChildren;
  downloads?: { svg: string; png: string; tableLabel: string };
  tableOpen?: boolean;
  image?: boolean;
  /** The same chart drawn for a phone, shown instead of `svg` on a narrow screen. */
  narrowSvg?: string | undefined;
}) {
  const drawn = (markup: string, kind: string) =>
    image ? (
      // Public pages forbid inline styles (CSP); an SVG shown as an image keeps its own.
      <img class={`chart-image${kind}`} src={`data:image/svg+xml;base64,${Buffer.from(markup).toString('base64')}`} alt={title} />
    ) : (
      <div class={`chart-image${kind}`} role="img" aria-label={title} dangerouslySetInnerHTML={{ __html: markup }} />
    );
  return (
    <figure class="chart" id={id}>
      <figcaption>{title}</figcaption>
      {narrowSvg ? (
        <>
          {drawn(svg, ' wide')}
          {drawn(narrowSvg, ' narrow')}
        </>
      ) : (
        drawn(svg, '')
      )}
      <details open={tableOpen}>
        <summary>{downloads?.tableLabel ?? title}</summary>
        {table}
      </details>
      {downloads && (
        <p class="chart-downloads">
          <a href={downloads.svg} download={`${id}.svg`}>
            SVG
          </a>
          {/* biome-ignore lint/a11y/useValidAnchor: chart-export.js draws the PNG when this link is followed */}
          <a href="#" data-png={id} download={`${id}.png`}>
            {downloads.png}
          </a>
        </p>
      )}
    </figure>
  );
}
