import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartType,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { useEffect, useRef } from "preact/hooks";

// Only what the dashboard draws, so the bundle carries no unused chart types.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

export interface Series {
  label: string;
  values: (number | null)[];
  color: string;
}

const format = (value: number | null) =>
  value === null ? "–" : Number.isInteger(value) ? String(value) : value.toFixed(1);

/**
 * A chart (Chart.js on a canvas) with its figures beside it as a table: the table is what screen
 * readers and the tests read, the canvas what people look at.
 */
export function ChartFigure({
  id,
  title,
  type,
  labels,
  series,
  stacked = false,
  horizontal = false,
  rowLabel = "Day",
}: {
  id: string;
  title: string;
  type: Extract<ChartType, "line" | "bar">;
  labels: string[];
  series: Series[];
  stacked?: boolean;
  horizontal?: boolean;
  rowLabel?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type,
      data: {
        labels,
        datasets: series.map((s) => ({
          label: s.label,
          data: s.values,
          borderColor: s.color,
          backgroundColor: s.color,
          spanGaps: true,
          tension: 0.25,
        })),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: horizontal ? "y" : "x",
        plugins: { legend: { display: series.length > 1, position: "bottom" } },
        scales: { x: { stacked }, y: { stacked, beginAtZero: true } },
      },
    });
    return () => chart.destroy();
  }, [type, labels, series, stacked, horizontal]);
  return (
    <figure class="chart card" data-chart={id} aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <div class="canvas-box">
        <canvas ref={canvas} role="img" aria-label={`${title}: chart; the figures are in the table below`} />
      </div>
      <details>
        <summary>Figures</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{rowLabel}</th>
              {series.map((s) => (
                <th key={s.label} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, row) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {series.map((s) => (
                  <td key={s.label}>{format(s.values[row] ?? null)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
