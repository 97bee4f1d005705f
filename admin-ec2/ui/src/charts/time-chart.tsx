import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: number[];
  /** How a value reads on the axis and in the legend. */
  format: (value: number) => string;
  color: string;
  /** A second scale on the right (orders beside revenue). */
  right?: boolean;
  bars?: boolean;
}

const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const seconds = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

function options(width: number, series: ChartSeries[]): uPlot.Options {
  const scaleOf = (s: ChartSeries) => (s.right ? 'right' : 'left');
  const leftFormat = series.find((s) => !s.right)?.format;
  const rightFormat = series.find((s) => s.right)?.format;
  return {
    width,
    height: 260,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    cursor: { drag: { x: false, y: false } },
    legend: { live: true },
    scales: { x: { time: true }, left: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [
      { values: (_u, ticks) => ticks.map((t) => dayLabel.format(new Date(t * 1000))), stroke: '#4b5563' },
      {
        scale: 'left',
        stroke: '#4b5563',
        size: 80,
        values: (_u, ticks) => ticks.map((t) => (leftFormat ? leftFormat(t) : String(t))),
        grid: { stroke: '#e5e7eb' },
      },
      ...(rightFormat
        ? [
            {
              scale: 'right',
              side: 1,
              stroke: '#4b5563',
              size: 60,
              values: (_u: uPlot, ticks: number[]) => ticks.map((t) => rightFormat(t)),
              grid: { show: false },
            },
          ]
        : []),
    ],
    series: [
      { value: (_u, ts) => (ts == null ? '—' : dayLabel.format(new Date(ts * 1000))) },
      ...series.map(
        (s): uPlot.Series => ({
          label: s.label,
          scale: scaleOf(s),
          stroke: s.color,
          width: 2,
          fill: s.bars ? `${s.color}55` : undefined,
          paths: s.bars ? uPlot.paths.bars!({ size: [0.6, 40] }) : undefined,
          points: { show: false },
          value: (_u, v) => (v == null ? '—' : s.format(v)),
        }),
      ),
    ],
  };
}

/** A day-by-day chart (uPlot on a canvas); its text alternative is the caller's (summary and table). */
export default function TimeChart({ days, series }: { days: string[]; series: ChartSeries[] }) {
  const box = useRef<HTMLDivElement>(null);
  // Redrawn when the numbers change, not on every render of the page around it.
  const key = JSON.stringify([days, series.map((s) => [s.label, s.values])]);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const data: uPlot.AlignedData = [days.map(seconds), ...series.map((s) => s.values)];
    const plot = new uPlot(options(element.clientWidth || 600, series), data, element);
    const resize = new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height: 260 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [key]);
  return <div ref={box} class="chart-canvas" aria-hidden="true" />;
}
