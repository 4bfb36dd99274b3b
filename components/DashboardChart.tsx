import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { timelineSpan } from '../utils/dashboard/overview';
import { uiFormat, uiMessage } from './i18n';

/** Colours come from the page's CSS variables, so charts follow light and dark mode. */
function themeColors(): { fg: string; muted: string; line: string; accent: string } {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return { fg: v('--fg'), muted: v('--muted'), line: v('--line'), accent: v('--accent') };
}

/** One colour per series, distinguishable in both themes (Okabe–Ito palette, colour-blind safe). */
export const SERIES_COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#999999'];

/** Re-renders when the colour scheme changes, so a chart is redrawn with the new theme. */
function useColorScheme(): string {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const [scheme, setScheme] = useState(query.matches ? 'dark' : 'light');
  useEffect(() => {
    const onChange = () => setScheme(query.matches ? 'dark' : 'light');
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [query]);
  return scheme;
}

interface ChartProps {
  /** Short summary for screen readers; the full data is in the text alternative beside the chart. */
  label: string;
  build(
    width: number,
    colors: ReturnType<typeof themeColors>,
  ): { options: Omit<uPlot.Options, 'width'>; data: uPlot.AlignedData };
  testId: string;
  /** Changes when the data does: the chart is rebuilt only then (or when the theme changes). */
  dataKey: string;
}

/**
 * A uPlot canvas sized to its container, drawn again when the data or the theme changes. Drawn in a
 * layout effect: the chart is in the same frame as the tables beside it, not one layout and paint later.
 */
function Chart({ label, build, testId, dataKey }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const scheme = useColorScheme();
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.max(280, el.clientWidth);
    const { options, data } = build(width, themeColors());
    const plot = new uPlot({ ...options, width }, data, el);
    return () => plot.destroy();
    // build is a fresh closure each render; dataKey says when its result changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dataKey, scheme]);
  return <div ref={box} class="chart" role="img" aria-label={label} data-testid={testId} />;
}

/** Counts start at zero, so bar heights compare honestly. */
const fromZero: uPlot.Scale = { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] };

const axis = (colors: ReturnType<typeof themeColors>): uPlot.Axis => ({
  stroke: colors.fg,
  grid: { stroke: colors.line, width: 1 },
  ticks: { stroke: colors.line, width: 1 },
});

/** Bars, one per label: shops, organizations, actions. */
export function BarChart({
  label,
  labels,
  values,
  series,
  testId,
}: {
  label: string;
  labels: string[];
  values: number[];
  series: string;
  testId: string;
}) {
  const build: ChartProps['build'] = (_width, colors) => ({
    options: {
      height: 240,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: fromZero },
      axes: [
        {
          ...axis(colors),
          grid: { show: false },
          rotate: labels.length > 4 ? -30 : 0,
          size: labels.length > 4 ? 90 : 40,
          splits: () => labels.map((_, i) => i),
          values: (_u, splits) => splits.map((i) => labels[i] ?? ''),
        },
        axis(colors),
      ],
      series: [
        {},
        {
          label: series,
          fill: colors.accent,
          stroke: colors.accent,
          paths: uPlot.paths.bars!({ size: [0.6, 60] }),
          points: { show: false },
        },
      ],
    },
    data: [labels.map((_, i) => i), values],
  });
  return <Chart label={label} build={build} testId={testId} dataKey={JSON.stringify([labels, values])} />;
}

const DAY_S = 86_400;

/** Lines over days (x in UTC days), one series per name; days are written in the browser's language. */
export function TimelineChart({
  label,
  days,
  series,
  testId,
}: {
  label: string;
  days: number[];
  series: { name: string; values: number[] }[];
  testId: string;
}) {
  const build: ChartProps['build'] = (_width, colors) => ({
    options: {
      height: 260,
      legend: { show: true },
      // From the days themselves: for a single point uPlot passes a span of 1000 days to range().
      scales: {
        x: { time: true, range: () => timelineSpan(days).map((d) => d * DAY_S) as [number, number] },
        y: fromZero,
      },
      axes: [
        {
          ...axis(colors),
          // Whole days, weeks, months (uPlot's month is 30 days) or years: a label names a day, never an hour.
          incrs: [1, 2, 7, 14, 30, 60, 90, 180, 365].map((d) => d * DAY_S),
          values: (_u, splits) => splits.map((s) => uiFormat().utcMonthDay(Math.floor(s / DAY_S))),
        },
        axis(colors),
      ],
      series: [
        {
          label: uiMessage('overview_colDay'),
          value: (_u, s) => (s == null ? '' : uiFormat().utcDay(Math.floor(s / DAY_S))),
        },
        ...series.map((s, i) => ({
          label: s.name,
          stroke: SERIES_COLORS[i % SERIES_COLORS.length],
          width: 2,
          points: { show: days.length < 40 },
        })),
      ],
    },
    data: [days.map((d) => d * DAY_S), ...series.map((s) => s.values)],
  });
  return <Chart label={label} build={build} testId={testId} dataKey={JSON.stringify([days, series])} />;
}
