// The outcomes page's charts (recharts, imported by that page only, so no other page downloads
// it). recharts draws nothing on the server: every chart has its table next to it.
import {
  Area,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { SurvivalLine } from "~/modules/outcomes/publication";
import { monthsOf } from "~/modules/outcomes/outcome-tables";

const palette = ["#1d4e89", "#c0392b", "#2e7d32", "#8e44ad", "#d35400", "#00838f", "#6d4c41", "#546e7a"];

export type NamedLine = { name: string; line: SurvivalLine };

/**
 * Kaplan–Meier curves as steps, each with its 95% interval shaded and a tick where a business was
 * censored. Months on the x axis (days / 30.4375).
 */
export function SurvivalChart({ lines, label, xLabel, yLabel }: { lines: NamedLine[]; label: string; xLabel: string; yLabel: string }) {
  const shown = lines.filter((l) => l.line.status === "reported");
  const maxMonths = Math.max(12, ...shown.flatMap((l) => l.line.curve.map((p) => Math.ceil(monthsOf(p.day)))));
  return (
    <figure className="chart" aria-label={label}>
      <ResponsiveContainer width="100%" height={340}>
        <ComposedChart margin={{ top: 10, right: 20, bottom: 20, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="month" domain={[0, maxMonths]} allowDuplicatedCategory={false} label={{ value: xLabel, position: "insideBottom", offset: -10 }} />
          <YAxis type="number" domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} label={{ value: yLabel, angle: -90, position: "insideLeft" }} />
          <Tooltip formatter={(value) => (typeof value === "number" ? `${(value * 100).toFixed(1)}%` : String(value))} labelFormatter={(month) => `${Number(month).toFixed(1)}`} />
          <Legend verticalAlign="top" />
          {shown.map(({ name, line }, index) => {
            const color = palette[index % palette.length];
            const data = line.curve.map((p) => ({ month: monthsOf(p.day), survival: p.survival, band: [p.lower ?? p.survival, p.upper ?? p.survival] }));
            const last = line.curve[line.curve.length - 1];
            const ticks = line.censoredDays.map((day) => {
              const step = [...line.curve].reverse().find((p) => p.day <= day) ?? last;
              return { month: monthsOf(day), survival: step.survival };
            });
            return [
              <Area key={`${name}-band`} data={data} dataKey="band" type="stepAfter" stroke="none" fill={color} fillOpacity={0.15} legendType="none" isAnimationActive={false} name={`${name} 95%`} />,
              <Line key={`${name}-line`} data={data} dataKey="survival" type="stepAfter" stroke={color} strokeWidth={2} dot={false} isAnimationActive={false} name={name} />,
              <Scatter
                key={`${name}-ticks`}
                data={ticks}
                dataKey="survival"
                fill={color}
                legendType="none"
                isAnimationActive={false}
                shape={(props: { cx?: number; cy?: number }) => <line x1={props.cx} x2={props.cx} y1={(props.cy ?? 0) - 5} y2={(props.cy ?? 0) + 5} stroke={color} strokeWidth={1.5} />}
              />,
            ];
          })}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Bars by category, one series per measure (jobs in FTE, incomes in hryvnias). */
export function MeasureBarChart({ label, data, series }: { label: string; data: Array<Record<string, string | number | null>>; series: { key: string; name: string }[] }) {
  return (
    <figure className="chart" aria-label={label}>
      <ResponsiveContainer width="100%" height={280}>
        <BarChart data={data} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis />
          <Tooltip />
          <Legend verticalAlign="top" />
          {series.map((s, index) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} fill={palette[index % palette.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
