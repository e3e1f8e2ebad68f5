import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { Bar } from 'react-chartjs-2';

/*
 * chart.js (maintained, canvas, tree-shakable) through react-chartjs-2 (its
 * React binding, which updates the chart in place when data change). Only
 * what bar charts use is registered, so the statistics chunk carries just
 * that; the page is lazy, so no other page loads chart.js at all.
 */
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface StatsSeries {
  label: string;
  data: number[];
  color: string;
}

export interface StatsChartProps {
  /** What the chart shows: the canvas's accessible name (the numbers are in the table beside it). */
  title: string;
  labels: string[];
  series: StatsSeries[];
  /** Bars along the y axis: long labels (reply titles, agent names) stay readable. */
  horizontal?: boolean;
  testid: string;
}

let canvasSupport: boolean | undefined;
/**
 * Whether this page can draw on a canvas: not where canvas reading is blocked
 * by a privacy setting, nor in happy-dom (the unit tests), where chart.js
 * would fail to acquire a context and then throw on its next resize.
 */
function canDraw(): boolean {
  canvasSupport ??= document.createElement('canvas').getContext('2d') !== null;
  return canvasSupport;
}

/**
 * A bar chart, kept thin: everything it shows is also in the table beside
 * it, which is what screen readers and the tests read. Where no canvas can
 * be drawn, the table is all there is and the chart's box stays empty.
 */
export function StatsChart({ title, labels, series, horizontal = false, testid }: StatsChartProps) {
  const height = horizontal ? Math.max(120, labels.length * 26 + 40) : 220;
  if (!canDraw()) return <div className="stats-chart" data-testid={testid} data-chart="none" />;
  return (
    <div className="stats-chart" style={{ height }} data-testid={testid} data-chart="bar">
      <Bar
        role="img"
        aria-label={title}
        data={{ labels, datasets: series.map((s) => ({ label: s.label, data: s.data, backgroundColor: s.color, maxBarThickness: 28 })) }}
        options={{
          indexAxis: horizontal ? 'y' : 'x',
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: series.length > 1 } },
          scales: { [horizontal ? 'x' : 'y']: { beginAtZero: true, ticks: { precision: 0 } } },
        }}
      />
    </div>
  );
}
