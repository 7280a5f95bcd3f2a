import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

// Only the parts the view draws: Chart.js is tree-shaken to lines and bars.
Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface Series {
  label: string;
  /** A share (0–1) shown as a percentage, or null where nothing was counted. */
  values: (number | null)[];
}

const palette = ['#0b57d0', '#b3261e', '#146c2e', '#7c4dff'];
const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)} %`);

/**
 * A chart of shares (Chart.js on a canvas) with what a screen reader needs: the canvas is an image
 * with a label, and the same figures are a table under it (in a disclosure), so no figure exists
 * only as pixels.
 */
export function ShareChart(props: { kind: 'line' | 'bar'; title: string; labels: string[]; series: Series[]; dataCaption: string; labelHeader: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: props.kind,
      data: {
        labels: props.labels,
        datasets: props.series.map((series, i) => ({
          label: series.label,
          data: series.values.map((value) => (value === null ? null : Math.round(value * 1000) / 10)),
          borderColor: palette[i % palette.length],
          backgroundColor: palette[i % palette.length],
          spanGaps: true,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { min: 0, max: 100, ticks: { callback: (value) => `${value} %` } } },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    return () => chart.destroy();
  }, [props.kind, props.labels.join(), JSON.stringify(props.series)]);
  return (
    <figure class="sp-figure">
      <figcaption class="sp-caption">{props.title}</figcaption>
      <div class="sp-canvas">
        <canvas ref={canvas} role="img" aria-label={props.title} />
      </div>
      <details>
        <summary>{props.dataCaption}</summary>
        <table class="sp-table">
          <thead>
            <tr>
              <th scope="col">{props.labelHeader}</th>
              {props.series.map((series) => (
                <th key={series.label} scope="col">
                  {series.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.labels.map((label, row) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {props.series.map((series) => (
                  <td key={series.label}>{percent(series.values[row] ?? null)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
